"""Every page and endpoint issues the same number of queries at 30 and at 300 generated tasks
(``bench/generate.py``): nothing is queried per row. The counts are pinned exactly, each with
the queries it names; the addresses are chosen so that every list they show has rows (a list
without rows skips its prefetch queries)."""

import datetime as dt

import pytest
from django.utils.http import urlencode

from bench.generate import generate
from resolutions import freshness, history
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
    return [
        (
            "/en/?" + urlencode(as_of),
            6,
            "counts per quarter and status and agencies' records grouped in one query; the shown agencies; "
            "first overdue; "
            "their coordinators; first due next; their coordinators",
        ),
        (
            "/en/tasks/?" + urlencode(as_of),
            12,
            "count; page; coordinators; facets grouped: per agency (its involvement rows), agencies, "
            "per quarter (also the quarter index, no quarter being chosen), every quarter, per status, "
            "per document pair, documents, per law, laws",
        ),
        (
            "/en/tasks/?" + filters,
            13,
            "the agency by slug; the 12 of the unfiltered list; no query for the "
            "quarter index (a quarter is chosen: every matching task falls due in it)",
        ),
        (
            task.get_absolute_url() + "?" + urlencode(as_of),
            8,
            "task with its chain; coordinating; laws; citations; reports; their citations; all reports; "
            "its last change",
        ),
        ("/en/laws/", 3, "count of laws; review lists; the page of laws with stage and task counts"),
        (
            law.get_absolute_url() + "?" + urlencode(as_of),
            7,
            "law; citations; reports; review lists; first tasks; their coordinators; its last change",
        ),
        ("/en/documents/", 4, "documents; tasks per document pair; figures; their citations"),
        (
            document.get_absolute_url() + "?" + urlencode(as_of),
            9,
            "document with its chain; children; citations; reports; review lists; figures; first tasks; "
            "their coordinators; its last change",
        ),
        ("/en/agencies/?" + urlencode(as_of), 2, "agencies' records grouped; agencies"),
        (
            agency.get_absolute_url() + "?" + urlencode(as_of),
            8,
            "agency; children; successors; citations; first tasks; their coordinators; its record; its last change",
        ),
        ("/en/sources/", 1, "sources with excerpt counts"),
        (
            generated.source.get_absolute_url(),
            4,
            "source; its citations' count; their page with their subjects; its last change",
        ),
        (
            "/en/search/?" + search,
            5,
            "documents; laws; tasks (one more than shown); their count (there are more); agencies",
        ),
        ("/en/tasks.csv?" + filters, 4, "the agency by slug; streamed: tasks; coordinators; laws"),
        ("/en/tasks.ics?" + urlencode(as_of), 1, "streamed: tasks with their lead agency"),
        ("/en/tasks.atom?" + urlencode(as_of), 2, "the latest reports; their citations"),
        (
            "/api/tasks/?" + urlencode({"page_size": 100, **as_of}),
            6,
            "count; tasks; coordinators; laws; citations; reports known",
        ),
        ("/api/tasks/?" + filters, 7, "the agency by slug; the 6 of the unfiltered list"),
        ("/api/tasks/?" + urlencode({"search": word, **as_of}), 6, "as the unfiltered list"),
        ("/api/tasks/?" + urlencode({"format": "csv", **as_of}), 3, "streamed: tasks; coordinators; laws"),
        (f"/api/tasks/{task.slug}/?" + urlencode(as_of), 5, "task; four prefetches"),
        ("/api/laws/?page_size=100", 5, "count; laws; review lists; reports; citations"),
        (f"/api/laws/{law.slug}/", 5, "law; review lists; reports; citations; its first tasks"),
        (
            "/api/documents/?page_size=100",
            5,
            "documents by pk; count; documents; implementing documents; citations",
        ),
        ("/api/agencies/?page_size=100", 3, "count; agencies; citations"),
        ("/api/sources/?page_size=100", 2, "count; sources with citation counts"),
        ("/api/reports/?page_size=100", 3, "count; reports; citations"),
    ]


def test_every_page_and_endpoint_makes_the_same_queries_at_30_and_300_tasks(
    client, generated, django_assert_num_queries
):
    # Each address answered uncached at a data version already read: what is kept per data
    # version (the newest information's date, the latest recorded change for Last-Modified; both
    # pinned in tests/web/test_freshness.py) comes from the cache, as on every request but the first.
    freshness.newest_information_on()
    history.latest_recorded_change_kept()
    for address, queries, _named in addresses(generated):
        with django_assert_num_queries(queries, info=address):
            response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, address
