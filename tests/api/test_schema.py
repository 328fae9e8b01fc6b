"""The OpenAPI schema describes every filter, its values and its errors; the docs need no CDN;
a bounded property-based run of schemathesis finds no 5xx and no response outside the schema."""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from resolutions.models import Agency, Document, Law, LawReviewList, ProgressReport, Task


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def parameters_of(openapi, path, location="query"):
    parameters = openapi["paths"][path]["get"]["parameters"]
    return {parameter["name"]: parameter for parameter in parameters if parameter["in"] == location}


def test_schema_is_valid_openapi_3_with_every_endpoint(openapi):
    validate_schema(openapi)  # raises on any violation of the OpenAPI 3 specification
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        f"/api/{name}/{suffix}"
        for name, lookup in [
            ("tasks", "{slug}/"),
            ("laws", "{slug}/"),
            ("review-lists", "{slug}/"),
            ("documents", "{slug}/"),
            ("figures", "{slug}/"),
            ("agencies", "{slug}/"),
            ("sources", "{slug}/"),
            ("reports", "{key}/"),
        ]
        for suffix in ("", lookup)
    }


def test_schema_describes_every_task_filter_with_its_accepted_values(openapi):
    parameters = parameters_of(openapi, "/api/tasks/")
    assert set(parameters) == {
        "agency",
        "agency_role",
        "quarter",
        "quarter_from",
        "quarter_to",
        "status",
        "document",
        "law",
        "deadline_after",
        "deadline_before",
        "as_of",
        "search",
        "ordering",
        "page",
        "page_size",
        "format",
    }
    assert set(parameters["status"]["schema"]["items"]["enum"]) == {
        "completed_on_time",
        "completed_late",
        "in_progress",
        "overdue",
        "no_deadline",
    }
    assert parameters["quarter"]["schema"]["pattern"] == r"^(?!0000)[0-9]{4}-Q[1-4]$"
    assert parameters["as_of"]["schema"]["format"] == "date"
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert set(parameters["format"]["schema"]["enum"]) == {"json", "csv"}
    assert "/api/agencies/" in parameters["agency"]["description"]
    for name in ("agency", "quarter", "status", "as_of", "ordering"):
        assert "400" in parameters[name]["description"], name


def test_schema_says_an_empty_filter_value_is_no_filter_except_for_repeatable_ones(openapi):
    parameters = parameters_of(openapi, "/api/tasks/")
    empty = "An empty value is the same as leaving the parameter out."
    for name in ("agency", "quarter", "as_of", "search", "ordering"):
        assert empty in parameters[name]["description"], name
    assert empty not in parameters["status"]["description"]
    assert empty not in parameters["page_size"]["description"]


def test_schema_documents_the_error_answers_and_their_shape(openapi):
    responses = openapi["paths"]["/api/tasks/"]["get"]["responses"]
    assert {"200", "400", "404", "406", "429"} <= set(responses)
    error = responses["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error == "#/components/schemas/Error"
    assert openapi["components"]["schemas"]["Error"]["required"] == ["errors"]
    assert responses["200"]["content"]["text/csv"]["schema"]["type"] == "string"
    assert set(responses["400"]["content"]) == {"application/json"}
    assert "text/csv" not in openapi["paths"]["/api/tasks/{slug}/"]["get"]["responses"]["200"]["content"]


def matches(pattern, value):
    """As a JSON Schema validator reads ``pattern``: a search, anchored only by the pattern itself."""
    return re.search(pattern, value) is not None


SLUG_FILTERS = [
    ("/api/tasks/", "agency", Agency),
    ("/api/tasks/", "document", Document),
    ("/api/tasks/", "law", Law),
    ("/api/laws/", "review_list", LawReviewList),
    ("/api/documents/", "implements", Document),
    ("/api/documents/", "issuing_agency", Agency),
    ("/api/figures/", "document", Document),
    ("/api/agencies/", "parent", Agency),
    ("/api/reports/", "task", Task),
    ("/api/reports/", "law", Law),
    ("/api/reports/", "document", Document),
]


@pytest.mark.parametrize(("path", "name", "model"), SLUG_FILTERS)
def test_slug_filters_carry_the_pattern_every_real_slug_matches(curated, client, openapi, path, name, model):
    schema = parameters_of(openapi, path)[name]["schema"]
    assert schema["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert schema["maxLength"] == model._meta.get_field("slug").max_length == 120
    slugs = list(model.objects.values_list("slug", flat=True))
    assert slugs
    assert all(matches(schema["pattern"], slug) for slug in slugs)
    assert client.get(path, {name: slugs[0]}).status_code == 200
    # What the pattern refuses, the API refuses with a 400 naming the parameter.
    for value in ("Bộ-khoa-học", "a b", "a/b", "x" * 121):
        assert not matches(schema["pattern"], value) or len(value) > schema["maxLength"]
        response = client.get(path, {name: value})
        assert response.status_code == 400, value
        assert set(response.json()["errors"]) == {name}


def test_lookup_paths_carry_the_slug_pattern_and_answer_json_404_outside_it(curated, client, openapi):
    lookups = [parameters_of(openapi, path, "path") for path in openapi["paths"] if "{" in path]
    assert len(lookups) == 8
    for lookup in lookups:
        (parameter,) = lookup.values()
        assert parameter["schema"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert all(matches("^[-a-zA-Z0-9_]+$", key) for key in ProgressReport.objects.values_list("key", flat=True))
    response = client.get("/api/agencies/%C2%84/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["errors"]) == {"path"}


def test_quarter_pattern_is_the_one_the_api_reads(curated, client, openapi):
    pattern = parameters_of(openapi, "/api/tasks/")["quarter"]["schema"]["pattern"]
    quarters = {task["quarter"] for task in client.get("/api/tasks/", {"page_size": 100}).json()["results"]} - {None}
    assert quarters
    assert all(matches(pattern, quarter) for quarter in quarters)
    for value in ("0000-Q1", "2025-Q5", "2025-q1", "٢٠٢٥-Q1", "25-Q1"):
        assert not matches(pattern, value), value
        assert client.get("/api/tasks/", {"quarter": value}).status_code == 400, value
    assert client.get("/api/tasks/", {"quarter": "0001-Q1"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("khoa học", True), ("57-NQ/TW", True), ("²", True), ("  ", True), ("*", False), ("-", False), ("😀", False)],
)
def test_search_pattern_says_what_the_api_accepts(db, client, openapi, value, accepted):
    schema = parameters_of(openapi, "/api/tasks/")["search"]["schema"]
    assert schema["maxLength"] == 200
    assert matches(schema["pattern"], value) is accepted
    response = client.get("/api/tasks/", {"search": value})
    assert response.status_code == (200 if accepted else 400)
    if not accepted:
        assert set(response.json()["errors"]) == {"search"}


def test_free_text_filters_refuse_a_nul_character_in_schema_and_api(db, client, openapi):
    pattern = parameters_of(openapi, "/api/sources/")["publisher"]["schema"]["pattern"]
    assert matches(pattern, "VnExpress") and not matches(pattern, "Vn\x00Express")
    assert not matches(parameters_of(openapi, "/api/tasks/")["search"]["schema"]["pattern"], "khoa\x00")
    assert client.get("/api/sources/?publisher=Vn%00Express").status_code == 400


def test_empty_values_are_allowed_exactly_where_the_api_reads_them_as_absent(db, client, openapi, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})  # some 100 requests
    for path in openapi["paths"]:
        url = path.replace("{slug}", "missing").replace("{key}", "missing")
        without = client.get(url).status_code
        assert without == (404 if "{" in path else 200)
        for name, parameter in parameters_of(openapi, path).items():
            status = client.get(url, {name: ""}).status_code
            if parameter.get("allowEmptyValue"):
                assert status == without, (path, name)
            else:
                assert status == 400, (path, name)
    tasks = parameters_of(openapi, "/api/tasks/")
    assert {name for name, parameter in tasks.items() if not parameter.get("allowEmptyValue")} == {
        "status",
        "page",
        "page_size",
    }


def test_page_and_page_size_are_bounded_integers(db, client, openapi):
    parameters = parameters_of(openapi, "/api/tasks/")
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 999_999_999}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    for name, value in (("page", 0), ("page", 1_000_000_000), ("page_size", 0), ("page_size", 101)):
        assert client.get("/api/tasks/", {name: value}).status_code == 400, (name, value)
    assert client.get("/api/tasks/", {"page": 1, "page_size": 100}).status_code == 200


@pytest.mark.parametrize(
    ("path", "start", "end", "first", "last"),
    [
        ("/api/tasks/", "deadline_after", "deadline_before", "2025-06-02", "2025-06-01"),
        ("/api/tasks/", "quarter_from", "quarter_to", "2025-Q3", "2025-Q2"),
        ("/api/reports/", "reported_after", "reported_before", "2025-06-02", "2025-06-01"),
    ],
)
def test_range_ends_document_the_400_for_a_reversed_range(db, client, openapi, path, start, end, first, last):
    parameters = parameters_of(openapi, path)
    assert f"Must not be before {start}: a reversed range is a 400" in parameters[end]["description"]
    assert "reversed" not in parameters[start]["description"]
    response = client.get(path, {start: first, end: last})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {end}
    assert client.get(path, {start: last, end: first}).status_code == 200


@pytest.mark.parametrize("path", ["/api/tasks/", "/api/tasks/{slug}/", "/api/reports/{key}/"])
def test_schema_documents_conditional_requests_and_their_headers(openapi, path):
    assert set(parameters_of(openapi, path, "header")) == {"If-None-Match", "If-Modified-Since"}
    responses = openapi["paths"][path]["get"]["responses"]
    assert set(responses["200"]["headers"]) == {"ETag", "Last-Modified"}
    # Every JSON answer has one; the streamed CSV of tasks has none, so it is not "required".
    assert "streamed CSV of tasks" in responses["200"]["headers"]["ETag"]["description"]
    assert set(responses["304"]["headers"]) == {"ETag", "Last-Modified"}
    assert "content" not in responses["304"]
    assert responses["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"


def test_schema_says_writes_get_a_405(openapi):
    for path, operations in openapi["paths"].items():
        assert set(operations) == {"get"}, path
        assert "POST, PUT, PATCH and DELETE get a 405" in operations["get"]["description"], path
        response = operations["get"]["responses"]["405"]
        assert response["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error", path


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "trace"])
@pytest.mark.parametrize("path", ["/api/", "/api/tasks/", "/api/tasks/overdue-task/"])
def test_a_method_not_served_is_a_405_before_the_query_is_judged(tracker, client, method, path):
    # format=csv is refused on a detail, status=bad everywhere: neither is looked at.
    response = client.generic(method.upper(), f"{path}?format=csv&status=bad&unknown=1", HTTP_ACCEPT="image/png")
    assert response.status_code == 405
    assert response.json() == {"errors": {"detail": ["This API is read-only: use GET, HEAD or OPTIONS."]}}
    assert "GET" in response["Allow"]
    assert client.get(f"{path}?status=bad").status_code == 400


def test_schema_states_the_anonymous_rate(openapi, settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] in openapi["info"]["description"]


def test_docs_are_served_as_html_without_script_or_cdn(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "<script" not in page
    assert 'src="http' not in page
    assert 'href="http' not in page
    assert 'href="/api/schema/"' in page


def test_docs_describe_every_operation_and_record_type_of_the_schema(client, db, openapi):
    page = client.get("/api/docs/").content.decode()
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            assert f'<h3 id="{operation["operationId"]}"><code>{method.upper()} {path}</code></h3>' in page
    for name in openapi["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    # Parameters and answers every endpoint shares are listed once, not under each endpoint.
    assert page.count("<code>If-None-Match</code>") == 1
    assert "<code>page_size</code>" in page


@pytest.mark.parametrize("path", ["/api/docs/", "/api/schema/"])
def test_docs_and_schema_answer_get_and_head_only(client, db, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    for method in ("options", "post", "put", "patch", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"errors": {"detail": [f'Method "{method.upper()}" not allowed.']}}


@pytest.fixture
def api_schema(tracker, monkeypatch):
    # Hundreds of requests in a few seconds: lift the anonymous rate for this run only.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    # As Django's test client does: a request's end must not close the test's database
    # connection (PostgreSQL would lose the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_answers_every_generated_request_within_its_schema(api_schema):
    # Driven by hand rather than with schemathesis' pytest plugin, which pytest 9 breaks.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 16
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def answers_within_schema(case):
            # The WSGI client does not decompress what GZipMiddleware compresses.
            case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

        answers_within_schema()
