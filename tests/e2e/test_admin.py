"""An editor logs in to the admin in headless Chromium and records a completion."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.management import call_command

from resolutions.deadlines import ReportStatus, TaskStatus
from resolutions.models import Task

PASSWORD = "a-long-editor-passphrase-57"


def test_editor_logs_in_and_records_a_completion(curated_live_server, page, screenshot_dir):
    call_command("setup_roles", editor=["lan"], verbosity=0)
    editor = User.objects.get(username="lan")
    editor.set_password(PASSWORD)
    editor.save()
    task = Task.objects.with_status(dt.date.today()).filter(status=TaskStatus.OVERDUE).first()
    assert task is not None, "the curated data has an overdue task"
    reports_before = task.progress_reports.count()

    page.goto(f"{curated_live_server.url}/admin/resolutions/task/{task.pk}/change/")
    assert "/admin/login/" in page.url  # anonymous: sent to the login page first
    page.fill("#id_username", "lan")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#task_form")
    assert "overdue" in page.text_content(".field-status_today")

    page.click("#progress_reports-group .add-row a")
    row = reports_before  # the new row's index in the formset
    page.select_option(f"#id_progress_reports-{row}-status", ReportStatus.COMPLETED.value)
    page.fill(f"#id_progress_reports-{row}-statement", "The editor records the completion.")
    page.fill(f"#id_progress_reports-{row}-reported_on", dt.date.today().isoformat())
    page.fill(f"#id_progress_reports-{row}-completed_on", dt.date.today().isoformat())
    page.select_option(f"#id_progress_reports-{row}-completed_on_precision", "day")
    # Every report needs its evidence: a source and the verbatim excerpt.
    page.select_option(f"#id_progress_reports-{row}-evidence_source", index=1)
    page.fill(f"#id_progress_reports-{row}-evidence_excerpt", "the editor's source says it is done")
    page.click("input[name=_continue]")

    page.wait_for_selector(".messagelist .success")
    page.screenshot(path=str(screenshot_dir / "admin-task-completed.png"), full_page=True)
    assert "completed late" in page.text_content(".field-status_today")
    assert task.progress_reports.count() == reports_before + 1
    assert Task.objects.with_status(dt.date.today()).get(pk=task.pk).status == TaskStatus.COMPLETED_LATE
    assert task.history.first().history_user == editor
    assert task.progress_reports.latest("pk").history.first().history_user == editor
