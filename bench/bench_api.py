"""Per-request query counts, response times and sizes of the REST API on a scratch SQLite
database holding the curated data plus a few hundred generated tasks.

    .venv/bin/python bench/bench_api.py [--tasks 300] [--runs 5]

Prints one line per request: status, queries, median and worst response time in milliseconds,
and the body size in kilobytes.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300, help="generated tasks on top of the curated data")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per line")
    options = parser.parse_args()
    if options.tasks < 0 or options.runs < 1:
        parser.error("--tasks must be 0 or more and --runs at least 1")

    scratch = Path(tempfile.mkdtemp(prefix="bench-api-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # Timings of the views themselves, not of resolutions/response_cache.py.
    os.environ["RESPONSE_CACHE_SECONDS"] = "0"
    # The benchmark itself must not be throttled.
    os.environ["API_ANON_RATE"] = "1000000/minute"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 400 line is expected
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_curated", verbosity=0)
    from bench.generate import generate

    generate(options.tasks)

    from resolutions.models import Agency, Task

    busiest_agency = Agency.objects.filter(slug__startswith="gen-agency-").first() or Agency.objects.first()
    task = Task.objects.filter(progress_reports__isnull=False).first()
    client = Client()
    etag = client.get("/api/tasks/?page_size=100")["ETag"]
    requests = [
        ("root", "/api/", {}),
        ("tasks, page of 10", "/api/tasks/?page_size=10", {}),
        ("tasks, page of 100", "/api/tasks/?page_size=100", {}),
        ("tasks, 304", "/api/tasks/?page_size=100", {"HTTP_IF_NONE_MATCH": etag}),
        (
            "tasks, filtered",
            f"/api/tasks/?agency={busiest_agency.slug}&status=overdue&quarter_from=2025-Q2&as_of=2025-09-30",
            {},
        ),
        ("tasks, search", "/api/tasks/?search=57-NQ/TW&page_size=100", {}),
        ("tasks, all as CSV", "/api/tasks/?format=csv", {}),
        ("task detail", f"/api/tasks/{task.slug}/", {}),
        ("laws", "/api/laws/?page_size=100", {}),
        ("review lists", "/api/review-lists/", {}),
        ("documents", "/api/documents/?page_size=100", {}),
        ("figures", "/api/figures/?page_size=100", {}),
        ("agencies", "/api/agencies/?page_size=100", {}),
        ("sources", "/api/sources/?page_size=100", {}),
        ("reports", "/api/reports/?page_size=100", {}),
        ("bad value (400)", "/api/tasks/?quarter=2025-Q5", {}),
        ("schema", "/api/schema/", {}),
    ]
    print(f"{Task.objects.count()} tasks ({options.tasks} generated), {connection.vendor}, {options.runs} runs")
    print(f"{'request':<20} {'status':>6} {'queries':>7} {'median ms':>10} {'max ms':>8} {'KB':>8}")
    for name, url, headers in requests:
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url, **headers)
        timings = []
        for _ in range(options.runs):
            started = time.perf_counter()
            client.get(url, **headers)
            timings.append(1000 * (time.perf_counter() - started))
        print(
            f"{name:<20} {response.status_code:>6} {queries.count:>7} "
            f"{statistics.median(timings):>10.1f} {max(timings):>8.1f} {len(response.content) / 1024:>8.1f}"
        )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
