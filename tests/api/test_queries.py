"""Query counts per request are pinned and do not grow with the page size."""

import datetime as dt

import pytest
from django.core.cache import cache

from bench.generate import generate
from resolutions.models import (
    Citation,
    Figure,
    FigureUnit,
    LawReviewList,
    Task,
    newest_information_on,
)
from tests.factories import make_agency, make_citation, make_document, make_law


@pytest.fixture
def many_tasks(db):
    """300 generated tasks (``bench/generate.py``), each assigned at a meeting and reported on by
    2025-06-01, with agencies, laws and citations; made in bulk, so they have no history (the
    few records made by factories do). Plus 100 figures and a review list."""
    generated = generate(300, today=dt.date(2025, 6, 1), reported_share=1.0, meeting_share=1.0)
    documents, source = generated.documents, generated.source
    LawReviewList.objects.create(slug="28-laws", name="28 laws", document=documents[0], declared_count=28)
    figures = Figure.objects.bulk_create(
        Figure(slug=f"figure-{n}", label=f"Figure {n}", value=n, unit=FigureUnit.LAWS, document=documents[n % 3])
        for n in range(100)
    )
    Citation.objects.bulk_create(
        Citation(key=f"figure-citation-{n}", source=source, excerpt=f"{n} laws.", figure=figure)
        for n, figure in enumerate(figures)
    )
    for record in [make_agency(), make_law(), make_document()]:
        make_citation(source, excerpt=f"About {record.slug}.", **{record._meta.model_name: record})


# Expect 8 queries: the newest information's date (the default as_of; read once per data version,
# and every test starts with an empty cache), count, tasks with lead agency, document and meeting
# with its convener, then prefetches of coordinating agencies, laws, progress reports known on
# as_of and citations with their sources, then the latest history date (Last-Modified).
TASK_LIST_QUERIES = 8


@pytest.mark.parametrize("page_size", [10, 100])
def test_task_list_queries_do_not_grow_with_page_size(client, many_tasks, django_assert_num_queries, page_size):
    with django_assert_num_queries(TASK_LIST_QUERIES):
        response = client.get("/api/tasks/", {"page_size": page_size})
    results = response.json()["results"]
    assert len(results) == page_size
    assert all(task["meeting"]["convened_by"] and task["progress_reports"] for task in results)


def test_filtered_task_list_adds_one_query_per_slug_looked_up(client, many_tasks, django_assert_num_queries):
    # The lead agency and a law of a generated task overdue on the default date (the newest
    # information's), so the filtered page is not empty.
    task = Task.objects.overdue(newest_information_on()).filter(
        deadline__gte=dt.date(2025, 1, 1), laws__isnull=False, lead_agency__isnull=False
    )[0]
    agency, law = task.lead_agency.slug, task.laws.first().slug
    # Expect 2 more: the agency and the law named by slug.
    with django_assert_num_queries(TASK_LIST_QUERIES + 2):
        response = client.get(
            "/api/tasks/",
            {"agency": agency, "law": law, "quarter_from": "2025-Q1", "status": "overdue", "page_size": 100},
        )
    assert response.json()["count"] > 0


def test_task_csv_of_all_300_tasks_is_one_chunk_of_rows(client, many_tasks, django_assert_num_queries):
    # Expect 5 queries: the newest information's date (the default as_of), the history date
    # (Last-Modified); then, as the CSV streams, the tasks with lead agency and document, their
    # coordinating agencies, their laws (one chunk of rows).
    with django_assert_num_queries(5):
        response = client.get("/api/tasks/", {"format": "csv"})
        content = b"".join(response.streaming_content)
    assert content.decode("utf-8-sig").count("\n") == 301


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # the newest information's date (the laws' stage is judged on the default as_of), count,
        # laws, review lists, progress reports, citations+sources, history (listed, a law links
        # to its tasks)
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
        cache.clear()  # each request reads the newest information's date, where it needs it
        with django_assert_num_queries(queries):
            assert client.get(path, {"page_size": page_size}).status_code == 200


def test_task_detail_queries_are_pinned(client, many_tasks, django_assert_num_queries):
    slug = Task.objects.first().slug
    # Expect 7 queries: the newest information's date (which no_report_since_deadline compares
    # with), the task with its status and meeting, the four prefetches, the history date.
    with django_assert_num_queries(7):
        task = client.get(f"/api/tasks/{slug}/", {"as_of": "2025-06-01"}).json()
    assert task["meeting"]["convened_by"]
    assert task["progress_reports"]
