"""Issue 9's yardstick: Datasette serving the same tasks, measured like bench/load.py measures
the tracker, so the two can be compared in the same run on the same machine.

    python3 -m venv /tmp/datasette && /tmp/datasette/bin/pip install 'datasette>=0.65,<0.66'
    .venv/bin/python bench/datasette_side_by_side.py --datasette /tmp/datasette/bin/datasette \
        [--database-url postgres://postgres@127.0.0.1:5432/scale100k] [--port 8300] [--duration 10]

Copies every task of the PostgreSQL database (as judged today: slug, titles, deadline, quarter,
lead agency, status, folded search text) into a new SQLite file with an index on each filtered
column and an FTS5 table, serves it with Datasette (one uvicorn process, its defaults), and
prints, for the same requests as bench/load.py with the nearest Datasette equivalent, one
request's time and wrk's rate and percentiles. Datasette filters by the lead agency only (the
tracker also finds the tasks an agency coordinates) and has no dashboard: its database page
stands in for the home page. Facet suggestions are off (``suggest_facets``): they cost Datasette
about 300 ms a request on this table, and issue 9's figures for it were taken without them, so
the yardstick is Datasette at its fastest.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import fetch, load, requests  # noqa: E402 (bench/ is not a package on the command line)
from scratch import set_up_in_process  # noqa: E402

COLUMNS = ["slug", "title", "title_vi", "deadline", "quarter", "lead_agency", "status", "search_text"]


def datasette_requests(agency):
    """(name, path): Datasette's nearest equivalent of each of bench/load.py's first five requests,
    under the same names (its database page stands in for the home page)."""
    filters = f"lead_agency={agency}&quarter=2025-Q3&status=overdue"
    paths = [f"tasks.json?{filters}&_size=25", "tasks.json?_search=chuyen+doi+so&_size=25"]
    paths += [f"tasks?{filters}&_size=50", "tasks.json?_size=50", ""]
    return [(name, f"/tasks/{path}".rstrip("/")) for (name, _), path in zip(requests(agency)[:5], paths, strict=True)]


def copy_tasks(path):
    """Write the tasks, judged today, into a new SQLite database at ``path``; returns the agency
    leading the most tasks overdue in 2025-Q3 (as bench/load.py picks it)."""
    import datetime as dt

    from resolutions.deadlines import quarter_of
    from resolutions.models import Task

    database = sqlite3.connect(path)
    database.execute(f"CREATE TABLE tasks (id INTEGER PRIMARY KEY, {', '.join(COLUMNS)})")
    rows = (
        Task.objects.judged_on(dt.date.today())
        .order_by("pk")
        .values_list("pk", "slug", "title", "title_vi", "deadline", "lead_agency__slug", "status", "search_text")
    )
    overdue = {}
    for pk, slug, title, title_vi, deadline, agency, status, search_text in rows.iterator(chunk_size=5000):
        quarter = quarter_of(deadline) if deadline else None
        database.execute(
            "INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pk, slug, title, title_vi, deadline and deadline.isoformat(), quarter, agency, status, search_text),
        )
        if quarter == "2025-Q3" and status == "overdue" and agency:
            overdue[agency] = overdue.get(agency, 0) + 1
    for column in ("deadline", "quarter", "lead_agency", "status"):
        database.execute(f"CREATE INDEX tasks_{column} ON tasks ({column})")
    database.execute(
        "CREATE VIRTUAL TABLE tasks_fts USING fts5(title, title_vi, search_text, content=tasks, content_rowid=id)"
    )
    database.execute(
        "INSERT INTO tasks_fts (rowid, title, title_vi, search_text) SELECT id, title, title_vi, search_text FROM tasks"
    )
    database.commit()
    count = database.execute("SELECT count(*) FROM tasks").fetchone()[0]
    database.close()
    return count, max(overdue, key=overdue.get)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasette", required=True, help="the datasette command (installed apart)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/scale100k")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per request (default 10)")
    options = parser.parse_args()
    if (
        not Path(options.datasette).exists()
        and subprocess.run(["which", options.datasette], capture_output=True).returncode
    ):
        parser.error(f"--datasette: {options.datasette} not found")
    os.environ["DATABASE_URL"] = options.database_url
    set_up_in_process()

    path = Path(tempfile.mkdtemp(prefix="datasette-")) / "tasks.db"
    started = time.perf_counter()
    count, agency = copy_tasks(path)
    print(f"copied {count} tasks to {path} in {time.perf_counter() - started:.1f} s; agency {agency}")
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; load {os.getloadavg()}")
    server = subprocess.Popen(
        [options.datasette, "serve", str(path), "--port", str(options.port), "--setting", "suggest_facets", "off"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{options.port}/-/versions.json", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        print("\n## Datasette, same tasks")
        print(f"{'request':<46} {'status':>6} {'one (ms)':>9} {'KB':>8} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}")
        for name, path_and_query in datasette_requests(agency):
            url = f"http://127.0.0.1:{options.port}{path_and_query}"
            fetch(url)  # as the tracker's warm run, one request first
            status, seconds, size = fetch(url)
            rate, p50, p95, p99 = load(url, options.duration)
            line = f"{name:<46} {status:>6} {seconds * 1000:>9.1f} {size / 1024:>8.1f}"
            print(f"{line} {rate:>8.1f} {p50:>7} {p95:>7} {p99:>7}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
