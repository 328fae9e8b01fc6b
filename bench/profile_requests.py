"""Where one uncached request spends its time: each of issue 9's requests, served in-process by
Django's test client against the database named by DATABASE_URL (PostgreSQL filled by
bench/generate.py), with the response cache off.

    DATABASE_URL=postgres://.../scale100k .venv/bin/python bench/profile_requests.py [--runs 3] [--explain]

Prints per request: status, size, queries, median time of --runs requests (after one warming
request) and the time spent in SQL; with --explain, EXPLAIN ANALYZE of its slowest queries.
"""

import argparse
import statistics
import time
from pathlib import Path

from scratch import set_up_in_process

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed requests per address (default 3)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the two slowest queries of each")
    parser.add_argument("--only", default="", help="only the addresses containing this text")
    options = parser.parse_args()
    set_up_in_process()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load import requests
    from resolutions.models import Agency

    agency = Agency.objects.filter(slug__startswith="gen-").order_by("slug").values_list("slug", flat=True).first()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for name, url in requests(agency or "most"):
        if options.only not in url:
            continue
        client.get(url)  # warm the worker (imports, templates), as a long-running server is
        timings = []
        for _run in range(options.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                size = len(b"".join(response.streaming_content) if response.streaming else response.content)
                timings.append(time.perf_counter() - started)
        sql = sum(float(query["time"]) for query in captured.captured_queries)
        print(
            f"{name:50} {response.status_code} {size / 1024:8.1f} KB {len(captured.captured_queries):3} queries "
            f"{1000 * statistics.median(timings):8.1f} ms (SQL {1000 * sql:.1f} ms)  {url}"
        )
        if options.explain:
            slowest = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))[:2]
            for query in slowest:
                print(f"    {1000 * float(query['time']):.1f} ms: {query['sql'][:300]}")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                    for (line,) in cursor.fetchall():
                        print("        " + line)


if __name__ == "__main__":
    main()
