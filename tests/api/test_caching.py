"""ETag and Last-Modified derived from the data, and 304 answers to conditional requests."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from resolutions.models import Agency, Task
from tests.factories import make_agency, make_report

pytestmark = pytest.mark.usefixtures("tracker")


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/tasks/overdue-task/", "/api/agencies/", "/api/laws/data-law/"])
def test_list_and_detail_answer_if_none_match_with_304(client, path):
    response = client.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    not_modified = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag


def test_etag_changes_when_the_data_changes(client):
    etag = client.get("/api/agencies/")["ETag"]
    make_agency(slug="new-agency", name="New Agency")
    response = client.get("/api/agencies/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_etag_differs_between_formats_and_filters(client):
    etags = {
        client.get("/api/tasks/")["ETag"],
        client.get("/api/tasks/", {"status": "overdue"})["ETag"],
        client.get("/api/laws/", {"format": "csv"})["ETag"],
        client.get("/api/laws/")["ETag"],
    }
    assert len(etags) == 4


def test_the_streamed_csv_of_tasks_has_no_etag_but_answers_if_modified_since(client):
    response = client.get("/api/tasks/", {"format": "csv"})
    assert response.streaming and not response.has_header("ETag")
    again = client.get("/api/tasks/", {"format": "csv"}, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_last_modified_is_the_latest_recorded_change(client):
    agency = Agency.objects.get(slug="ministry-of-finance")
    agency.name = "Ministry of Finance (renamed)"
    agency.save()
    latest = agency.history.latest("history_date").history_date
    response = client.get("/api/agencies/")
    assert parse_http_date(response["Last-Modified"]) == int(latest.timestamp())


def test_if_modified_since_after_the_last_change_is_a_304(client):
    last_modified = client.get("/api/agencies/")["Last-Modified"]
    assert client.get("/api/agencies/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    an_hour_earlier = http_date(parse_http_date(last_modified) - 3600)
    assert client.get("/api/agencies/", HTTP_IF_MODIFIED_SINCE=an_hour_earlier).status_code == 200


def historical_models():
    for model in apps.get_app_config("resolutions").get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name:
            yield getattr(model, manager_name).model


def test_task_statuses_judged_today_are_never_older_than_today(client):
    # Statuses turn overdue at midnight without any recorded change. By default they are judged on
    # the newest information's date, which is today here: a report made today.
    make_report(Task.objects.get(slug="overdue-task"), reported_on=timezone.localdate())
    long_ago = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for historical_model in historical_models():
        historical_model.objects.update(history_date=long_ago)
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert parse_http_date(client.get("/api/tasks/")["Last-Modified"]) == int(start_of_today.timestamp())
    on_a_fixed_date = client.get("/api/tasks/", {"as_of": "2025-06-01"})
    assert parse_http_date(on_a_fixed_date["Last-Modified"]) == int(long_ago.timestamp())
    assert parse_http_date(client.get("/api/agencies/")["Last-Modified"]) == int(long_ago.timestamp())


def test_statuses_judged_on_an_older_newest_information_change_only_with_the_data(client):
    # The newest information is older than today: the default date does not move at midnight.
    long_ago = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for historical_model in historical_models():
        historical_model.objects.update(history_date=long_ago)
    assert parse_http_date(client.get("/api/tasks/")["Last-Modified"]) == int(long_ago.timestamp())


def test_no_last_modified_without_any_recorded_change(client):
    # With no recorded change (a bare loaddata saves without history), only the ETag can be given.
    for historical_model in historical_models():
        historical_model.objects.all().delete()
    response = client.get("/api/agencies/")
    assert response.has_header("ETag")
    assert not response.has_header("Last-Modified")
    assert client.get("/api/agencies/", HTTP_IF_MODIFIED_SINCE=http_date()).status_code == 200


def test_head_gives_the_same_validators_without_a_body(client):
    get = client.get("/api/laws/")
    head = client.head("/api/laws/")
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head["Last-Modified"] == get["Last-Modified"]


def test_errors_carry_no_validators(client):
    response = client.get("/api/tasks/", {"status": "done"})
    assert response.status_code == 400
    assert not response.has_header("ETag")
