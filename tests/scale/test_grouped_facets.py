"""The task list's facet counts, now grouped in SQL, say exactly what choosing each value would
show: checked against the tasks themselves, counted one by one in Python, on generated data."""

import datetime as dt
from collections import Counter

import pytest
from django.http import QueryDict

from bench.generate import generate
from resolutions import params, selectors
from resolutions.deadlines import quarter_of
from resolutions.filters import TaskFilter
from resolutions.models import Agency, Document, Law, Task

TODAY = dt.date(2025, 9, 1)


def facet_counts(query):
    bound = params.bind(QueryDict(query), TaskFilter, today=TODAY)
    return {
        name: {choice.value: choice.count for choice in choices}
        for name, choices in selectors.task_facets(bound).items()
    }


def counted_one_by_one(tasks, key):
    """Counter of slugs: ``key(task)`` gives the set of values a task counts for."""
    return Counter(value for task in tasks for value in key(task))


@pytest.mark.parametrize("query", ["", "status=overdue", "status=in_progress&quarter=2025-Q4", "ordering=-deadline"])
def test_facet_counts_match_the_tasks_counted_one_by_one(db, query):
    generate(300, today=TODAY, meeting_share=0.5)
    chosen = QueryDict(query)
    tasks = [
        task
        for task in Task.objects.judged_on(TODAY)
        .select_related("lead_agency", "document", "meeting__concerns")
        .prefetch_related("coordinating_agencies", "laws")
        if (not chosen.getlist("status") or task.status in chosen.getlist("status"))
        and (not chosen.get("quarter") or quarter_of(task.deadline) == chosen["quarter"])
    ]
    facets = facet_counts(query)

    def only_status(task):
        return not chosen.getlist("status") or task.status in chosen.getlist("status")

    agencies = counted_one_by_one(
        tasks,
        lambda task: {agency.slug for agency in [task.lead_agency, *task.coordinating_agencies.all()] if agency},
    )
    assert facets["agency"] == {slug: agencies[slug] for slug in Agency.objects.values_list("slug", flat=True)}
    documents = counted_one_by_one(
        tasks,
        lambda task: {
            document.slug for document in [task.document, task.meeting and task.meeting.concerns] if document
        },
    )
    assert facets["document"] == {slug: documents[slug] for slug in Document.objects.values_list("slug", flat=True)}
    laws = counted_one_by_one(tasks, lambda task: {law.slug for law in task.laws.all()})
    assert facets["law"] == {slug: laws[slug] for slug in Law.objects.values_list("slug", flat=True)}
    # The status and quarter facets ignore their own filter.
    by_quarter = [task for task in Task.objects.judged_on(TODAY) if only_status(task)]
    quarters = Counter(quarter_of(task.deadline) for task in by_quarter if task.deadline)
    assert {quarter: count for quarter, count in facets["quarter"].items() if count} == dict(quarters)
    assert sum(facets["agency"].values()) >= len(tasks) > 0
    # With no filter but the status, the status facet counts the periods alone; otherwise, joined.
    by_status = [
        task
        for task in Task.objects.judged_on(TODAY)
        if not chosen.get("quarter") or quarter_of(task.deadline) == chosen["quarter"]
    ]
    assert {status: count for status, count in facets["status"].items() if count} == Counter(
        task.status for task in by_status
    )
