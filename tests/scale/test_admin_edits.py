"""An edit in the admin shows at once on the public site and API: stored status periods and the
response cache both follow it."""

import datetime as dt

from resolutions.deadlines import DatePrecision, ReportStatus
from tests.admin.conftest import editor, editor_client, fast_password_hashing  # noqa: F401 (fixtures)
from tests.admin.formdata import add_report_row, change_url, form_data
from tests.factories import make_agency, make_source, make_task

AS_OF = "2025-08-01"


def listed_under(agency):
    # What an anonymous reader finds under the agency, among overdue tasks, on the site and the API.
    from django.test import Client

    query = {"agency": agency.slug, "status": "overdue", "as_of": AS_OF}
    api = [task["slug"] for task in Client().get("/api/tasks/", query).json()["results"]]
    page = Client().get("/en/tasks/", query).content.decode()
    site = [slug for slug in ("ministry-task", "other-task") if f'data-slug="{slug}"' in page]
    assert api == site
    return api


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


def test_a_coordinating_agency_added_or_removed_in_the_admin_lists_the_task_under_it_at_once(editor_client):  # noqa: F811
    lead, ministry = make_agency(slug="lead-body"), make_agency(slug="ministry")
    task = make_task(deadline=dt.date(2025, 6, 30), lead_agency=lead, slug="ministry-task")
    make_task(deadline=dt.date(2025, 6, 30), lead_agency=lead, slug="other-task")
    assert listed_under(ministry) == []
    assert listed_under(ministry) == []  # now from the cache

    data = form_data(editor_client.get(change_url(task)))
    data["coordinating_agencies"] = [str(ministry.pk)]
    assert editor_client.post(change_url(task), data).status_code == 302
    assert listed_under(ministry) == ["ministry-task"]

    data = form_data(editor_client.get(change_url(task)))
    data.pop("coordinating_agencies")
    assert editor_client.post(change_url(task), data).status_code == 302
    assert listed_under(ministry) == []
