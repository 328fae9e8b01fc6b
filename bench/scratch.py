"""The scratch site that bench_pages.py and bench_api.py time: a new SQLite database holding the
curated data plus generated tasks, served through Django's test client."""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_options(description, timed_item):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tasks", type=int, default=300, help="generated tasks on top of the curated data")
    parser.add_argument("--runs", type=int, default=5, help=f"timed requests per {timed_item}")
    options = parser.parse_args()
    if options.tasks < 0 or options.runs < 1:
        parser.error("--tasks must be 0 or more and --runs at least 1")
    return options


def set_up(prefix, tasks, **environment):
    """Point Django at a new SQLite database, migrate it, load the curated data and generate
    ``tasks`` more; ``environment`` adds settings (``AXES_ENABLED="0"``, ...)."""
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix=prefix)) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # Timings of the views themselves, not of resolutions/response_cache.py.
    os.environ["RESPONSE_CACHE_SECONDS"] = "0"
    os.environ.update(environment)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 400 line is expected
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_curated", verbosity=0)
    from bench.generate import generate

    generate(tasks)


def set_up_in_process(**environment):
    """Set Django up in this process on the database ``DATABASE_URL`` names, to serve requests
    through the test client with the response cache, axes and the API throttle out of the way;
    ``environment`` adds settings where the environment gives none."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ["RESPONSE_CACHE_SECONDS"] = "0"
    os.environ["AXES_ENABLED"] = "0"
    os.environ.setdefault("API_ANON_RATE", "1000000/second")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    for name, value in environment.items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def timed_get(client, url, runs, **headers):
    """The response to a first request, its query count and its body's size in bytes, then the
    median and worst time in milliseconds of ``runs`` more. Streamed bodies are read to the end,
    within the count and the time."""
    from django.db import connection

    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url, **headers)
        size = len(body(response))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        body(client.get(url, **headers))
        timings.append(1000 * (time.perf_counter() - started))
    return response, queries.count, size, statistics.median(timings), max(timings)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
