"""Admin pages keep a flat query count however many rows there are."""

import datetime as dt

import pytest
from django.urls import reverse

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import Agency, Citation, Document, Law, LawReviewList, ProgressReport, Source, Task
from tests.factories import make_agency, make_document, make_law, make_source

QUARTER_ENDS = [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2026, 12, 31)]

# Every editor's page starts with 4 queries: session, user, the user's own and group permissions.
# Then the change list's own: filtered count, total count, rows (related columns joined, evidence
# counted in the same query), the date hierarchy's range and years, and one per filter's choices.
CHANGELIST_MAX_QUERIES = {
    Task: 12,  # 4 + lead agencies, quarters, documents, counts x2, rows, deadline range and years
    Source: 10,  # 4 + counts x2, rows, publication range and years, publishers
    Agency: 7,  # 4 + counts x2, rows
    Document: 10,  # 4 + issuing agencies, counts x2, rows, issue range and years
    Law: 8,  # 4 + review lists, counts x2, rows
    LawReviewList: 7,  # 4 + counts x2, rows
    ProgressReport: 9,  # 4 + counts x2, rows, report range and years
    Citation: 8,  # 4 + sources, counts x2, rows
}


def generate(task_count):
    """Tasks with everything a change list shows: agencies, documents, laws, reports, citations."""
    sources = [make_source() for _ in range(5)]
    agencies = [make_agency() for _ in range(5)]
    documents = [make_document(issuing_agency=agencies[n], issued_on_precision=DatePrecision.NONE) for n in range(3)]
    laws = [make_law() for _ in range(4)]
    review_list = LawReviewList.objects.create(
        slug="review-list", name="Laws to review", document=documents[0], declared_count=28
    )
    review_list.laws.set(laws)
    # bulk_create: a few hundred rows in a handful of queries (no history rows, none needed here).
    tasks = Task.objects.bulk_create(
        Task(
            slug=f"generated-task-{n}",
            title=f"Generated task {n}",
            deadline=QUARTER_ENDS[n % 4],
            deadline_precision=DatePrecision.QUARTER,
            lead_agency=agencies[n % 5],
            document=documents[n % 3],
        )
        for n in range(task_count)
    )
    Task.coordinating_agencies.through.objects.bulk_create(
        Task.coordinating_agencies.through(task=task, agency=agencies[(n + 1) % 5]) for n, task in enumerate(tasks)
    )
    Task.laws.through.objects.bulk_create(Task.laws.through(task=task, law=laws[n % 4]) for n, task in enumerate(tasks))
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            key=f"generated-report-{n}",
            task=task,
            status=ReportStatus.COMPLETED if n % 2 else ReportStatus.IN_PROGRESS,
            statement="Reported.",
            reported_on=dt.date(2025, 5, 1),
            completed_on=dt.date(2025, 5, 1) if n % 2 else None,
            completed_on_precision=DatePrecision.DAY if n % 2 else DatePrecision.NONE,
        )
        for n, task in enumerate(tasks)
    )
    Citation.objects.bulk_create(
        [
            *(
                Citation(key=f"generated-task-citation-{n}", source=sources[n % 5], excerpt="An excerpt.", task=task)
                for n, task in enumerate(tasks)
            ),
            *(
                Citation(key=f"generated-report-citation-{n}", source=sources[n % 5], excerpt="Cited.", report=report)
                for n, report in enumerate(reports)
            ),
        ]
    )


@pytest.mark.parametrize("task_count", [5, 300])
@pytest.mark.parametrize("model", list(CHANGELIST_MAX_QUERIES), ids=lambda model: model.__name__)
def test_change_lists_stay_flat(editor_client, django_assert_max_num_queries, model, task_count):
    generate(task_count)
    url = reverse(f"admin:resolutions_{model._meta.model_name}_changelist")

    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES[model]):
        response = editor_client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(model.objects.count(), 50)


@pytest.mark.parametrize("task_count", [5, 300])
def test_filtered_task_list_stays_flat(editor_client, django_assert_max_num_queries, task_count):
    generate(task_count)
    url = reverse("admin:resolutions_task_changelist")
    agency = Agency.objects.first()

    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES[Task]):
        response = editor_client.get(
            url, {"status": "overdue", "quarter": "2025-Q2", "lead_agency__id__exact": agency.pk, "q": "task"}
        )

    assert response.status_code == 200
    assert (
        response.context["cl"].result_count
        == Task.objects.overdue(dt.date.today()).filter(lead_agency=agency, deadline=dt.date(2025, 6, 30)).count()
    )


# The task's page (one report, one citation): 4 + the task, its agencies and laws for the
# autocomplete widgets (coordinating agencies, laws, lead agency, document), the two inline
# formsets' rows, and the selected source of each citation row's autocomplete widget: bounded by
# the task's own rows, never by the size of the tables.
TASK_PAGE_MAX_QUERIES = 14


@pytest.mark.parametrize("task_count", [5, 300])
def test_task_page_stays_flat(editor_client, django_assert_max_num_queries, task_count):
    generate(task_count)
    task = Task.objects.first()
    assert (task.citations.count(), task.progress_reports.count()) == (1, 1)

    with django_assert_max_num_queries(TASK_PAGE_MAX_QUERIES):
        response = editor_client.get(reverse("admin:resolutions_task_change", args=[task.pk]))

    assert response.status_code == 200
