"""EXPLAIN ANALYZE of the status and search queries on the database named by DATABASE_URL
(PostgreSQL, filled by bench/generate.py).

    DATABASE_URL=postgres://.../scale100k .venv/bin/python bench/explain.py [--full]

Prints, per query: execution time, rows, and the indexes the plan reads (the whole plan with
--full).
"""

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="print whole plans")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.http import QueryDict

    from resolutions import params
    from resolutions.deadlines import TaskStatus
    from resolutions.filters import TaskFilter
    from resolutions.models import Agency, Document, Task
    from resolutions.search import ranked_search, search_queryset

    if connection.vendor != "postgresql":
        sys.exit("explain.py: set DATABASE_URL to a PostgreSQL database filled by bench/generate.py")
    today, past = dt.date.today(), dt.date(2025, 9, 30)
    agency = Agency.objects.filter(slug__startswith="gen-agency-").first()
    if agency is None:
        sys.exit("explain.py: no generated data; run bench/generate.py first")

    def listed(query, as_of):
        """The task list's filter, bound as the website and the API bind it."""
        bound = params.bind(QueryDict(f"{query}&as_of={as_of}"), TaskFilter, today=today)
        return bound.filterset, bound.filterset.filter_queryset(Task.objects.judged_on(bound.as_of))

    chosen = f"agency={agency.slug}&quarter=2025-Q3&status=overdue"
    chosen_filters, chosen_tasks = listed(chosen, today)
    by_agency = chosen_filters.judged_rows_without(today, "agency", per_agency=True)

    def filtered(as_of):
        return Task.objects.with_status(as_of).filter(
            lead_agency=agency, deadline__range=(dt.date(2025, 7, 1), dt.date(2025, 9, 30)), status=TaskStatus.OVERDUE
        )

    queries = [
        ("overdue today: count", Task.objects.with_status(today).filter(status=TaskStatus.OVERDUE).values("pk")),
        ("status facet today", Task.objects.with_status(today).order_by().values("status").annotate(n=Count("pk"))),
        ("status facet 2025-09-30", Task.objects.with_status(past).order_by().values("status").annotate(n=Count("pk"))),
        ("agency+quarter+overdue 2025-09-30", filtered(past)),
        ("agency+quarter+overdue today", filtered(today)),
        ("list: agency (any role)+Q3+overdue count", chosen_tasks.values("pk")),
        ("list: the same, first page", chosen_tasks.by_deadline()[:50]),
        ("agency facet over Q3+overdue", by_agency.order_by().values("agency").annotate(n=Count("task"))),
        (
            "overdue today, first page by deadline",
            Task.objects.with_status(today).filter(status=TaskStatus.OVERDUE).by_deadline()[:50],
        ),
        ("order by status, first page", Task.objects.with_status(today).order_by("status", "pk")[:50]),
        ("search 'chuyen doi so' tasks, page", search_queryset(Task.objects.all(), "chuyen doi so").by_deadline()[:50]),
        ("search 'tri tue nhan tao' count", search_queryset(Task.objects.all(), "tri tue nhan tao").values("pk")),
        ("ranked search '57/NQ-TW' documents", ranked_search(Document.objects.all(), "57/NQ-TW")[:50]),
        ("ranked search 'quoc hoi' tasks, page", ranked_search(Task.objects.all(), "quoc hoi")[:50]),
    ]
    print(f"{Task.objects.count()} tasks; today {today}")
    for name, queryset in queries:
        sql, query_params = queryset.query.sql_with_params()
        if name.endswith("count"):
            sql = f"SELECT count(*) FROM ({sql}) AS counted"
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", query_params)
            plan = [row[0] for row in cursor.fetchall()]
        text = "\n".join(plan)
        execution = re.search(r"Execution Time: ([\d.]+) ms", text).group(1)
        rows = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan[0])
        used = re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)", text)
        indexes = sorted({name for pair in used for name in pair if name})
        seq_scans = sorted(set(re.findall(r"Seq Scan on (\w+)", text)))
        found = rows.group(1) if rows else "?"
        print(f"{name:<40} {execution:>9} ms  rows {found:>6}  indexes: {', '.join(indexes) or '-'}")
        if seq_scans:
            print(f"{'':<40} sequential scans: {', '.join(seq_scans)}")
        if options.full:
            print(text + "\n")


if __name__ == "__main__":
    main()
