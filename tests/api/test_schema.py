"""The OpenAPI schema describes every filter, its values and its errors; the docs need no CDN;
a bounded property-based run of schemathesis finds no 5xx and no response outside the schema."""

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


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def parameters_of(openapi, path):
    return {parameter["name"]: parameter for parameter in openapi["paths"][path]["get"]["parameters"]}


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
    assert parameters["quarter"]["schema"]["pattern"] == r"^\d{4}-Q[1-4]$"
    assert parameters["as_of"]["schema"]["format"] == "date"
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert set(parameters["format"]["schema"]["enum"]) == {"json", "csv"}
    assert "/api/agencies/" in parameters["agency"]["description"]
    for name in ("agency", "quarter", "status", "as_of", "ordering"):
        assert "400" in parameters[name]["description"], name


def test_schema_documents_the_error_answers_and_their_shape(openapi):
    responses = openapi["paths"]["/api/tasks/"]["get"]["responses"]
    assert {"200", "400", "404", "406", "429"} <= set(responses)
    error = responses["400"]["content"]["application/json"]["schema"]["$ref"]
    assert error == "#/components/schemas/Error"
    assert openapi["components"]["schemas"]["Error"]["required"] == ["errors"]
    assert responses["200"]["content"]["text/csv"]["schema"]["type"] == "string"
    assert set(responses["400"]["content"]) == {"application/json"}
    assert "text/csv" not in openapi["paths"]["/api/tasks/{slug}/"]["get"]["responses"]["200"]["content"]


def test_schema_states_the_anonymous_rate(openapi, settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] in openapi["info"]["description"]


def test_interactive_docs_are_served_without_any_cdn(client, db):
    page = client.get("/api/docs/").content.decode()
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">' in page
    assert 'src="http' not in page
    assert 'href="http' not in page
    assert "/api/schema/" in page


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
            case.call_and_validate(checks=CHECKS)

        answers_within_schema()
