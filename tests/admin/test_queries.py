"""Admin pages keep a flat query count however many rows there are."""

import datetime as dt

import pytest
from django.db.models import Count
from django.urls import reverse

from bench.generate import generate as generate_tasks
from resolutions.models import Agency, Citation, Document, Law, LawReviewList, ProgressReport, Source, Task

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
    """Tasks with everything a change list shows (``bench/generate.py``): agencies, documents,
    laws, reports, citations; and a review list."""
    generated = generate_tasks(task_count, today=dt.date(2025, 6, 1), reported_share=1.0)
    review_list = LawReviewList.objects.create(
        slug="review-list", name="Laws to review", document=generated.documents[0], declared_count=28
    )
    review_list.laws.set(generated.laws)


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
        == Task.objects.overdue(dt.date.today()).filter(lead_agency=agency).due_in("2025-Q2").count()
    )


# The task's page (one report, one citation): 4 + the task, its agencies and laws for the
# autocomplete widgets (coordinating agencies, laws, lead agency, document), the two inline
# formsets' rows, the selected source of each citation row's autocomplete widget, and the sources
# offered once for the reports' evidence: bounded by the task's own rows, never by the size of the
# tables.
TASK_PAGE_MAX_QUERIES = 15


@pytest.mark.parametrize("task_count", [5, 300])
def test_task_page_stays_flat(editor_client, django_assert_max_num_queries, task_count):
    generate(task_count)
    task = Task.objects.annotate(reports=Count("progress_reports")).filter(reports=1, meeting=None).first()
    assert (task.citations.count(), task.progress_reports.count()) == (1, 1)

    with django_assert_max_num_queries(TASK_PAGE_MAX_QUERIES):
        response = editor_client.get(reverse("admin:resolutions_task_change", args=[task.pk]))

    assert response.status_code == 200
