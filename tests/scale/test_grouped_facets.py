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
from resolutions.models import Agency, Document, Law, Task, deadline_quarters
from tests.factories import make_task

TODAY = dt.date(2025, 9, 1)


def bind(query):
    return params.bind(QueryDict(query), TaskFilter, today=TODAY)


def facet_counts(query):
    bound = bind(query)
    return {
        name: {choice.value: choice.count for choice in choices}
        for name, choices in selectors.task_facets(bound).items()
    }


def counted_one_by_one(tasks, key):
    """Counter of slugs: ``key(task)`` gives the set of values a task counts for."""
    return Counter(value for task in tasks for value in key(task))


def agencies_of(task, role="any"):
    coordinating = task.coordinating_agencies.all() if role != "lead" else []
    return {agency.slug for agency in [task.lead_agency, *coordinating] if agency}


def documents_of(task):
    return {document.slug for document in [task.document, task.meeting and task.meeting.concerns] if document}


# What each filter of the queries below keeps, one task at a time.
KEEPS = {
    "agency": lambda task, slug, role: slug in agencies_of(task, role),
    "agency_role": lambda task, role: True,  # read by the agency filter
    "status": lambda task, status: task.status == status,
    "quarter": lambda task, quarter: quarter_of(task.deadline) == quarter,
    "document": lambda task, slug: slug in documents_of(task),
    "ordering": lambda task, ordering: True,
}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=overdue",
        "status=in_progress&quarter=2025-Q4",
        "ordering=-deadline",
        # Only filters whose fields the status periods copy: counted over the periods alone.
        "agency=gen-agency-3&status=overdue&quarter=2025-Q3",
        # A document, which the periods do not copy: counted over the tasks.
        "document=gen-document-2&status=overdue",
        # An agency alone, and the tasks it leads: its involvement rows name the tasks.
        "agency=gen-agency-3",
        "agency=gen-agency-3&agency_role=lead&status=overdue",
        "agency_role=lead&quarter=2025-Q3",
    ],
)
def test_facet_counts_match_the_tasks_counted_one_by_one(db, query):
    generate(300, today=TODAY, meeting_share=0.5)
    chosen = QueryDict(query)
    judged = list(
        Task.objects.judged_on(TODAY)
        .select_related("lead_agency", "document", "meeting__concerns")
        .prefetch_related("coordinating_agencies", "laws")
    )

    role = chosen.get("agency_role", "any")

    def keeps(task, name, value):
        return KEEPS[name](task, value, role) if name == "agency" else KEEPS[name](task, value)

    def matching(facet):
        """The tasks every chosen filter but ``facet`` keeps: what the facet counts over."""
        return [
            task for task in judged if all(keeps(task, name, value) for name, value in chosen.items() if name != facet)
        ]

    facets = facet_counts(query)
    agencies = counted_one_by_one(matching("agency"), lambda task: agencies_of(task, role))
    assert facets["agency"] == {slug: agencies[slug] for slug in Agency.objects.values_list("slug", flat=True)}
    documents = counted_one_by_one(matching("document"), documents_of)
    assert facets["document"] == {slug: documents[slug] for slug in Document.objects.values_list("slug", flat=True)}
    laws = counted_one_by_one(matching("law"), lambda task: {law.slug for law in task.laws.all()})
    assert facets["law"] == {slug: laws[slug] for slug in Law.objects.values_list("slug", flat=True)}
    quarters = Counter(quarter_of(task.deadline) for task in matching("quarter") if task.deadline)
    assert {quarter: count for quarter, count in facets["quarter"].items() if count} == dict(quarters)
    statuses = Counter(task.status for task in matching("status"))
    assert {status: count for status, count in facets["status"].items() if count} == dict(statuses)
    # The list's count, from the stored rows when only filters they copy narrow, is the tasks'.
    count = selectors.matching_count(bind(query))
    counts_tasks = query in ("", "ordering=-deadline") or "document" in chosen
    assert (count is None) == counts_tasks
    assert count in (None, len(matching(None)))
    # Each query leaves some tasks to count, and the agency facet counts each for every role
    # (with agency_role=lead, each task that has a lead agency, once).
    assert sum(facets["agency"].values()) >= len([task for task in matching(None) if agencies_of(task, role)]) > 0


def test_the_quarter_choices_are_every_quarter_with_a_deadline(db):
    generate(120, today=TODAY)
    # Deadlines on both sides of quarter and year boundaries, one far off, one quarter skipped.
    for deadline in ["2025-03-31", "2025-04-01", "2025-12-31", "2026-01-01", "2027-09-30", "2045-12-31"]:
        make_task(deadline=dt.date.fromisoformat(deadline))
    expected = {quarter_of(deadline) for deadline in Task.objects.values_list("deadline", flat=True) if deadline}
    assert {"2025-Q1", "2025-Q2", "2025-Q4", "2026-Q1", "2027-Q3", "2045-Q4"} <= expected
    assert deadline_quarters() == expected
    assert [choice.value for choice in selectors.task_facets(bind(""))["quarter"]] == sorted(expected)
