"""Every progress report carries its evidence, and one reason is carried to every record a form
saves; the record's own history says what was done inline."""

import datetime as dt

import pytest
from django.urls import reverse

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import Citation, ProgressReport
from tests.admin.formdata import add_inline_row, change_url, form_data
from tests.factories import make_citation, make_report, make_source, make_task

EVIDENCE_ERROR = "A progress report needs its evidence"


def report_row(**fields):
    return {
        "status": ReportStatus.IN_PROGRESS,
        "statement": "Drafting has begun.",
        "reported_on": "2025-05-01",
        "completed_on_precision": DatePrecision.NONE,
        **fields,
    }


def test_a_report_added_without_evidence_is_refused_with_a_message(editor_client):
    task = make_task(deadline=dt.date(2025, 6, 30), precision=DatePrecision.DAY)
    data = add_inline_row(form_data(editor_client.get(change_url(task))), "progress_reports", **report_row())

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    assert EVIDENCE_ERROR in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_source_without_its_excerpt_names_the_missing_half(editor_client):
    task = make_task()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))),
        "progress_reports",
        **report_row(evidence_source=make_source().pk),
    )

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["evidence_excerpt"] == ["Give both the source and the verbatim excerpt."]


def test_a_report_added_with_evidence_saves_its_citation_with_the_reason_and_the_task_history_says_so(editor_client):
    task = make_task()
    source = make_source()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))),
        "progress_reports",
        **report_row(evidence_source=source.pk, evidence_excerpt="drafting has begun"),
    )
    data["change_reason"] = "Ministry press release"

    assert editor_client.post(change_url(task), data).status_code == 302

    report = ProgressReport.objects.get(task=task)
    citation = Citation.objects.get(report=report)
    assert (citation.source, citation.excerpt) == (source, "drafting has begun")
    assert report.history.get().history_change_reason == "Ministry press release"
    assert citation.history.get().history_change_reason == "Ministry press release"
    task_version = task.history.order_by("-history_date").first()
    said = f"Ministry press release; progress report “{report.key}” added; citation “{citation.key}” added"
    # Cut to the history's 100 characters.
    assert task_version.history_change_reason == said[:99] + "…"


def test_the_reason_is_carried_to_citations_added_inline(editor_client):
    task = make_task()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))), "citations", source=make_source().pk, excerpt="to be done"
    )
    data["change_reason"] = "New article"

    assert editor_client.post(change_url(task), data).status_code == 302

    assert Citation.objects.get(task=task).history.get().history_change_reason == "New article"


def test_a_reports_last_citation_cannot_be_deleted_on_its_page(client, django_user_model):
    # Only superusers delete.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    report = make_report(make_task(), key="done")
    citation = make_citation(report=report)
    data = form_data(client.get(change_url(report)))
    data["citations-0-DELETE"] = "on"

    response = client.post(change_url(report), data)

    assert response.status_code == 200
    assert EVIDENCE_ERROR in response.content.decode()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_an_untouched_report_without_evidence_does_not_block_editing_its_task(editor_client):
    task = make_task()
    make_report(task, key="older")
    data = form_data(editor_client.get(change_url(task)))
    data["note"] = "Checked."

    assert editor_client.post(change_url(task), data).status_code == 302


@pytest.mark.usefixtures("curated")
def test_every_curated_report_has_at_least_one_citation_with_an_excerpt():
    reports = ProgressReport.objects.all()
    assert reports.exists()
    without = [report.key for report in reports if not report.citations.exclude(excerpt="").exists()]
    assert without == []


def test_the_history_page_is_translated_and_says_what_was_done_inline(editor_client):
    task = make_task()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))), "citations", source=make_source().pk, excerpt="to be done"
    )
    # The note is written in the editor's language when saving.
    assert editor_client.post(change_url(task), data, HTTP_ACCEPT_LANGUAGE="vi").status_code == 302
    history_url = reverse("admin:resolutions_task_history", args=[task.pk])

    html = editor_client.get(history_url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    for vietnamese in ("Đối tượng", "Người thay đổi", "Lý do thay đổi", "Nội dung thay đổi", "Đã thay đổi", "Chọn một"):
        assert vietnamese in html, vietnamese
    for english in (">Object<", ">Changed by<", ">Changes<", "Choose a date"):
        assert english not in html, english
    assert "Đã thêm trích dẫn “" in html  # the task's own version says a citation was added
