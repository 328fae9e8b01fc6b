"""Errors are logged to stderr with their traceback and request id, and the pages say so truthfully;
a database that cannot be reached is a 503 with Retry-After (issue 12)."""

import json
import logging

import pytest
from django.db import OperationalError

from resolutions import selectors
from resolutions.api import views as api_views


@pytest.fixture
def errors_as_responses(client):
    client.raise_request_exception = False
    return client


def explode(*args, **kwargs):
    raise RuntimeError("boom for the test")


def unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')


def test_a_500_is_logged_with_its_traceback_and_the_page_gives_the_request_id(
    errors_as_responses, db, monkeypatch, caplog
):
    monkeypatch.setattr(selectors, "dashboard", explode)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = errors_as_responses.get("/vi/", headers={"X-Request-ID": "trace-0123456789"})

    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-0123456789"
    page = response.content.decode()
    assert "trace-0123456789" in page
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert record.request_id == "trace-0123456789"


def test_the_log_line_format_names_the_request_id():
    from django.conf import settings

    assert "%(request_id)s" in settings.LOGGING["formatters"]["plain"]["format"]
    assert settings.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"


def test_an_unacceptable_incoming_request_id_is_replaced(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "<script>"})

    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32


def test_a_500_on_the_api_is_json_with_the_request_id(errors_as_responses, db, monkeypatch):
    monkeypatch.setattr(api_views.TaskViewSet, "list", explode)

    response = errors_as_responses.get("/api/tasks/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    (message,) = json.loads(response.content)["errors"]["detail"]
    assert response["X-Request-ID"] in message


def test_an_unreachable_database_is_a_503_page_with_retry_after(errors_as_responses, db, monkeypatch):
    monkeypatch.setattr(selectors, "dashboard", unreachable)

    response = errors_as_responses.get("/vi/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "<html" in response.content.decode()


def test_an_unreachable_database_is_a_json_503_on_the_api(errors_as_responses, db, monkeypatch):
    monkeypatch.setattr(api_views.TaskViewSet, "list", unreachable)

    response = errors_as_responses.get("/api/tasks/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content) == {
        "errors": {"detail": ["The database is unavailable; try again in 5 seconds."]}
    }


def test_healthz_answers_without_the_database(client):
    # No db fixture: pytest-django makes any database access an error.
    response = client.get("/healthz")

    assert (response.status_code, json.loads(response.content)) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_and_the_migrations(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_readyz_is_503_naming_unapplied_migrations(client, db, monkeypatch):
    from resolutions import health

    monkeypatch.setattr(health, "_migrations_seen_applied", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [(FakeMigration(), False)])

    response = client.get("/readyz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["migrations"] == "error: 1 unapplied (resolutions.9999_future)"
    assert response["Retry-After"] == "5"


class FakeMigration:
    app_label = "resolutions"
    name = "9999_future"


def test_readyz_checks_the_cache_when_redis_is_configured(client, db, settings, monkeypatch):
    from django.core.cache import cache

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(cache, "set", unreachable)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"].startswith("error: OperationalError")
