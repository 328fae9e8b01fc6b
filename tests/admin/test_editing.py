"""Editors change tracker data through the admin: inline reports and citations, validation."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from resolutions.deadlines import DatePrecision, ReportStatus, TaskStatus
from resolutions.models import EXCERPT_MAX_LENGTH, Citation, Document, Meeting, ProgressReport, Task
from tests.admin.formdata import add_inline_row, add_report_row, change_url, form_data
from tests.factories import make_agency, make_citation, make_document, make_report, make_source, make_task

TODAY = dt.date.today()
PAST_QUARTER_END = dt.date(2025, 6, 30)


def test_editor_adds_a_completion_report_inline_and_the_status_changes(editor_client):
    task = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER)
    assert Task.objects.with_status(TODAY).get(pk=task.pk).status == TaskStatus.OVERDUE

    response = editor_client.get(change_url(task))
    assert "overdue" in response.content.decode()
    data = add_report_row(
        form_data(response),
        ReportStatus.COMPLETED,
        "The decree was issued.",
        "2025-06-20",
        "2025-06-15",
        evidence_source=make_source().pk,
        evidence_excerpt="the decree was issued on 15 June",
    )
    response = editor_client.post(change_url(task), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    report = ProgressReport.objects.get(task=task)
    assert report.key  # generated
    assert Task.objects.with_status(TODAY).get(pk=task.pk).status == TaskStatus.COMPLETED_ON_TIME
    listing = editor_client.get(reverse("admin:resolutions_task_changelist")).content.decode()
    assert "completed on time" in listing
    change_page = editor_client.get(change_url(task)).content.decode()
    assert "completed on time" in change_page


def test_editor_adds_a_citation_inline(editor_client):
    task = make_task()
    source = make_source()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))), "citations", source=source.pk, excerpt="Đúng hạn."
    )
    response = editor_client.post(change_url(task), data)

    assert response.status_code == 302
    citation = Citation.objects.get(task=task)
    assert (citation.source, citation.excerpt) == (source, "Đúng hạn.")


def test_deadline_that_does_not_fit_its_precision_is_refused_with_a_message(editor_client):
    task = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER)
    data = form_data(editor_client.get(change_url(task)))
    data["deadline"] = "2025-06-15"

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    assert "2025-06-15 does not fit precision" in response.content.decode()
    task.refresh_from_db()
    assert task.deadline == PAST_QUARTER_END
    assert task.history.count() == 1  # only the creation


def test_precision_none_with_a_date_is_refused(editor_client):
    task = make_task()
    data = form_data(editor_client.get(change_url(task)))
    data["deadline"] = "2025-06-30"

    response = editor_client.post(change_url(task), data)

    assert "must be empty; choose a precision" in response.content.decode()
    task.refresh_from_db()
    assert task.deadline is None


def test_completion_report_without_a_date_is_refused_and_nothing_is_saved(editor_client):
    task = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER)
    data = add_report_row(form_data(editor_client.get(change_url(task))), ReportStatus.COMPLETED, "Done.", "2025-06-20")
    data["title"] = "A changed title that must not be saved"

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    assert "A completion report needs its completion date." in response.content.decode()
    assert not ProgressReport.objects.exists()
    task.refresh_from_db()
    assert task.title != "A changed title that must not be saved"


def test_report_completed_after_it_was_reported_is_refused(editor_client):
    task = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER)
    data = add_report_row(
        form_data(editor_client.get(change_url(task))), ReportStatus.COMPLETED, "Done.", "2025-06-01", "2025-06-20"
    )

    response = editor_client.post(change_url(task), data)

    assert "Work cannot be reported complete before it was completed." in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("excerpt", "message"),
    [
        ("   ", "This field is required."),
        ("x" * (EXCERPT_MAX_LENGTH + 1), f"Ensure this value has at most {EXCERPT_MAX_LENGTH} characters"),
    ],
    ids=["blank", "too-long"],
)
def test_citation_without_a_usable_excerpt_is_refused(editor_client, excerpt, message):
    task = make_task()
    source = make_source()
    data = add_inline_row(
        form_data(editor_client.get(change_url(task))), "citations", source=source.pk, excerpt=excerpt
    )

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Citation.objects.exists()


def test_citation_without_a_subject_is_refused_on_its_own_page(editor_client):
    source = make_source()
    response = editor_client.post(
        reverse("admin:resolutions_citation_add"), {"source": source.pk, "excerpt": "An excerpt."}
    )

    assert response.status_code == 200
    assert "Choose exactly one of" in response.content.decode()
    assert not Citation.objects.exists()


def test_report_about_two_subjects_is_refused_on_its_own_page(editor_client):
    task, document = make_task(), make_document()
    response = editor_client.post(
        reverse("admin:resolutions_progressreport_add"),
        {
            "task": task.pk,
            "document": document.pk,
            "status": ReportStatus.IN_PROGRESS,
            "statement": "Ongoing.",
            "reported_on": "2025-03-01",
            "completed_on_precision": DatePrecision.NONE,
        },
    )

    assert response.status_code == 200
    assert "Choose exactly one of: task, law, document." in response.content.decode()
    assert not ProgressReport.objects.exists()


def document_add_data(**fields):
    return {
        "slug": "new-document",
        "kind": "decree",
        "title": "A new decree",
        "issued_on_precision": DatePrecision.NONE,
        **fields,
    }


def test_duplicate_document_code_is_refused(editor_client):
    make_document(code="57-NQ/TW")

    response = editor_client.post(reverse("admin:resolutions_document_add"), document_add_data(code="57-NQ/TW"))

    assert response.status_code == 200
    assert "The code 57-NQ/TW is already used by" in response.content.decode()
    assert Document.objects.count() == 1


def test_the_same_code_written_differently_is_refused_as_a_duplicate(editor_client):
    make_document(code="57-NQ/TW", slug="resolution-57")

    response = editor_client.post(reverse("admin:resolutions_document_add"), document_add_data(code="57/NQ-TW"))

    assert response.status_code == 200
    assert "already used by" in response.content.decode()
    assert "resolution-57" in response.content.decode()
    assert Document.objects.count() == 1


def test_document_issue_date_must_fit_its_precision(editor_client):
    response = editor_client.post(
        reverse("admin:resolutions_document_add"),
        document_add_data(code="9/NĐ-CP", issued_on="2025-05-15", issued_on_precision=DatePrecision.MONTH),
    )

    assert response.status_code == 200
    assert "2025-05-15 does not fit precision “month”" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_keeps_its_own_code_and_variants_when_edited(editor_client):
    document = make_document(code="57-NQ/TW", code_variants="57/NQ-TW\n57-NQ/TƯ")
    url = reverse("admin:resolutions_document_change", args=[document.pk])
    data = form_data(editor_client.get(url))
    data["title"] = "Renamed"

    response = editor_client.post(url, data)

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Renamed"


def test_editor_adds_a_task_with_a_quarter_deadline(editor_client):
    agency = make_agency()
    response = editor_client.post(
        reverse("admin:resolutions_task_add"),
        {
            "title": "Issue the decree on sandboxes",
            "slug": "sandbox-decree",
            "lead_agency": agency.pk,
            "deadline": "2025-09-30",
            "deadline_precision": DatePrecision.QUARTER,
            "deadline_as_stated": "in the third quarter of 2025",
            "progress_reports-TOTAL_FORMS": "0",
            "progress_reports-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    task = Task.objects.get(slug="sandbox-decree")
    assert (task.lead_agency, task.quarter) == (agency, "2025-Q3")


@pytest.mark.django_db
def test_the_database_refuses_what_the_forms_refuse():
    """Writes that skip the forms still cannot store what the forms refuse."""
    task = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            task=task, status=ReportStatus.COMPLETED, statement="Done.", reported_on=dt.date(2025, 6, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(deadline=dt.date(2025, 6, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_citation(task=task, excerpt="")


def test_change_page_links_to_the_public_page(editor_client):
    task = make_task()
    response = editor_client.get(change_url(task))
    assert "View on site" in response.content.decode()
    assert reverse("admin:view_on_site", args=[response.context["content_type_id"], task.pk]) in (
        response.content.decode()
    )


def test_search_ignores_tone_marks_and_finds_codes(editor_client):
    make_task(title="Sửa đổi Luật Khoa học và Công nghệ", slug="amend-st-law")
    make_task(title="Something else", slug="other", document=make_document(code="03/NQ-CP"))

    by_words = editor_client.get(reverse("admin:resolutions_task_changelist"), {"q": "luat khoa hoc"})
    by_code = editor_client.get(reverse("admin:resolutions_task_changelist"), {"q": "03-NQ/CP"})

    assert [task.slug for task in by_words.context["cl"].result_list] == ["amend-st-law"]
    assert [task.slug for task in by_code.context["cl"].result_list] == ["other"]


def test_task_list_filters_by_status_and_quarter(editor_client):
    overdue = make_task(deadline=PAST_QUARTER_END, precision=DatePrecision.QUARTER, slug="overdue")
    done = make_task(deadline=dt.date(2025, 9, 30), precision=DatePrecision.QUARTER, slug="done")
    make_report(done, completed_on=dt.date(2025, 9, 1))
    url = reverse("admin:resolutions_task_changelist")

    overdue_only = editor_client.get(url, {"status": TaskStatus.OVERDUE})
    in_q3 = editor_client.get(url, {"quarter": "2025-Q3"})

    assert list(overdue_only.context["cl"].result_list) == [overdue]
    assert list(in_q3.context["cl"].result_list) == [done]
    assert "2025-Q2" in in_q3.content.decode()  # offered as a filter choice


@pytest.mark.parametrize(
    ("parameter", "message"),
    [("quarter", "YYYY-QN"), ("status", "is not one of")],
)
def test_bad_filter_value_is_reported_not_ignored(editor_client, parameter, message):
    make_task(slug="t")
    url = reverse("admin:resolutions_task_changelist")

    response = editor_client.get(url, {parameter: "2025-Q9"}, follow=True)

    assert response.redirect_chain[0][0].endswith("?e=1")
    page = response.content.decode()
    assert "The filter in the address is not valid" in page
    assert message in page


def test_a_new_task_cannot_come_with_a_report_completed_before_its_assignment(editor_client):
    url = reverse("admin:resolutions_task_add")
    data = add_report_row(
        form_data(editor_client.get(url)) | {"title": "Pilot the sandbox", "slug": "pilot"},
        ReportStatus.COMPLETED,
        "Done.",
        "2026-09-15",
        "2026-09-15",
    )
    data.update(assigned_on="2026-10-01", deadline="2026-12-31", deadline_precision=DatePrecision.QUARTER)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    report_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert report_form.errors["completed_on"] == ["A task cannot be completed before it was assigned."]
    assert not Task.objects.exists()
    assert not ProgressReport.objects.exists()


def test_an_assignment_date_moved_past_a_report_in_the_same_submit_is_refused(editor_client):
    task = make_task(deadline=dt.date(2026, 12, 31), precision=DatePrecision.QUARTER, assigned_on=dt.date(2026, 8, 1))
    data = add_report_row(
        form_data(editor_client.get(change_url(task))), ReportStatus.COMPLETED, "Done.", "2026-09-15", "2026-09-15"
    )
    data["assigned_on"] = "2026-10-01"

    response = editor_client.post(change_url(task), data)

    assert response.status_code == 200
    report_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert report_form.errors["completed_on"] == ["A task cannot be completed before it was assigned."]
    assert not ProgressReport.objects.exists()
    task.refresh_from_db()
    assert task.assigned_on == dt.date(2026, 8, 1)


def test_a_code_variant_used_by_another_document_is_refused(editor_client):
    make_document(code="57-NQ/TW", slug="resolution-57")

    response = editor_client.post(
        reverse("admin:resolutions_document_add"),
        document_add_data(code="999/QĐ-TTg", code_variants="999/QD-TTg\n57/NQ-TW"),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "code" not in errors
    assert errors["code_variants"] == [
        "The code 57/NQ-TW is already used by “57-NQ/TW” (resolution-57), however it is written."
    ]
    assert Document.objects.count() == 1


def slug_or_key_records():
    task = make_task(slug="a-task")
    report = make_report(task, key="a-report")
    make_citation(report=report, key="a-report-citation")  # every report has its evidence
    return {
        "task": task,
        "agency": make_agency(slug="an-agency"),
        "report": report,
        "citation": make_citation(task=task, key="a-citation"),
    }


@pytest.mark.parametrize("name", ["task", "agency", "report", "citation"])
def test_the_slug_or_key_is_given_when_adding_and_fixed_once_saved(editor_client, name):
    record = slug_or_key_records()[name]
    natural_key = "slug" if hasattr(record, "slug") else "key"
    add_page = editor_client.get(reverse(f"admin:resolutions_{record._meta.model_name}_add"))
    assert natural_key in add_page.context["adminform"].form.fields
    url = reverse(f"admin:resolutions_{record._meta.model_name}_change", args=[record.pk])
    response = editor_client.get(url)
    assert natural_key not in response.context["adminform"].form.fields
    assert getattr(record, natural_key) in response.content.decode()  # shown, read-only

    response = editor_client.post(url, form_data(response) | {natural_key: "renamed"})

    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, natural_key) != "renamed"


def view_on_site_url(client, record):
    response = client.get(reverse(f"admin:resolutions_{record._meta.model_name}_change", args=[record.pk]))
    return response.context["absolute_url"] if response.context["has_absolute_url"] else None


def test_reports_citations_and_meetings_link_to_the_public_page_that_shows_them(editor_client):
    resolution = make_document(slug="resolution-57")
    meeting = Meeting.objects.create(slug="conference", name="Conference", concerns=resolution)
    task = make_task(slug="pilot")
    report = make_report(task, key="pilot-done")
    source = make_source(slug="daily")

    assert view_on_site_url(editor_client, report) == "/en/tasks/pilot/#pilot-done"
    assert view_on_site_url(editor_client, meeting) == "/en/documents/resolution-57/"
    assert view_on_site_url(editor_client, make_citation(source, report=report, key="c1")) == "/en/tasks/pilot/#c1"
    assert view_on_site_url(editor_client, make_citation(source, task=task, key="c2")) == "/en/tasks/pilot/#c2"
    # A meeting has no page of its own; its citations are listed on their source's.
    assert view_on_site_url(editor_client, make_citation(source, meeting=meeting, key="c3")) == "/en/sources/daily/#c3"
    assert view_on_site_url(editor_client, Meeting.objects.create(slug="other", name="Other")) is None
    # Its source's page lists 50 excerpts a page, in key order: the link names the page.
    for n in range(50):
        make_citation(source, task=task, key=f"b{n:02d}")
    later = make_citation(source, meeting=meeting, key="c4")
    assert view_on_site_url(editor_client, later) == "/en/sources/daily/?page=2#c4"
