"""Safe by default: WSGI and ASGI run without debug unless asked, `check --deploy` is clean with
the README's production environment, and every page carries a strict Content-Security-Policy that
its inline blocks satisfy (issue 12)."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from resolutions.models import ProgressReport, Task

# The README's production table, as an operator would set it (values are examples).
DOCUMENTED_PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#kP2!vQ9@mZ4$wR8^tY6&uI1*oL3(eA5)sD0-fG_hJ+cV=bN",
    "DATABASE_URL": "postgres://tracker@127.0.0.1:5432/tracker",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://tracker.example.org",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DJANGO_HSTS_PRELOAD": "1",
    "NUM_PROXIES": "1",
}


def run(code, env, args=None):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        args or [sys.executable, "-c", code],
        env={**base, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("entry_point", ["tracker.wsgi", "tracker.asgi"])
def test_a_server_started_with_no_environment_refuses_to_run_in_debug(entry_point):
    result = run(f"import {entry_point}", {})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize("entry_point", ["tracker.wsgi", "tracker.asgi"])
def test_a_server_runs_in_debug_only_when_asked(entry_point):
    code = f"import {entry_point}; from django.conf import settings; print(settings.DEBUG)"
    configured = {"DJANGO_SECRET_KEY": "s" * 50, "DATABASE_URL": "postgres://u@localhost/db"}

    assert run(code, configured).stdout.strip() == "False"
    assert run(code, {**configured, "DJANGO_DEBUG": "1"}).stdout.strip() == "True"


def test_manage_py_keeps_the_quick_start_in_debug():
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings'); django.setup(); "
    code += "from django.conf import settings; print(settings.DEBUG)"
    assert run(code, {}).stdout.strip() == "True"


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = run(
        "", DOCUMENTED_PRODUCTION_ENV, [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_documented_environment_sets_the_security_settings():
    code = "import tracker.wsgi; from django.conf import settings as s; "
    code += (
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.CACHES['default']['BACKEND'])"
    )
    printed = run(code, DOCUMENTED_PRODUCTION_ENV).stdout.strip()

    assert printed == "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') resolutions.redis_cache.RedisCache"


def test_the_database_timeouts_are_set_on_postgresql():
    code = "import tracker.wsgi; from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'])"
    env = {**DOCUMENTED_PRODUCTION_ENV, "DATABASE_CONNECT_TIMEOUT": "4", "DATABASE_STATEMENT_TIMEOUT_MS": "2500"}

    printed = run(code, env).stdout.strip()

    assert printed == "{'connect_timeout': 4, 'options': '-c statement_timeout=2500'}"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=\"([^\"]*)\"", re.IGNORECASE)


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", policy)
    for attributes in INLINE_SCRIPT.findall(html) + INLINE_STYLE.findall(html):
        assert nonce and f'nonce="{nonce.group(1)}"' in attributes, attributes
    assert set(STYLE_ATTRIBUTE.findall(html)) <= {"border-top: 0"}


def test_every_public_page_has_a_strict_policy(client, curated):
    task = Task.objects.exclude(deadline=None).first()
    for path in [
        "/vi/",
        "/vi/tasks/",
        f"/vi/tasks/{task.slug}/",
        "/vi/laws/",
        "/vi/documents/",
        "/vi/agencies/",
        "/vi/sources/",
        "/vi/search/?q=luat",
        "/api/",
        "/api/tasks/",
        "/api/docs/",
        "/no-such-page/",
        "/vi/tasks/?bogus=1",
    ]:
        assert_strict_policy(client.get(path))


def test_every_admin_page_has_a_strict_policy(admin_client, curated):
    report = ProgressReport.objects.first()
    task = Task.objects.first()
    for path in [
        "/admin/",
        "/admin/resolutions/task/",
        f"/admin/resolutions/task/{task.pk}/change/",
        "/admin/resolutions/progressreport/add/",
        f"/admin/resolutions/progressreport/{report.pk}/history/",
        f"/admin/resolutions/task/{task.pk}/history/",
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)


def test_the_api_reference_runs_no_inline_script(client, db):
    # The reference page is server-rendered: a strict policy needs no nonce for it.
    response = client.get("/api/docs/")

    assert_strict_policy(response)
    assert "<script" not in response.content.decode()
