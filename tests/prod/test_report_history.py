"""The history page of a progress report opens, for a report added in the admin (issue 12)."""

import datetime as dt

import pytest
from django.urls import reverse

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import ProgressReport
from tests.admin.conftest import editor, editor_client, fast_password_hashing  # noqa: F401
from tests.admin.formdata import add_inline_row, form_data
from tests.factories import make_source, make_task


def add_inline(client, task):
    task_url = reverse("admin:resolutions_task_change", args=[task.pk])
    data = add_inline_row(
        form_data(client.get(task_url)),
        "progress_reports",
        status=ReportStatus.IN_PROGRESS,
        statement="Drafting.",
        reported_on="2025-05-01",
        completed_on_precision=DatePrecision.NONE,
        evidence_source=make_source().pk,
        evidence_excerpt="drafting has begun",
    )
    assert client.post(task_url, data).status_code == 302


def add_on_its_own_page(client, task):
    add_url = reverse("admin:resolutions_progressreport_add")
    data = form_data(client.get(add_url))
    data.update(
        task=str(task.pk),
        status=ReportStatus.IN_PROGRESS,
        statement="Drafting.",
        reported_on="2025-05-01",
        completed_on_precision=DatePrecision.NONE,
    )
    # Every report needs its evidence: the first citation row of the report's own page.
    add_inline_row(data, "citations", source=make_source().pk, excerpt="drafting has begun")
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize("add", [add_inline, add_on_its_own_page])
@pytest.mark.parametrize("as_superuser", [False, True])
def test_the_history_page_of_a_report_added_in_the_admin_opens(client, editor, add, as_superuser):  # noqa: F811
    if as_superuser:
        editor.is_superuser = True
        editor.save()
    client.force_login(editor)
    task = make_task(deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER)
    add(client, task)
    report = ProgressReport.objects.get(task=task)

    response = client.get(reverse("admin:resolutions_progressreport_history", args=[report.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("add", [add_inline, add_on_its_own_page])
def test_the_history_page_opens_on_the_curated_data(client, editor, curated, add):  # noqa: F811
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    task = make_task(deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER)
    add(client, task)
    for report in ProgressReport.objects.all():
        response = client.get(reverse("admin:resolutions_progressreport_history", args=[report.pk]))
        assert response.status_code == 200, report.key
