"""Load test: the tracker at scale on PostgreSQL, served as production serves it.

    .venv/bin/python bench/load.py [--database-url postgres://postgres@127.0.0.1:5432/scale100k]
        [--tasks 100000] [--port 8200] [--duration 10] [--redis-url redis://127.0.0.1:6379/0]

Generates the tasks with bench/generate.py unless the database already holds that many, collects
the static files, then starts gunicorn with production's gunicorn.conf.py (2 workers of 4
threads, keep-alive; DEBUG off, rate limits lifted) twice: cold, with the response cache off
(every request computed), and warm, with the cache on (in Redis when --redis-url is given, as
production would). The workers are warmed on other addresses first, and each address is
requested once before it is timed (which primes the cache when warm and is computed again when
cold). For each request of issue 9's table it prints one request's status, first byte, time
and size (the median of five made one at a time, all before any load), then wrk's rate and latency percentiles (wrk
-t2 -c16). A request that alone takes over --slow seconds is not put under load when cold: the
queue it would leave behind would skew the next lines.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_percentiles.lua"


def requests(agency):
    filters = f"agency={agency}&quarter=2025-Q3&status=overdue"
    return [
        ("tasks filtered (agency+quarter+status), JSON", f"/api/tasks/?{filters}"),
        ("full-text search, JSON", "/api/tasks/?search=chuyen+doi+so"),
        ("tasks filtered, HTML", f"/vi/tasks/?{filters}"),
        ("unfiltered JSON, 50 a page", "/api/tasks/?page_size=50"),
        ("home / dashboard", "/vi/"),
        ("/tasks.ics", "/vi/tasks.ics"),
        ("/tasks/ unfiltered HTML", "/vi/tasks/"),
        ("/agencies/", "/vi/agencies/"),
        ("/search/?q=khoa+hoc", "/vi/search/?q=khoa+hoc"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/scale100k")
    parser.add_argument("--tasks", type=int, default=100_000, help="generated tasks wanted (default 100000)")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per request (default 10)")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds beyond which cold load is skipped")
    parser.add_argument("--redis-url", default="", help="Redis for the warm run's cache (default: local memory)")
    parser.add_argument("--modes", default="cold,warm", help="cold, warm or both (default cold,warm)")
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must name a PostgreSQL database")
    for tool in ("wrk",):
        if subprocess.run(["which", tool], capture_output=True).returncode:
            sys.exit(f"load.py: {tool} is missing (apt-get install -y {tool})")

    environment = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-only",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SSL_REDIRECT": "0",  # plain HTTP on the loopback, as behind a TLS proxy
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Lifted, over one second: DRF keeps a timestamp per request of the period in the cache.
        "API_ANON_RATE": "1000000/second",
        "SITE_RATE": "1000000/second",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    environment.pop("REDIS_URL", None)
    agency = prepare(options, environment)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; load {os.getloadavg()}")
    modes = [
        ("cold", "cold (response cache off)", {"RESPONSE_CACHE_SECONDS": "0"}),
        ("warm", "warm (response cache on" + (", Redis)" if options.redis_url else ", local memory)"), {}),
    ]
    for key, mode, extra in modes:
        if key not in options.modes.split(","):
            continue
        env = {**environment, **extra}
        if options.redis_url and "RESPONSE_CACHE_SECONDS" not in extra:
            env["REDIS_URL"] = options.redis_url
        print(f"\n## {mode}")
        print(
            f"{'request':<46} {'status':>6} {'1st byte':>9} {'one (ms)':>9} {'KB':>8} "
            f"{'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}"
        )
        with serve(options.port, env):
            warm_workers(options.port)
            if options.redis_url and "RESPONSE_CACHE_SECONDS" not in extra:
                bump(env)
            # Every single request first, on an idle server: none waits behind the queue a load
            # left (the lines' order once skewed them by up to 40 ms).
            singles = []
            for name, path in requests(agency):
                url = f"http://127.0.0.1:{options.port}{path}"
                fetch(url)  # warm: primes the cache; cold: the answer is computed again
                singles.append((name, url, one_request(url, options.slow)))
            for name, url, (status, first_byte, seconds, size) in singles:
                line = f"{name:<46} {status:>6} {first_byte * 1000:>9.1f} {seconds * 1000:>9.1f} {size / 1024:>8.1f}"
                if seconds > options.slow or status != 200:
                    # Cold: too slow to load; warm: not in the cache (not finished, or not cacheable).
                    print(f"{line} {'skipped: one request takes over ' + str(options.slow) + ' s':>32}")
                    continue
                rate, p50, p95, p99 = load(url, options.duration)
                print(f"{line} {rate:>8.1f} {p50:>7} {p95:>7} {p99:>7}")
                drain(options.port)


def prepare(options, environment):
    """Generate the tasks if missing and collect static files; returns a generated agency's slug."""
    count = django_value(environment, "from resolutions.models import Task; print(Task.objects.count())", migrate=True)
    if int(count or 0) < options.tasks:
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "generate.py"), "--tasks", str(options.tasks - int(count or 0))],
            env={**environment, "DJANGO_DEBUG": "1"},
            check=True,
        )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    # The agency leading the most tasks overdue in 2025-Q3, as a user would look it up.
    return django_value(
        environment,
        "import datetime as dt; from django.db.models import Count; from resolutions.models import Task; "
        "print(Task.objects.judged_on(dt.date.today()).filter(status='overdue', lead_agency__slug__startswith='gen-')"
        ".due_in('2025-Q3').values('lead_agency__slug').annotate(n=Count('pk')).order_by('-n')[0]['lead_agency__slug'])",
    )


def django_value(environment, code, migrate=False):
    setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings'); django.setup(); "
    if migrate:
        setup += "from django.core.management import call_command; call_command('migrate', verbosity=0); "
    result = subprocess.run(
        [PYTHON, "-c", setup + code], cwd=ROOT, env={**environment, "DJANGO_DEBUG": "1"}, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"load.py: {result.stderr.strip()}")
    return result.stdout.strip()


def bump(environment):
    django_value(environment, "from resolutions.response_cache import bump_data_version; bump_data_version()")


class serve:
    def __init__(self, port, environment):
        self.port, self.environment = port, environment

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="load-gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tracker.wsgi"],
            cwd=ROOT,
            # Production's configuration (gthread, keep-alive, access log), with two workers.
            env={
                **self.environment,
                "WEB_CONCURRENCY": "2",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_TIMEOUT": "120",
                # Recycling a worker every 2,000 requests would restart each one every few
                # seconds at these rates; a site this busy would raise it too.
                "GUNICORN_MAX_REQUESTS": "200000",
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/", timeout=5)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.__exit__()
        sys.exit(f"load.py: gunicorn did not answer; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def one_request(url, slow, runs=5):
    """(status, first byte, whole answer, bytes): the median of ``runs`` requests one at a time
    (one only when it takes over ``slow`` seconds), so that a thread's first request, which
    opens its database connection, does not stand for the rest."""
    results = []
    for _ in range(runs):
        timings = {}
        status, seconds, size = fetch(url, timings)
        results.append((seconds, timings.get("first byte", seconds), status, size))
        if seconds > slow:
            break
    seconds, first_byte, status, size = sorted(results)[len(results) // 2]
    return status, first_byte, seconds, size


def warm_workers(port):
    """Load templates, translations and URL patterns in every worker and thread, as in a server
    that has been running, before anything is timed (other addresses than the timed ones)."""
    for _ in range(8):
        for path in ("/vi/tasks/?page=2", "/en/tasks/?page=2", "/api/tasks/?page=2", "/vi/agencies/?page=1"):
            fetch(f"http://127.0.0.1:{port}{path}")


def fetch(url, timings=None):
    """(status, seconds for the whole body, bytes); ``timings`` gets "first byte" (seconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=90) as response:
            body = response.read(1)
            if timings is not None:
                timings["first byte"] = time.perf_counter() - started
            body += response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    except TimeoutError:
        return "timeout", time.perf_counter() - started, 0
    return status, time.perf_counter() - started, len(body)


def drain(port, within=60):
    """Wait until the workers have answered what wrk left queued (its connections close with
    requests still in the backlog), so the next single request is not timed behind them."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(f"http://127.0.0.1:{port}/healthz")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def load(url, duration):
    result = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duration}s", "--timeout", "30s", "-s", str(WRK_SCRIPT), url],
        capture_output=True,
        text=True,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    percentiles = re.search(r"p50=(\d+) p95=(\d+) p99=(\d+)", result.stdout)
    if not rate or not percentiles:
        return 0.0, "-", "-", "-"
    return float(rate.group(1)), *(f"{int(value) / 1000:.1f}ms" for value in percentiles.groups())


if __name__ == "__main__":
    main()
