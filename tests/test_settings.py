"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys

from django.conf import settings

SETUP = "import django; django.setup()"


def run_with(env, code=SETUP):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"DJANGO_DEBUG": "0", "DATABASE_URL": "postgres://u@localhost/db"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    result = run_with({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "s" * 50})
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_database_url_selects_the_engine_and_sqlite_is_the_default():
    code = f"{SETUP}; from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    engine_of = lambda env: run_with(env, code=code).stdout.strip()  # noqa: E731
    assert engine_of({}) == "django.db.backends.sqlite3"
    assert engine_of({"DATABASE_URL": "postgres://u@localhost/db"}) == "django.db.backends.postgresql"
