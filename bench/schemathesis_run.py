"""Schemathesis with every check and a fixed seed against the API's OpenAPI schema, on a scratch
SQLite database with the curated data, served by gunicorn on 127.0.0.1:8411 with debug off (as in
production: JSON 404s, no debug pages). Prints schemathesis' report; exits with its status
(non-zero when it finds a failure). bench/schemathesis_hooks.py drops the requests that name
records the data lacks (README, "API schema fuzzing").

    .venv/bin/python bench/schemathesis_run.py [--max-examples 30] [--port 8411]
"""

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from production_server import ROOT, manage, start_gunicorn, stop

SEED = 57


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--port", type=int, default=8411)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tracker-schemathesis-"))
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no TLS proxy in front to redirect to.
        "DJANGO_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "API_ANON_RATE": "1000000/minute",
        "GUNICORN_BIND": f"127.0.0.1:{options.port}",
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_curated", "-v0")
    server = start_gunicorn(env, work / "gunicorn.log")
    try:
        result = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "st"),
                "run",
                f"http://127.0.0.1:{options.port}/api/schema/",
                "--checks",
                "all",
                "--seed",
                str(SEED),
                "--max-examples",
                str(options.max_examples),
                "--workers",
                "1",
            ],
            cwd=work,
            env={
                **env,
                "DJANGO_SETTINGS_MODULE": "tracker.settings",
                "SCHEMATHESIS_HOOKS": str(ROOT / "bench" / "schemathesis_hooks.py"),
                "TRACKER_URL": f"http://127.0.0.1:{options.port}",
            },
        )
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
