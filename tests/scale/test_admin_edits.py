"""An edit in the admin shows at once on the public site and API: stored status periods and the
response cache both follow it."""

import datetime as dt

from resolutions.deadlines import DatePrecision, ReportStatus
from tests.admin.conftest import editor, editor_client, fast_password_hashing  # noqa: F401 (fixtures)
from tests.admin.formdata import add_report_row, change_url, form_data
from tests.factories import make_source, make_task

AS_OF = "2025-08-01"


def public_status(task):
    # An anonymous reader, through the response cache.
    from django.test import Client

    return Client().get(f"/api/tasks/{task.slug}/", {"as_of": AS_OF}).json()["status"]


def test_moving_a_deadline_and_adding_a_report_in_the_admin_show_at_once(editor_client):  # noqa: F811
    task = make_task(deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER, slug="digital-plan")
    assert public_status(task) == "overdue"
    assert public_status(task) == "overdue"  # now from the cache

    data = form_data(editor_client.get(change_url(task)))
    data["deadline"] = "2025-09-30"
    assert editor_client.post(change_url(task), data).status_code == 302
    assert public_status(task) == "in_progress"

    data = form_data(editor_client.get(change_url(task)))
    prefix = next(key.removesuffix("-TOTAL_FORMS") for key in data if "progress" in key and "TOTAL_FORMS" in key)
    add_report_row(
        data,
        ReportStatus.COMPLETED,
        "The plan was issued.",
        "2025-07-20",
        "2025-07-15",
        prefix=prefix,
        evidence_source=make_source().pk,
        evidence_excerpt="the plan was issued on 15 July",
    )
    response = editor_client.post(change_url(task), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert public_status(task) == "completed_on_time"
