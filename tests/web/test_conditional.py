"""Conditional GET on the website, through the same middleware as the API (history.py): an ETag
from the body, Last-Modified from the edit history, and 304 when the reader's copy is current."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from resolutions.history import latest_recorded_change
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(db):
    return factories.make_task(slug="issue-decree", title="Issue the decree", deadline=dt.date(2025, 6, 30))


def test_a_page_judged_today_is_last_modified_at_midnight_at_the_earliest(client, task):
    response = client.get("/en/tasks/")
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    assert response.has_header("ETag")
    assert parse_http_date(response["Last-Modified"]) == int(max(start_of_today, latest_recorded_change()).timestamp())


def test_a_page_judged_on_a_past_date_is_last_modified_at_the_latest_recorded_change(client, task):
    response = client.get("/en/tasks/", {"as_of": "2025-06-01"})
    assert parse_http_date(response["Last-Modified"]) == int(latest_recorded_change().timestamp())


def test_a_current_copy_gets_a_304_without_a_body(client, task):
    first = client.get("/en/tasks/", {"as_of": "2025-06-01"})
    by_date = client.get("/en/tasks/", {"as_of": "2025-06-01"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304 and by_date.content == b""


def test_a_change_recorded_later_makes_the_copy_stale(client, task):
    first = client.get("/en/tasks/", {"as_of": "2025-06-01"})
    task.title = "Issue the decree now"
    task.save()
    task.history.filter(pk=task.history.latest().pk).update(history_date=timezone.now() + dt.timedelta(seconds=2))
    again = client.get("/en/tasks/", {"as_of": "2025-06-01"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200


def test_a_bad_request_carries_no_validators(client, task):
    response = client.get("/en/tasks/", {"quarter": "2025-Q5"})
    assert response.status_code == 400
    assert not response.has_header("ETag") and not response.has_header("Last-Modified")


def test_an_unknown_path_under_the_api_is_json_and_elsewhere_the_html_page(client):
    api = client.get("/api/nothing-here/")
    site = client.get("/nothing-here/")
    assert (api.status_code, api["Content-Type"]) == (404, "application/json")
    assert site.status_code == 404 and site["Content-Type"].startswith("text/html")
