"""Per-request query counts, response times and sizes of the REST API on a scratch SQLite
database holding the curated data plus a few hundred generated tasks.

    .venv/bin/python bench/bench_api.py [--tasks 300] [--runs 5]

Prints one line per request: status, queries, median and worst response time in milliseconds,
and the body size in kilobytes.
"""

from scratch import parse_options, set_up, timed_get


def main():
    options = parse_options(__doc__.splitlines()[0], "line")
    # The benchmark itself must not be throttled.
    set_up("bench-api-", options.tasks, API_ANON_RATE="1000000/minute")
    from django.db import connection
    from django.test import Client

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
        response, queries, size, median, worst = timed_get(client, url, options.runs, **headers)
        print(f"{name:<20} {response.status_code:>6} {queries:>7} {median:>10.1f} {worst:>8.1f} {size / 1024:>8.1f}")


if __name__ == "__main__":
    main()
