"""The production settings (debug off, PostgreSQL) against a database that is unreachable, hangs,
or goes away and comes back: pages answer 503 (HTML on the site, JSON on the API, Retry-After)
within 5 seconds and the process recovers without a restart (issue 12).

Each test drives one Django process (the test client inside it, settings from the environment as
in production) through its standard input, so that the database settings are the real ones."""

import json
import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.prod.faultproxy import CuttableProxy, SilentServer, closed_port

DRIVER = r"""
import json, sys, time
import tracker.settings as production
# Static files are not collected here (the CI smoke test covers them): plain storage.
production.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
import django
django.setup()
from django.db import close_old_connections
from django.test import Client
client = Client(raise_request_exception=False)
print("ready", flush=True)
for line in sys.stdin:
    started = time.monotonic()
    # What the WSGI handler's request_started/finished signals do, which the test client skips.
    close_old_connections()
    response = client.get(line.strip(), secure=True)
    close_old_connections()
    print(json.dumps({
        "status": response.status_code,
        "seconds": time.monotonic() - started,
        "retry_after": response.headers.get("Retry-After"),
        "type": response.headers.get("Content-Type"),
        "body": response.content.decode()[:2000],
        "request_id": response.headers.get("X-Request-ID"),
    }), flush=True)
"""


class Driver:
    def __init__(self, database_url):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="tracker.settings",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="test-" + "k" * 60,
            DATABASE_URL=database_url,
            DATABASE_CONNECT_TIMEOUT="2",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready", self.process.stderr.read()

    def get(self, path):
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)
        return self.process.stderr.read()


def assert_unavailable(driver):
    for path in ["/vi/", "/vi/tasks/", "/vi/agencies/", "/vi/search/?q=luat"]:
        page = driver.get(path)
        assert (page["status"], page["retry_after"]) == (503, "5"), (path, page)
        assert page["type"].startswith("text/html") and page["request_id"] in page["body"]
        assert page["seconds"] < 5
    api = driver.get("/api/tasks/")
    assert (api["status"], api["retry_after"], api["type"]) == (503, "5", "application/json")
    assert json.loads(api["body"]) == {"errors": {"detail": ["The database is unavailable; try again in 5 seconds."]}}
    assert api["seconds"] < 5
    ready = driver.get("/readyz")
    assert ready["status"] == 503 and json.loads(ready["body"])["checks"]["database"].startswith("error:")
    assert driver.get("/healthz")["status"] == 200


def test_an_unreachable_database_gives_503s_and_logs_them():
    driver = Driver(f"postgres://postgres@127.0.0.1:{closed_port()}/tracker")
    try:
        assert_unavailable(driver)
    finally:
        log = driver.close()
    assert "Traceback" in log and "OperationalError" in log


def test_a_database_that_accepts_and_never_answers_gives_503s_within_5_seconds():
    silent = SilentServer()
    driver = Driver(f"postgres://postgres@127.0.0.1:{silent.port}/tracker")
    try:
        assert_unavailable(driver)
        assert silent.accepted
    finally:
        driver.close()
        silent.close()


def postgres_port():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return None
    return 5432


@pytest.mark.skipif(postgres_port() is None, reason="no PostgreSQL on 127.0.0.1:5432")
def test_the_site_recovers_without_a_restart_when_the_database_returns(db):
    from django.db import connection

    # The test database when the suite runs on PostgreSQL (only SELECT 1 is sent), else the
    # server's maintenance database.
    database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else "postgres"
    proxy = CuttableProxy(postgres_port())
    driver = Driver(f"postgres://postgres@127.0.0.1:{proxy.port}/{database}")
    try:
        before = driver.get("/readyz")
        assert json.loads(before["body"])["checks"]["database"] == "ok", before
        proxy.cut()
        assert_unavailable(driver)
        proxy.restore()
        started = time.monotonic()
        after = driver.get("/readyz")
        assert json.loads(after["body"])["checks"]["database"] == "ok", after
        assert time.monotonic() - started < 5
    finally:
        driver.close()
        proxy.close()
