"""First byte, total time, size and peak memory of the streamed exports (CSV, calendar, Atom,
the API's CSV) on the database named by DATABASE_URL (PostgreSQL filled by bench/generate.py).

    DATABASE_URL=postgres://.../scale100k .venv/bin/python bench/exports.py [--only ics]

Served in-process by Django's test client with the response cache off, each body read chunk by
chunk as a client would. Memory: the process's peak resident size (ru_maxrss) before and after
each export, so a growth shows an export that holds its rows; the largest chunk is printed too.
The second chunk is the first row after the header (the first query's answer) for CSV and
calendar.
"""

import argparse
import os
import resource
import time
from pathlib import Path

from scratch import set_up_in_process

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = [
    ("tasks CSV (website)", "/vi/tasks.csv"),
    ("tasks CSV (API)", "/api/tasks/?format=csv"),
    ("calendar", "/vi/tasks.ics"),
    ("Atom feed (latest entries)", "/vi/tasks.atom"),
]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only the addresses containing this text")
    options = parser.parse_args()
    # A whole export takes longer than one page's statement timeout; each of its queries does not.
    set_up_in_process(DATABASE_STATEMENT_TIMEOUT_MS="0")
    from django.test import Client

    from resolutions.models import Task

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.get("/vi/tasks/")  # imports and templates loaded, as in a running server
    print(f"{Task.objects.count()} tasks; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load {os.getloadavg()}")
    for name, url in EXPORTS:
        if options.only not in url:
            continue
        before = peak_mb()
        started = time.perf_counter()
        response = client.get(url)
        first_byte = first_row = None
        size = largest = chunks = 0
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            elif first_row is None:  # the header came first
                first_row = time.perf_counter() - started
            chunks += 1
            size += len(chunk)
            largest = max(largest, len(chunk))
        total = time.perf_counter() - started
        print(
            f"{name:28} {response.status_code} streamed={response.streaming} first byte {1000 * first_byte:5.0f} ms, "
            f"second chunk {1000 * (first_row or 0):5.0f} ms, "
            f"all {total:6.1f} s, {size / 1e6:6.1f} MB in {chunks} chunks (largest {largest / 1024:.1f} KB), "
            f"peak RSS {before:.0f} -> {peak_mb():.0f} MB  {url}"
        )


if __name__ == "__main__":
    main()
