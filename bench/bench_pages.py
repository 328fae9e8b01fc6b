"""Per-page query counts and response times of the public website on a scratch SQLite database
holding the curated data plus a few hundred generated tasks.

    .venv/bin/python bench/bench_pages.py [--tasks 300] [--runs 5]

Prints one line per page: queries, median and worst response time in milliseconds.
"""

from scratch import parse_options, set_up, timed_get


def main():
    options = parse_options(__doc__.splitlines()[0], "page")
    set_up("bench-pages-", options.tasks, AXES_ENABLED="0")
    from django.db import connection
    from django.test import Client

    from resolutions.models import Agency, Document, Law, LawReviewList, Source, Task

    busiest_agency = Agency.objects.filter(slug__startswith="gen-agency-").first() or Agency.objects.first()
    pages = [
        ("home", "/vi/"),
        ("home as_of", "/vi/?as_of=2025-07-01"),
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
        ("bad parameter (400)", "/vi/tasks/?quarter=2025-Q5"),
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    print(f"{Task.objects.count()} tasks ({options.tasks} generated), {connection.vendor}, {options.runs} runs")
    print(f"{'page':<22} {'status':>6} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for name, url in pages:
        response, queries, _size, median, worst = timed_get(client, url, options.runs)
        print(f"{name:<22} {response.status_code:>6} {queries:>7} {median:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
