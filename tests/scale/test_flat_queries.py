"""Every page and endpoint issues the same number of queries at 30 and at 300 generated tasks
(``bench/generate.py``): nothing is queried per row. The counts are pinned exactly, each with
the queries it names; the addresses are chosen so that every list they show has rows (a list
without rows skips its prefetch queries)."""

import datetime as dt

import pytest
from django.utils.http import urlencode

from bench.generate import generate
from resolutions.deadlines import TaskStatus, quarter_of
from resolutions.models import Citation, Figure, FigureUnit, Law, Task

TODAY = dt.date(2025, 9, 1)


@pytest.fixture(params=[30, 300], ids=lambda size: f"{size}-tasks")
def generated(request, db):
    generated = generate(request.param, today=TODAY, reported_share=0.5, meeting_share=1.0)
    # A stated figure with its evidence, so that the documents page fetches both.
    figure = Figure.objects.create(
        slug="generated-figure", label="28 laws", value=28, unit=FigureUnit.LAWS, document=generated.documents[0]
    )
    Citation.objects.create(key="generated-figure-citation", source=generated.source, excerpt="28 laws.", figure=figure)
    return generated


def addresses(generated):
    """(address, queries, what they are) for every page and endpoint, judged on TODAY."""
    task = (
        Task.objects.with_status(TODAY)
        .filter(status=TaskStatus.OVERDUE, lead_agency__isnull=False, document__isnull=False)
        .filter(progress_reports__isnull=False)
        .select_related("lead_agency", "document")
        .order_by("slug")
        .first()
    )
    assert task is not None, "the generated set has an overdue task with an agency, a document and a report"
    agency, document = task.lead_agency, task.document
    law = Law.objects.filter(tasks__isnull=False).order_by("slug").first()
    word = "Synthetic"  # in every generated task's description: more tasks match than the search page shows
    as_of = {"as_of": TODAY.isoformat()}
    filters = urlencode({"agency": agency.slug, "quarter": quarter_of(task.deadline), "status": "overdue", **as_of})
    search = urlencode({"q": word})
    latest = "the latest change (Last-Modified)"
    return [
        (
            "/en/?" + urlencode(as_of),
            8,
            "the newest information's date (the first request only; then cached for the data version); "
            "counts per quarter and status and agencies' records grouped in one query; the shown agencies; "
            "first overdue; "
            f"their coordinators; first due next; their coordinators; {latest}",
        ),
        (
            "/en/tasks/?" + urlencode(as_of),
            13,
            "count; page; coordinators; facets grouped: per agency (its involvement rows), agencies, "
            "per quarter (also the quarter index, no quarter being chosen), every quarter, per status, "
            f"per document pair, documents, per law, laws; {latest}",
        ),
        (
            "/en/tasks/?" + filters,
            14,
            f"the agency by slug; the 13 of the unfiltered list (its {latest} included); no query for the "
            "quarter index (a quarter is chosen: every matching task falls due in it)",
        ),
        (
            task.get_absolute_url() + "?" + urlencode(as_of),
            9,
            "task with its chain; coordinating; laws; citations; reports; their citations; all reports; "
            f"its last change; {latest}",
        ),
        ("/en/laws/", 4, f"count of laws; review lists; the page of laws with stage and task counts; {latest}"),
        (
            law.get_absolute_url() + "?" + urlencode(as_of),
            8,
            f"law; citations; reports; review lists; first tasks; their coordinators; its last change; {latest}",
        ),
        ("/en/documents/", 5, f"documents; tasks per document pair; figures; their citations; {latest}"),
        (
            document.get_absolute_url() + "?" + urlencode(as_of),
            10,
            "document with its chain; children; citations; reports; review lists; figures; first tasks; "
            f"their coordinators; its last change; {latest}",
        ),
        ("/en/agencies/?" + urlencode(as_of), 3, f"agencies' records grouped; agencies; {latest}"),
        (
            agency.get_absolute_url() + "?" + urlencode(as_of),
            9,
            "agency; children; successors; citations; first tasks; their coordinators; its record; "
            f"its last change; {latest}",
        ),
        ("/en/sources/", 2, f"sources with excerpt counts; {latest}"),
        (
            generated.source.get_absolute_url(),
            5,
            f"source; its citations' count; their page with their subjects; its last change; {latest}",
        ),
        (
            "/en/search/?" + search,
            6,
            f"documents; laws; tasks (one more than shown); their count (there are more); agencies; {latest}",
        ),
        ("/en/tasks.csv?" + filters, 5, f"the agency by slug; {latest}; streamed: tasks; coordinators; laws"),
        ("/en/tasks.ics?" + urlencode(as_of), 2, f"{latest}; streamed: tasks with their lead agency"),
        ("/en/tasks.atom?" + urlencode(as_of), 3, f"the latest reports; their citations; {latest}"),
        (
            "/api/tasks/?" + urlencode({"page_size": 100, **as_of}),
            7,
            f"count; tasks; coordinators; laws; citations; reports known; {latest}",
        ),
        ("/api/tasks/?" + filters, 8, "the agency by slug; the 7 of the unfiltered list"),
        ("/api/tasks/?" + urlencode({"search": word, **as_of}), 7, "as the unfiltered list"),
        ("/api/tasks/?" + urlencode({"format": "csv", **as_of}), 4, f"{latest}; streamed: tasks; coordinators; laws"),
        (f"/api/tasks/{task.slug}/?" + urlencode(as_of), 6, f"task; four prefetches; {latest}"),
        ("/api/laws/?page_size=100", 6, f"count; laws; review lists; reports; citations; {latest}"),
        (f"/api/laws/{law.slug}/", 6, f"law; review lists; reports; citations; its first tasks; {latest}"),
        (
            "/api/documents/?page_size=100",
            6,
            f"documents by pk; count; documents; implementing documents; citations; {latest}",
        ),
        ("/api/agencies/?page_size=100", 4, f"count; agencies; citations; {latest}"),
        ("/api/sources/?page_size=100", 3, f"count; sources with citation counts; {latest}"),
        ("/api/reports/?page_size=100", 4, f"count; reports; citations; {latest}"),
    ]


def test_every_page_and_endpoint_makes_the_same_queries_at_30_and_300_tasks(
    client, generated, django_assert_num_queries
):
    for address, queries, _named in addresses(generated):
        with django_assert_num_queries(queries, info=address):
            response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, address
