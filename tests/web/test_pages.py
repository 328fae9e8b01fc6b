"""Dashboard and detail pages: what a reader sees, ``as_of``, 404s and flat query counts."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse, translate_url

from resolutions.deadlines import DatePrecision
from resolutions.models import Agency, Document, Law, LawReviewList, Source, Task
from resolutions.selectors import CITATIONS_PER_PAGE
from tests import factories


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def section(response, heading_id):
    html = response.content.decode()
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1]))


@pytest.fixture
def story(db):
    source = factories.make_source(publisher="Nhân Dân", url="https://example.org/nhandan-57")
    ministry = factories.make_agency(
        slug="most", name="Ministry of Science and Technology", name_vi="Bộ Khoa học và Công nghệ"
    )
    root = factories.make_document(slug="resolution-57", code="57-NQ/TW", title="Resolution 57")
    program = factories.make_document(slug="resolution-03", code="03/NQ-CP", title="Action Program", implements=root)
    law = factories.make_law(slug="data-law", name="Data Law", target="9th Session (May 2025)")
    task = factories.make_task(
        slug="submit-data-law",
        title="Submit the Data Law",
        title_vi="Trình Luật Dữ liệu",
        deadline=dt.date(2025, 6, 30),
        precision=DatePrecision.QUARTER,
        deadline_as_stated="in the second quarter of 2025",
        lead_agency=ministry,
        document=program,
    )
    task.laws.add(law)
    factories.make_citation(source=source, task=task, excerpt="submit the Data Law in the second quarter")
    in_progress = factories.make_report(task=task, reported_on=dt.date(2025, 4, 10), statement="Drafting started.")
    factories.make_citation(source=source, report=in_progress, excerpt="drafting has started")
    factories.make_report(
        task=task, completed_on=dt.date(2025, 7, 20), reported_on=dt.date(2025, 7, 25), statement="Submitted late."
    )
    review = LawReviewList.objects.create(slug="28-laws", name="28 laws to review", document=program, declared_count=28)
    review.laws.add(law)
    return {"source": source, "ministry": ministry, "task": task, "law": law, "program": program, "review": review}


def test_home_shows_counts_overdue_due_next_chart_and_agency_records(client, story):
    factories.make_task(slug="soon", title="Open the sandbox", deadline=dt.date(2025, 8, 15))
    response = client.get(reverse("resolutions:home"), {"as_of": "2025-07-01"})
    page = text_of(response)

    assert response.status_code == 200
    assert "Statuses as of 1 July 2025, which you chose; the newest information is dated 25 July 2025." in page
    assert re.search(r"1 overdue", page)  # the data law was due 2025-06-30
    assert "Submit the Data Law" in section(response, "overdue")
    assert "Open the sandbox" in section(response, "due-next")
    assert "Open the sandbox" not in section(response, "overdue")
    assert "<svg" in response.content.decode() and "The same figures as a table" in page
    # The ministry leads one task that was due and is not done: on-time rate 0%.
    assert "0% (0/1)" in section(response, "agency-records")


def test_as_of_judges_status_with_reports_known_by_then(client, story):
    url = story["task"].get_absolute_url()

    before = text_of(client.get(url, {"as_of": "2025-06-01"}))
    overdue = text_of(client.get(url, {"as_of": "2025-07-21"}))
    after = text_of(client.get(url, {"as_of": "2025-08-01"}))

    assert "Status: in progress" in before and "Statuses as of 1 June 2025, which you chose" in before
    assert "Drafting started." in before and "Submitted late." not in before
    assert "1 later report is not counted on this date." in before
    # Completed on 2025-07-20 but not reported until 2025-07-25: on the 21st it is still overdue.
    assert "Status: overdue" in overdue
    assert "Status: completed late" in after and "Submitted late." in after


def test_task_page_shows_deadline_bodies_chain_laws_history_and_evidence(client, story):
    response = client.get(story["task"].get_absolute_url(), {"as_of": "2025-08-01"})
    page = text_of(response)
    html = response.content.decode()

    assert "2025-06-30 (precision: quarter)" in page
    assert "“in the second quarter of 2025”" in page
    assert "Ministry of Science and Technology" in page
    assert page.index("03/NQ-CP") < page.index("57-NQ/TW")  # chain from the task's document up to the root
    assert 'href="/en/laws/data-law/?as_of=2025-08-01"' in html
    assert "“submit the Data Law in the second quarter”" in page
    assert 'href="https://example.org/nhandan-57"' in html
    assert re.search(r"2025-04-10 — in progress .* 2025-07-25 — completed late", page)


def test_vietnamese_page_shows_vietnamese_names_where_the_data_has_them(client, story):
    response = client.get(translate_url(story["task"].get_absolute_url(), "vi"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response["Content-Language"] == "vi"
    assert "<h1>Trình Luật Dữ liệu</h1>" in response.content.decode()
    assert "Bộ Khoa học và Công nghệ" in text_of(response)


def test_law_document_agency_source_and_review_list_pages(client, story):
    law = text_of(client.get(story["law"].get_absolute_url()))
    document = text_of(client.get(story["program"].get_absolute_url()))
    agency = text_of(client.get(story["ministry"].get_absolute_url(), {"as_of": "2025-07-01"}))
    source = text_of(client.get(story["source"].get_absolute_url()))
    review = text_of(client.get(story["review"].get_absolute_url()))

    assert "9th Session (May 2025)" in law and "Submit the Data Law" in law and "28 laws to review" in law
    assert "Submit the Data Law" in document and "57-NQ/TW" in document
    assert "Leads 1 task. Of those with a deadline: 0 completed on time, 0 completed late, 1 overdue." in agency
    assert "What it backs: 2 excerpts" in source and "drafting has started" in source
    assert "28 laws; 1 identified" in review


def test_agencies_page_shows_fifty_agencies_a_page_by_name(client, db):
    for n in range(53):
        factories.make_agency(slug=f"agency-{n:02d}", name=f"Agency {n:02d}")

    first = text_of(client.get("/en/agencies/"))
    second = client.get("/en/agencies/", {"page": "2"})
    past_the_end = client.get("/en/agencies/", {"page": "3"})

    assert "Agency 00" in first and "Agency 49" in first and "Agency 50" not in first
    assert "Page 1 of 2" in first
    assert re.findall(r"Agency (\d\d)", text_of(second)) == ["50", "51", "52"]
    assert past_the_end.status_code == 400 and "page" in text_of(past_the_end)


def test_documents_page_lists_each_document_under_the_one_it_implements_with_figures(client, story):
    from resolutions.models import Figure, FigureUnit

    root = Document.objects.get(slug="resolution-57")
    loose = factories.make_document(slug="strategy", code=None, title="National Data Strategy")
    figure = Figure.objects.create(
        slug="laws-2025", label="Laws to develop in 2025", value=27, unit=FigureUnit.LAWS, as_stated="27 laws"
    )
    factories.make_citation(source=story["source"], figure=figure, excerpt="development of 27 laws")

    response = client.get(reverse("resolutions:document-list"))
    html = response.content.decode()
    rows = re.findall(r'class="document-row" data-slug="([^"]+)" data-depth="(\d+)"', html)

    assert response.status_code == 200
    # The action program follows Resolution 57, one level down; a document implementing nothing is a root.
    assert rows.index(("resolution-03", "1")) == rows.index(("resolution-57", "0")) + 1
    assert ("strategy", "0") in rows
    assert f'href="/en/tasks/?document={story["program"].slug}">1</a>' in html
    figures = section(response, "figures")
    assert "27 laws — Laws to develop in 2025" in figures and "“development of 27 laws”" in figures
    assert root.code in text_of(response) and loose.title in text_of(response)


def test_document_page_shows_its_progress_with_evidence(client, story):
    report = factories.make_report(
        task=None,
        document=story["program"],
        completed_on=dt.date(2025, 1, 9),
        reported_on=dt.date(2025, 1, 13),
        statement="The Government issued the Action Program.",
        note="The article is undated.",
    )
    factories.make_citation(source=story["source"], report=report, excerpt="issued Resolution No. 03/NQ-CP")

    progress = section(client.get(story["program"].get_absolute_url()), "progress")
    early = client.get(story["program"].get_absolute_url(), {"as_of": "2025-01-10"}).content.decode()

    assert "2025-01-13 — completed (completed on 2025-01-09)" in progress
    assert "The article is undated." in progress and "“issued Resolution No. 03/NQ-CP”" in progress
    assert "The Government issued the Action Program." not in early


def test_a_source_page_shows_its_excerpts_a_page_at_a_time(client, story):
    source = factories.make_source(slug="wire", publisher="Wire", url="https://example.org/wire")
    for n in range(CITATIONS_PER_PAGE + 3):
        factories.make_citation(source=source, task=story["task"], key=f"wire-{n:03d}", excerpt=f"excerpt {n}")

    first = client.get(source.get_absolute_url()).content.decode()
    second = client.get(source.get_absolute_url(), {"page": 2}).content.decode()

    assert re.findall(r'class="citation" id="([^"]+)"', first) == [f"wire-{n:03d}" for n in range(CITATIONS_PER_PAGE)]
    assert re.findall(r'class="citation" id="([^"]+)"', second) == [f"wire-{n:03d}" for n in range(50, 53)]
    assert f"What it backs: {CITATIONS_PER_PAGE + 3} excerpts" in text_of(client.get(source.get_absolute_url()))
    assert 'rel="next" href="?page=2"' in first
    refused = client.get(source.get_absolute_url(), {"page": 3})
    assert refused.status_code == 400 and "page" in refused.content.decode()


def test_sources_page_lists_every_source_with_its_date_or_says_none_is_given(client, story):
    undated = factories.make_source(publisher="Báo Lạng Sơn", title="Undated commentary", published_on=None)
    factories.make_source(publisher="VnExpress", title="Dated news", published_on=dt.date(2025, 9, 25))

    response = client.get(reverse("resolutions:source-list"))
    page = text_of(response)

    assert re.findall(r'class="source-row" data-slug="([^"]+)"', response.content.decode())[0] != undated.slug
    assert "Dated news original article VnExpress 2025-09-25 0" in page
    assert "Undated commentary" in page and "date not given" in page
    # The story's source backs the task, its report: two excerpts.
    assert f"{story['source'].title} original article Nhân Dân date not given 2" in page


def test_laws_page_says_how_many_laws_of_each_review_list_are_identified(client, story):
    html = client.get(reverse("resolutions:law-list")).content.decode()

    assert "28 laws; 1 identified" in html
    assert f'href="{story["review"].get_absolute_url()}"' in html


def test_tasks_not_yet_assigned_on_the_judged_date_are_left_out_and_their_page_says_so(client, story):
    later = factories.make_task(
        slug="assigned-later", title="Assigned in March", assigned_on=dt.date(2025, 3, 4), deadline=dt.date(2025, 3, 31)
    )

    before = text_of(client.get(reverse("resolutions:home"), {"as_of": "2025-03-01"}))
    task_list = client.get(reverse("resolutions:task-list"), {"as_of": "2025-03-01"}).content.decode()
    page = text_of(client.get(later.get_absolute_url(), {"as_of": "2025-03-01"}))
    after = text_of(client.get(reverse("resolutions:home"), {"as_of": "2025-04-01"}))

    assert "Assigned in March" not in before and 'data-slug="assigned-later"' not in task_list
    assert "Not yet assigned on 2025-03-01: this task was assigned on 2025-03-04." in page
    assert "Status: in progress" not in page
    assert "Assigned in March" in after


def test_on_time_rate_counts_only_tasks_with_a_deadline(client, story):
    open_ended = factories.make_task(slug="open-ended", lead_agency=story["ministry"])
    factories.make_report(task=open_ended, completed_on=dt.date(2025, 5, 1))

    home = section(client.get(reverse("resolutions:home"), {"as_of": "2025-07-01"}), "agency-records")
    agency = text_of(client.get(story["ministry"].get_absolute_url(), {"as_of": "2025-07-01"}))

    # Two tasks led; the one without a deadline, though done, does not lift the rate above 0/1.
    assert "0% (0/1)" in home
    assert "Leads 2 tasks. Of those with a deadline: 0 completed on time, 0 completed late, 1 overdue." in agency


def test_links_keep_the_judged_date_and_the_way_back_keeps_the_filters(client, story):
    response = client.get(reverse("resolutions:task-list"), {"agency": "most", "as_of": "2025-07-01"})
    html = response.content.decode()
    task_page = client.get(story["task"].get_absolute_url(), {"as_of": "2025-07-01"}).content.decode()

    assert '<a href="/en/tasks/?agency=most">Show the statuses as of the newest information' in html
    assert 'href="/en/search/?as_of=2025-07-01"' in html
    assert f'href="/en/sources/{story["source"].slug}/?as_of=2025-07-01"' in task_page


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"quarter_from": "2026-Q1", "quarter_to": "2025-Q1"}, "quarter_to"),
        ({"deadline_after": "2026-01-01", "deadline_before": "2025-01-01"}, "deadline_before"),
        ({"as_of": "2025-7-1"}, "as_of"),
        ({"deadline_after": "2025-7-1"}, "deadline_after"),
    ],
)
def test_reversed_ranges_and_loosely_written_dates_are_a_400_naming_the_parameter(client, story, params, named):
    response = client.get(reverse("resolutions:task-list"), params)

    assert response.status_code == 400
    assert f'data-parameter="{named}"' in response.content.decode()


def test_the_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "<h1>" in html and "css/site.css" in html


def test_unknown_slugs_are_404_and_unknown_parameters_are_400(client, story):
    assert client.get(reverse("resolutions:task-detail", args=["no-such-task"])).status_code == 404
    assert client.get(reverse("resolutions:agency-detail", args=["no-such-agency"])).status_code == 404
    response = client.get(story["task"].get_absolute_url(), {"as_of": "yesterday"})
    assert response.status_code == 400
    assert 'data-parameter="as_of"' in response.content.decode()
    assert client.get(reverse("resolutions:home"), {"agency": "most"}).status_code == 400


def test_the_address_not_the_header_chooses_the_language(client, story):
    english = client.get("/en/", HTTP_ACCEPT_LANGUAGE="vi")
    vietnamese = client.get("/vi/")

    assert "Tasks by status" in english.content.decode() and english["Content-Language"] == "en"
    assert "Nhiệm vụ theo tình trạng" in vietnamese.content.decode() and vietnamese["Content-Language"] == "vi"


def page_queries():
    """(url, queries) for every page: the same exact count on the curated data and on a few
    hundred generated tasks. Every page starts with the newest information's date (the default
    as_of, read once per data version: the cache is emptied before each page here) and ends with
    the latest recorded change (its Last-Modified, history.ConditionalGetMiddleware); the query
    string is bound once, so a filter's slug is looked up once."""
    task = Task.objects.filter(progress_reports__isnull=False).order_by("slug").first()
    agency, document, law = (model.objects.order_by("slug").first().slug for model in (Agency, Document, Law))
    filtered = f"?agency={agency}&document={document}&law={law}&status=overdue&quarter=2025-Q2&search=a"
    return [
        # newest information; counts per quarter and status (totals and chart) and agencies'
        # records, grouped in one query; the shown agencies; first overdue; their coordinators;
        # first due next; their coordinators; latest change
        (reverse("resolutions:home"), 8),
        # newest information; count; page of tasks; their coordinators; facets grouped: per agency
        # (its involvement rows), agencies, per quarter (also the quarter index, no quarter being
        # chosen), every quarter, per status, per document pair, documents, per law, laws; latest
        # change
        (reverse("resolutions:task-list"), 14),
        # newest information; agency, document and law by slug; count (no task matches, so no
        # page, no coordinators and no quarter index); the ten facet queries (the agency facet's
        # two over the tasks, per lead and per coordinating agency: a document, a law and a search
        # are chosen, which the involvement rows do not copy); latest change
        (reverse("resolutions:task-list") + filtered, 16),
        # newest information; task with its chain; coordinating; laws; citations; reports; report
        # citations; all reports (how many are later); its last change (record, reports,
        # excerpts); latest change
        (task.get_absolute_url(), 10),
        # newest information; count of matching laws; the page of laws with stage and task counts;
        # review lists; latest change
        (reverse("resolutions:law-list"), 5),
        # newest information; documents with issuers and parents; tasks per document pair;
        # figures; their citations; latest change
        (reverse("resolutions:document-list"), 6),
        # newest information; sources with excerpt counts; latest change
        (reverse("resolutions:source-list"), 3),
        # newest information; law; citations; reports; review lists; first tasks; their
        # coordinators; its last change; latest change
        (Law.objects.order_by("slug").first().get_absolute_url(), 9),
        # newest information; list with its count; laws; citations; its last change; latest change
        (LawReviewList.objects.first().get_absolute_url(), 6),
        # newest information; document with its chain; children; citations; reports; review
        # lists; figures; first tasks; their coordinators; its last change; latest change
        (Document.objects.filter(implements=None).order_by("slug").first().get_absolute_url(), 11),
        # newest information; agencies' records grouped; agencies; latest change
        (reverse("resolutions:agency-list"), 4),
        # newest information; agency; children; successors; citations; first tasks; their
        # coordinators; its record grouped; its last change; latest change
        (Agency.objects.order_by("slug").first().get_absolute_url(), 10),
        # newest information; source; its citations' count; their page with their subjects; its
        # last change; latest change
        (Source.objects.order_by("slug").first().get_absolute_url(), 6),
        # newest information; documents; laws; tasks (one more than the ten shown); their count
        # (there are more); agencies; latest change
        (reverse("resolutions:search") + "?q=khoa+hoc", 7),
        # newest information; the tasks' count; their page; latest change
        (reverse("resolutions:search") + "?q=khoa+hoc&kind=tasks", 4),
        # newest information; latest change; then, as the CSV streams: tasks; coordinating
        # agencies; laws
        (reverse("resolutions:task-csv"), 5),
        # newest information; latest change; then, as the calendar streams: tasks with their lead agency
        (reverse("resolutions:task-ics"), 3),
        # newest information; reports; their citations; latest change
        (reverse("resolutions:task-feed"), 4),
    ]


def assert_pages_make_their_queries(client, django_assert_num_queries):
    for url, queries in page_queries():
        cache.clear()
        with django_assert_num_queries(queries, info=url):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url


def test_every_page_has_pinned_query_counts_on_curated_data(client, curated, django_assert_num_queries):
    assert_pages_make_their_queries(client, django_assert_num_queries)


def test_every_page_has_the_same_query_counts_on_generated_data(client, curated, many_tasks, django_assert_num_queries):
    assert_pages_make_their_queries(client, django_assert_num_queries)
