"""Bad input is a 400 or 404 whose JSON names the parameter and what it accepts; never a 500,
never a silently unfiltered list."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from resolutions.models import Task

pytestmark = pytest.mark.usefixtures("tracker")


def errors_of(response, status_code):
    assert response.status_code == status_code, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("params", "parameter", "accepted"),
    [
        ({"status": "done"}, "status", "completed_on_time, completed_late, in_progress, overdue, no_deadline"),
        ({"quarter": "2025-Q5"}, "quarter", "YYYY-QN"),
        ({"quarter_from": "Q1-2025"}, "quarter_from", "YYYY-QN"),
        ({"quarter_to": "2025Q4"}, "quarter_to", "YYYY-QN"),
        ({"agency": "no-such-agency"}, "agency", "slug of an existing agency, as listed at /api/agencies/"),
        ({"agency_role": "boss"}, "agency_role", "any, lead"),
        ({"document": "no-such-document"}, "document", "/api/documents/"),
        ({"law": "no-such-law"}, "law", "/api/laws/"),
        ({"as_of": "yesterday"}, "as_of", "YYYY-MM-DD"),
        ({"deadline_after": "30/06/2025"}, "deadline_after", "YYYY-MM-DD"),
        ({"deadline_before": "2025-02-30"}, "deadline_before", "YYYY-MM-DD"),
        ({"ordering": "status"}, "ordering", "deadline, -deadline, title, -title, slug, -slug"),
        ({"page": "first"}, "page", "whole number"),
        ({"page": "0"}, "page", "whole number"),
        ({"page_size": "0"}, "page_size", "from 1 to 100"),
        ({"page_size": "101"}, "page_size", "from 1 to 100"),
        ({"format": "xml"}, "format", "json, api, csv"),
        ({"stauts": "overdue"}, "stauts", "status"),
    ],
)
def test_bad_task_parameter_is_a_400_naming_it_and_what_it_accepts(client, params, parameter, accepted):
    errors = errors_of(client.get("/api/tasks/", params), 400)
    assert list(errors) == [parameter]
    assert accepted in " ".join(errors[parameter])


def test_every_bad_parameter_of_a_request_is_reported(client):
    errors = errors_of(client.get("/api/tasks/", {"status": "done", "quarter": "2025-Q5"}), 400)
    assert set(errors) == {"status", "quarter"}


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/laws/", {"action": "repeal"}, "action"),
        ("/api/laws/", {"stage": "signed"}, "stage"),
        ("/api/laws/", {"review_list": "no-such-list"}, "review_list"),
        ("/api/documents/", {"kind": "memo"}, "kind"),
        ("/api/documents/", {"implements": "nothing"}, "implements"),
        ("/api/documents/", {"issuing_agency": "nobody"}, "issuing_agency"),
        ("/api/agencies/", {"kind": "club"}, "kind"),
        ("/api/agencies/", {"parent": "nobody"}, "parent"),
        ("/api/reports/", {"task": "nothing"}, "task"),
        ("/api/reports/", {"status": "done"}, "status"),
        ("/api/reports/", {"reported_after": "soon"}, "reported_after"),
        ("/api/sources/", {"ordering": "title"}, "ordering"),
        ("/api/review-lists/", {"search": "28"}, "search"),
    ],
)
def test_bad_parameters_of_other_lists_are_400s_too(client, path, params, parameter):
    assert parameter in errors_of(client.get(path, params), 400)


def test_unknown_parameter_lists_the_accepted_ones(client):
    messages = errors_of(client.get("/api/laws/", {"q": "data"}), 400)["q"]
    accepted = "action, as_of, format, ordering, page, page_size, review_list, search, stage"
    assert messages == ["Unknown parameter.", f"Accepted here: {accepted}."]


def test_detail_accepts_only_as_of_and_format(client):
    assert "as_of" in errors_of(client.get("/api/tasks/overdue-task/", {"as_of": "tomorrow"}), 400)
    assert "status" in errors_of(client.get("/api/tasks/overdue-task/", {"status": "overdue"}), 400)
    assert "as_of" in errors_of(client.get("/api/sources/", {"as_of": "2025-01-01"}), 400)
    # A law's stage is judged on a date, as on the website.
    assert client.get("/api/laws/data-law/", {"as_of": "2025-01-01"}).status_code == 200
    assert "as_of" in errors_of(client.get("/api/laws/data-law/", {"as_of": "tomorrow"}), 400)


def test_page_past_the_end_is_a_400_naming_the_page_as_on_the_website(client):
    errors = errors_of(client.get("/api/tasks/", {"page": 2}), 400)
    assert errors == {"page": ["There is no such page.", "a whole number from 1 to 1"]}


def test_empty_result_is_a_valid_first_page(client):
    body = client.get("/api/tasks/", {"search": "nothing matches this"}).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/tasks/no-such-task/", "slug", "No task has the slug “no-such-task”."),
        ("/api/agencies/no-such-agency/", "slug", "No agency has the slug “no-such-agency”."),
        ("/api/reports/no-such-report/", "key", "No progress report has the key “no-such-report”."),
    ],
)
def test_unknown_record_is_a_404_naming_the_lookup(client, path, field, message):
    assert errors_of(client.get(path), 404) == {field: [message]}


def test_unknown_api_path_is_a_json_404(client):
    assert "path" in errors_of(client.get("/api/meetings/"), 404)


def test_csv_request_with_a_bad_value_gets_the_error_as_json(client):
    errors = errors_of(client.get("/api/tasks/", {"format": "csv", "quarter": "2025-Q5"}), 400)
    assert "quarter" in errors


def test_detail_is_not_offered_as_csv(client):
    assert "format" in errors_of(client.get("/api/tasks/overdue-task/", {"format": "csv"}), 400)


def test_unacceptable_accept_header_is_a_406(client):
    assert "detail" in errors_of(client.get("/api/tasks/", HTTP_ACCEPT="application/xml"), 406)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/tasks/", "/api/tasks/overdue-task/"])
def test_writes_are_refused_to_anonymous_clients(client, method, path):
    response = getattr(client, method)(path, {"title": "Changed"}, format="json")
    assert errors_of(response, 405) == {"detail": ["This API is read-only: use GET, HEAD or OPTIONS."]}
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert Task.objects.filter(title="Changed").count() == 0
    assert Task.objects.filter(slug="overdue-task").exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_to_staff_too(client, method):
    client.force_authenticate(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    response = getattr(client, method)("/api/tasks/overdue-task/", {"title": "Changed"}, format="json")
    assert response.status_code == 405
    assert Task.objects.get(slug="overdue-task").title == "Issue the digital plan"


def test_anonymous_clients_over_the_rate_are_throttled_with_a_429(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        assert client.get("/api/laws/").status_code == 200
    response = client.get("/api/laws/")
    assert "detail" in errors_of(response, 429)
    assert int(response["Retry-After"]) > 0


def test_a_new_x_forwarded_for_does_not_reset_the_count(client, monkeypatch):
    # Without a proxy configured (API_NUM_PROXIES=0) the header is the client's own writing.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for n in range(3):
        assert client.get("/api/laws/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
    assert client.get("/api/laws/", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


@pytest.mark.parametrize(("environment", "proxies"), [({}, 0), ({"API_NUM_PROXIES": "1"}, 1)])
def test_api_num_proxies_says_how_many_proxies_the_throttle_trusts(environment, proxies):
    # Behind one reverse proxy the client is the last address of X-Forwarded-For, the one the
    # proxy added; by default the header is ignored.
    code = "from tracker import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])"
    base = {
        name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_URL", "API_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(proxies)


@pytest.mark.parametrize(
    ("path", "parameter", "values"),
    [
        ("/api/tasks/", "quarter", ["2025-Q2", "2025-Q3"]),
        ("/api/tasks/", "agency", ["ministry-of-science", "ministry-of-finance"]),
        ("/api/tasks/", "format", ["json", "csv"]),
        ("/api/tasks/", "page_size", ["1", "2"]),
        ("/api/tasks/", "ordering", ["title", "-title"]),
        ("/api/tasks/", "search", ["budget", "budget"]),
        ("/api/tasks/overdue-task/", "as_of", ["2025-06-01", "2025-01-01"]),
        ("/api/reports/", "status", ["completed", "in_progress"]),
        ("/api/", "format", ["json", "json"]),
    ],
)
def test_a_single_valued_parameter_given_twice_is_a_400_naming_it(client, path, parameter, values):
    errors = errors_of(client.get(path, {parameter: values}), 400)
    assert errors == {parameter: ["Given more than once.", "a single value"]}


EMPTY_MEANS_NO_FILTER = ["agency", "quarter", "quarter_to", "deadline_after", "as_of", "search", "ordering"]


@pytest.mark.parametrize("parameter", EMPTY_MEANS_NO_FILTER)
def test_an_empty_filter_value_is_the_same_as_no_filter(client, parameter):
    # As the website's form sends the fields left blank.
    response = client.get("/api/tasks/", {parameter: ""})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 5


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/tasks/", {"quarter_from": "2026-Q1", "quarter_to": "2025-Q1"}, "quarter_to"),
        ("/api/tasks/", {"deadline_after": "2025-06-30", "deadline_before": "2025-01-01"}, "deadline_before"),
        ("/api/reports/", {"reported_after": "2025-06-30", "reported_before": "2025-01-01"}, "reported_before"),
    ],
)
def test_a_reversed_range_is_a_400_naming_its_end(client, path, params, parameter):
    assert list(errors_of(client.get(path, params), 400)) == [parameter]


def test_a_task_asked_for_before_it_was_assigned_is_a_404_saying_so(client):
    Task.objects.filter(slug="overdue-task").update(assigned_on="2025-03-04")
    errors = errors_of(client.get("/api/tasks/overdue-task/", {"as_of": "2025-02-01"}), 404)
    assert errors == {"as_of": ["Task “overdue-task” was assigned on 2025-03-04, after 2025-02-01."]}
    assert client.get("/api/tasks/overdue-task/", {"as_of": "2025-03-04"}).status_code == 200


def test_an_unknown_record_asked_for_as_csv_is_the_json_404(client):
    # A detail is never served as CSV, but a missing record is a 404 before it is a 406.
    response = client.get("/api/tasks/no-such-task/", HTTP_ACCEPT="text/csv")
    assert errors_of(response, 404) == {"slug": ["No task has the slug “no-such-task”."]}
    assert client.get("/api/tasks/overdue-task/", HTTP_ACCEPT="text/csv").status_code == 406


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_root_refuses_writes_like_the_endpoints(client, method):
    response = getattr(client, method)("/api/", {"title": "Changed"}, format="json")
    assert errors_of(response, 405) == {"detail": ["This API is read-only: use GET, HEAD or OPTIONS."]}
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_the_api_root_refuses_unknown_parameters(client):
    errors = errors_of(client.get("/api/", {"tasks": "1"}), 400)
    assert errors == {"tasks": ["Unknown parameter.", "Accepted here: format."]}


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_an_unknown_api_path_is_a_json_404_in_english_for_every_method(method):
    # With CSRF checks on, as for a real client: a POST must not meet Django's HTML 403.
    client = APIClient(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/meetings/", HTTP_ACCEPT_LANGUAGE="vi")
    errors = errors_of(response, 404)
    assert errors == {"path": ["No API endpoint at /api/meetings/; the root /api/ lists them."]}
    assert response["Content-Language"] == "en"


def test_the_api_root_answers_in_english(client):
    response = client.get("/api/", {"format": "xml"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert errors_of(response, 400) == {"format": ["Unknown format; this endpoint serves: json, api."]}
    assert response["Content-Language"] == "en"
    assert client.get("/api/", HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "en"


def test_an_endpoint_without_its_final_slash_is_redirected_to_it(client):
    response = client.get("/api/tasks", {"status": "overdue"})
    assert response.status_code == 301
    assert response["Location"] == "/api/tasks/?status=overdue"
    assert client.get("/api/tasks/overdue-task")["Location"] == "/api/tasks/overdue-task/"
    # CommonMiddleware redirects other methods as it does everywhere on the site.
    write = client.post("/api/tasks")
    assert write.status_code == 301
    assert write["Location"] == "/api/tasks/"
    assert client.get("/api/nothing-here").status_code == 404


def test_messages_are_english_and_labelled_so_whatever_the_site_language(client):
    response = client.get("/api/tasks/", {"status": "done"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"
    assert response.json()["errors"]["status"][0] == "Select a valid choice. done is not one of the available choices."


@pytest.mark.parametrize("parameter", ["search", "agency", "quarter", "as_of", "ordering", "page"])
def test_a_nul_character_is_a_400_not_a_database_error(client, parameter):
    # PostgreSQL refuses NUL in strings; the forms must stop it first.
    assert parameter in errors_of(client.get("/api/tasks/", {parameter: "a\x00b"}), 400)


def test_browsable_api_renders_lists_and_errors_as_html(client):
    page = client.get("/api/tasks/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert b"overdue-task" in page.content
    assert b'src="http' not in page.content
    error = client.get("/api/tasks/", {"quarter": "2025-Q5"}, HTTP_ACCEPT="text/html")
    assert error.status_code == 400
    assert b"Enter a quarter as YYYY-QN" in error.content


def test_options_describes_the_endpoint_without_offering_writes(client):
    response = client.options("/api/tasks/")
    assert response.status_code == 200
    assert response.json()["name"] == "Task List"
    assert "actions" not in response.json()


def test_unknown_review_list_names_where_the_lists_are(client):
    errors = errors_of(client.get("/api/laws/", {"review_list": "no-such-list"}), 400)
    assert (
        "Accepted: the slug of an existing law review list, as listed at /api/review-lists/." in errors["review_list"]
    )
