"""Per-page query counts and response times of the public website on a scratch SQLite database
holding the curated data plus a few hundred generated tasks.

    .venv/bin/python bench/bench_pages.py [--tasks 300] [--runs 5]

Prints one line per page: queries, median and worst response time in milliseconds.
"""

import argparse
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
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
    options = parser.parse_args()
    if options.tasks < 0 or options.runs < 1:
        parser.error("--tasks must be 0 or more and --runs at least 1")

    scratch = Path(tempfile.mkdtemp(prefix="bench-pages-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # Timings of the views themselves, not of resolutions/response_cache.py.
    os.environ["RESPONSE_CACHE_SECONDS"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_curated", verbosity=0)
    from bench.generate import generate

    generate(options.tasks)

    from resolutions.models import Agency, Document, Law, LawReviewList, Source, Task

    busiest_agency = Agency.objects.filter(slug__startswith="gen-agency-").first() or Agency.objects.first()
    pages = [
        ("home", "/vi/"),
        ("home as_of", "/?as_of=2025-07-01"),
        ("task list", "/vi/tasks/"),
        ("task list filtered", f"/vi/tasks/?agency={busiest_agency.slug}&status=overdue&quarter=2025-Q3"),
        ("task list search", "/vi/tasks/?search=57-NQ/TW"),
        ("task list page 3", "/vi/tasks/?page=3"),
        ("tasks.csv", "/vi/tasks.csv"),
        ("tasks.ics", "/vi/tasks.ics"),
        ("tasks.atom", "/vi/tasks.atom"),
        ("task detail", Task.objects.filter(progress_reports__isnull=False).first().get_absolute_url()),
        ("law list", "/vi/laws/"),
        ("law detail", Law.objects.first().get_absolute_url()),
        ("review list", LawReviewList.objects.first().get_absolute_url()),
        ("document list", "/vi/documents/"),
        ("document detail", Document.objects.get(slug="resolution-57-nq-tw").get_absolute_url()),
        ("agency list", "/vi/agencies/"),
        ("agency detail", busiest_agency.get_absolute_url()),
        ("source list", "/vi/sources/"),
        ("source detail", Source.objects.first().get_absolute_url()),
        ("search", "/vi/search/?q=khoa+hoc"),
        ("bad parameter (400)", "/tasks/?quarter=2025-Q5"),
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    print(f"{Task.objects.count()} tasks ({options.tasks} generated), {connection.vendor}, {options.runs} runs")
    print(f"{'page':<22} {'status':>6} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for name, url in pages:
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url)
        timings = []
        for _ in range(options.runs):
            started = time.perf_counter()
            client.get(url)
            timings.append(1000 * (time.perf_counter() - started))
        print(
            f"{name:<22} {response.status_code:>6} {queries.count:>7} "
            f"{statistics.median(timings):>10.1f} {max(timings):>8.1f}"
        )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
