"""Every change made in the admin is recorded with who, when and what, shown as a diff, revertible."""

import datetime as dt

from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import InvolvementPeriod, ProgressReport, TaskStatusPeriod
from tests.admin.formdata import add_report_row, change_url, form_data
from tests.factories import make_law, make_source, make_task

FIRST_DEADLINE = dt.date(2025, 6, 30)
LATER_DEADLINE = dt.date(2025, 9, 30)


def move_deadline(client, task, deadline):
    data = form_data(client.get(change_url(task)))
    data["deadline"] = deadline.isoformat()
    response = client.post(change_url(task), data)
    assert response.status_code == 302
    task.refresh_from_db()


def test_every_tracker_model_is_in_the_admin_with_history():
    all_models = apps.get_app_config("resolutions").get_models()
    # Status periods and their involvement rows are derived from tasks and reports
    # (resolutions/status.py), never edited.
    derived = (TaskStatusPeriod, InvolvementPeriod)
    tracker_models = [
        model for model in all_models if not model.__name__.startswith("Historical") and model not in derived
    ]
    for model in tracker_models:
        assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), model
        assert hasattr(model, "history"), model


def test_a_change_is_recorded_with_who_when_and_what(editor_client, editor):
    task = make_task(deadline=FIRST_DEADLINE, precision=DatePrecision.QUARTER)

    move_deadline(editor_client, task, LATER_DEADLINE)

    latest, previous = task.history.all()[:2]
    assert (latest.history_type, latest.history_user) == ("~", editor)
    assert latest.history_date is not None
    delta = latest.diff_against(previous)
    assert [(change.field, change.old, change.new) for change in delta.changes] == [
        ("deadline", FIRST_DEADLINE, LATER_DEADLINE)
    ]


def test_an_editor_can_say_why_and_the_history_keeps_it(editor_client):
    task = make_task(deadline=FIRST_DEADLINE, precision=DatePrecision.QUARTER)
    data = form_data(editor_client.get(change_url(task)))
    data.update(deadline=LATER_DEADLINE.isoformat(), change_reason="Báo Chính phủ, 3 July: moved to Q3")

    assert editor_client.post(change_url(task), data).status_code == 302

    assert task.history.first().history_change_reason == "Báo Chính phủ, 3 July: moved to Q3"
    history_page = editor_client.get(reverse("admin:resolutions_task_history", args=[task.pk]))
    assert "Báo Chính phủ, 3 July: moved to Q3" in history_page.content.decode()


def test_a_too_long_change_reason_is_refused(editor_client):
    task = make_task()
    data = form_data(editor_client.get(change_url(task)))
    data.update(title="Not saved", change_reason="x" * 101)

    response = editor_client.post(change_url(task), data)

    assert "Ensure this value has at most 100 characters" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Not saved"


def test_the_history_page_shows_the_change_as_a_diff(editor_client):
    task = make_task(deadline=FIRST_DEADLINE, precision=DatePrecision.QUARTER)
    move_deadline(editor_client, task, LATER_DEADLINE)

    response = editor_client.get(reverse("admin:resolutions_task_history", args=[task.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "editor" in page
    diff = " ".join(page[page.index("<strong>Deadline:</strong>") :][:200].split())
    assert "2025-06-30 &nbsp;&rarr;&nbsp;&nbsp;2025-09-30" in diff


def test_a_revert_restores_the_earlier_version_including_its_laws(editor_client, editor):
    task = make_task(deadline=FIRST_DEADLINE, precision=DatePrecision.QUARTER, title="First title")
    original = task.history.get()
    law = make_law()
    data = form_data(editor_client.get(change_url(task)))
    data.update(title="Second title", deadline=LATER_DEADLINE.isoformat(), laws=[str(law.pk)])
    assert editor_client.post(change_url(task), data).status_code == 302
    task.refresh_from_db()
    assert (task.title, list(task.laws.all())) == ("Second title", [law])

    revert_url = reverse("admin:resolutions_task_simple_history", args=[task.pk, original.history_id])
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    response = editor_client.post(revert_url, form_data(revert_page))

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.deadline, list(task.laws.all())) == ("First title", FIRST_DEADLINE, [])
    latest = task.history.first()
    assert (latest.title, latest.history_user) == ("First title", editor)


def test_a_report_added_inline_is_recorded_with_its_editor(editor_client, editor):
    task = make_task(deadline=FIRST_DEADLINE, precision=DatePrecision.QUARTER)
    data = add_report_row(
        form_data(editor_client.get(change_url(task))),
        ReportStatus.IN_PROGRESS,
        "Drafting.",
        "2025-05-01",
        evidence_source=make_source().pk,
        evidence_excerpt="drafting has begun",
    )

    assert editor_client.post(change_url(task), data).status_code == 302

    record = ProgressReport.history.get()
    assert (record.history_type, record.history_user, record.task_id) == ("+", editor, task.pk)
