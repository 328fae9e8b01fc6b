"""Query counts per request are pinned and do not grow with the page size."""

import datetime as dt

import pytest

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import (
    Agency,
    Citation,
    Figure,
    FigureUnit,
    Law,
    LawReviewList,
    Meeting,
    ProgressReport,
    Task,
)
from tests.factories import make_agency, make_citation, make_document, make_law, make_source


@pytest.fixture
def many_tasks(db):
    """300 tasks, each assigned at a meeting, with a lead and two coordinating agencies, a law, a
    report and a citation; made in bulk, so they have no history (the few records made by
    factories do)."""
    agencies = [make_agency() for _ in range(5)]
    laws = [make_law() for _ in range(3)]
    resolution = make_document(slug="resolution-57")
    documents = [make_document(implements=resolution) for _ in range(3)]
    source = make_source()
    meeting = Meeting.objects.create(slug="conference", name="Conference", convened_by=agencies[0])
    LawReviewList.objects.create(slug="28-laws", name="28 laws", document=documents[0], declared_count=28)
    tasks = Task.objects.bulk_create(
        Task(
            slug=f"bulk-task-{n}",
            title=f"Bulk task {n}",
            deadline=dt.date(2025, 1 + n % 12, 28),
            deadline_precision=DatePrecision.DAY,
            lead_agency=agencies[n % 5],
            document=documents[n % 3],
            meeting=meeting,
        )
        for n in range(300)
    )
    Task.coordinating_agencies.through.objects.bulk_create(
        Task.coordinating_agencies.through(task=task, agency=agencies[(n + shift) % 5])
        for n, task in enumerate(tasks)
        for shift in (1, 2)
    )
    Task.laws.through.objects.bulk_create(Task.laws.through(task=task, law=laws[n % 3]) for n, task in enumerate(tasks))
    ProgressReport.objects.bulk_create(
        ProgressReport(
            key=f"bulk-report-{n}",
            task=task,
            status=ReportStatus.IN_PROGRESS,
            statement="Reported.",
            reported_on=dt.date(2025, 1, 15),
        )
        for n, task in enumerate(tasks)
    )
    Citation.objects.bulk_create(
        Citation(key=f"bulk-citation-{n}", source=source, excerpt=f"Excerpt {n}.", task=task)
        for n, task in enumerate(tasks)
    )
    figures = Figure.objects.bulk_create(
        Figure(slug=f"figure-{n}", label=f"Figure {n}", value=n, unit=FigureUnit.LAWS, document=documents[n % 3])
        for n in range(100)
    )
    Citation.objects.bulk_create(
        Citation(key=f"figure-citation-{n}", source=source, excerpt=f"{n} laws.", figure=figure)
        for n, figure in enumerate(figures)
    )
    for record in [*agencies, *laws, *documents]:
        make_citation(source, excerpt=f"About {record.slug}.", **{record._meta.model_name: record})


# Expect 7 queries: count, tasks with lead agency, document and meeting with its convener, then
# prefetches of coordinating agencies, laws, progress reports known on as_of and citations with
# their sources, then the latest history date (Last-Modified).
TASK_LIST_QUERIES = 7


@pytest.mark.parametrize("page_size", [10, 100])
def test_task_list_queries_do_not_grow_with_page_size(client, many_tasks, django_assert_num_queries, page_size):
    with django_assert_num_queries(TASK_LIST_QUERIES):
        response = client.get("/api/tasks/", {"page_size": page_size})
    results = response.json()["results"]
    assert len(results) == page_size
    assert all(task["meeting"]["convened_by"] and task["progress_reports"] for task in results)


def test_filtered_task_list_adds_one_query_per_slug_looked_up(client, many_tasks, django_assert_num_queries):
    agency, law = Agency.objects.first().slug, Law.objects.first().slug
    # Expect 2 more: the agency and the law named by slug.
    with django_assert_num_queries(TASK_LIST_QUERIES + 2):
        response = client.get(
            "/api/tasks/",
            {"agency": agency, "law": law, "quarter_from": "2025-Q1", "status": "overdue", "page_size": 100},
        )
    assert response.json()["count"] > 0


def test_task_csv_of_all_300_tasks_is_one_chunk_of_rows(client, many_tasks, django_assert_num_queries):
    # Expect 4 queries: the history date (Last-Modified); then, as the CSV streams, the tasks
    # with lead agency and document, their coordinating agencies, their laws (one chunk of rows).
    with django_assert_num_queries(4):
        response = client.get("/api/tasks/", {"format": "csv"})
        content = b"".join(response.streaming_content)
    assert content.decode("utf-8-sig").count("\n") == 301


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # count, laws, review lists, tasks, progress reports, citations+sources, history
        ("/api/laws/", 7),
        # count, lists+document, laws, citations+sources, history
        ("/api/review-lists/", 5),
        # documents by pk (for chains), count, documents+agency+parent, implementing documents,
        # citations+sources, history
        ("/api/documents/", 6),
        # count, figures+document, citations+sources, history
        ("/api/figures/", 4),
        # count, agencies+parent+predecessor, citations+sources, history
        ("/api/agencies/", 4),
        # count, sources with citation counts, history
        ("/api/sources/", 3),
        # count, reports+task+law+document, citations+sources, history
        ("/api/reports/", 4),
    ],
)
def test_other_lists_have_pinned_query_counts(client, many_tasks, django_assert_num_queries, path, queries):
    for page_size in (1, 100):
        with django_assert_num_queries(queries):
            assert client.get(path, {"page_size": page_size}).status_code == 200


def test_task_detail_queries_are_pinned(client, many_tasks, django_assert_num_queries):
    slug = Task.objects.first().slug
    # Expect 6 queries: the task with its status and meeting, the four prefetches, the history date.
    with django_assert_num_queries(6):
        task = client.get(f"/api/tasks/{slug}/", {"as_of": "2025-06-01"}).json()
    assert task["meeting"]["convened_by"]
    assert task["progress_reports"]
