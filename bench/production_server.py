"""Start the documented production configuration (README, "Production") on this machine:
PostgreSQL, Redis, collectstatic + whitenoise, gunicorn with gunicorn.conf.py. Used by
bench/smoke_production.py (CI) and bench/faults.py."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def production_env(database_url, redis_url, port, static_root, **overrides):
    """The environment the README's production table documents, for a server on 127.0.0.1:port
    behind a TLS proxy (requests carry X-Forwarded-Proto: https)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_HSTS_PRELOAD="1",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        NUM_PROXIES="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    env.update(overrides)
    return env


def manage(env, *arguments, check=True):
    result = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def prepare(env):
    """migrate, load the curated data, collectstatic; check --deploy must print no warning."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_curated", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    deploy = manage(env, "check", "--deploy", "--fail-level", "WARNING", check=False)
    output = (deploy.stdout + deploy.stderr).strip()
    if deploy.returncode != 0 or "WARNINGS" in output:
        sys.exit(f"check --deploy is not clean:\n{output}")
    return output


def create_admin(env, username, email):
    """A superuser with a new random password, which is returned; an existing user of that name
    gets the new password."""
    password = secrets.token_urlsafe(16)
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": password},
        *("createsuperuser", "--noinput", "--username", username, "--email", email),
        check=False,
    )
    manage(
        env,
        "shell",
        "-c",
        f"from django.contrib.auth.models import User; u = User.objects.get(username={username!r}); "
        f"u.set_password({password!r}); u.save()",
    )
    return password


def start_gunicorn(env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (open for the server's lifetime)
    process = subprocess.Popen(
        [GUNICORN, "-c", "gunicorn.conf.py", "tracker.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{env['GUNICORN_BIND']}/healthz"
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    stop(process)
    sys.exit(f"gunicorn did not start; its log:\n{Path(log_path).read_text()}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_pids(process):
    """The gunicorn workers' process ids (children of the master)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []
