"""The task timeline: filters through the shared TaskFilter, counts, grouping, pagination, 400s."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from resolutions.deadlines import DatePrecision, TaskStatus, quarter_of
from resolutions.models import Task, newest_information_on
from tests import factories

URL = "/en/tasks/"


def row_slugs(response):
    return re.findall(r'class="task-row" data-slug="([^"]+)"', response.content.decode())


def group_headings(response):
    return re.findall(r'<tr class="quarter-row"><th[^>]*>([^<]+)</th>', response.content.decode())


@pytest.fixture
def board(db):
    ministry = factories.make_agency(
        slug="most", name="Ministry of Science and Technology", name_vi="Bộ Khoa học và Công nghệ"
    )
    office = factories.make_agency(slug="office", name="Government Office")
    resolution = factories.make_document(slug="resolution-57", code="57-NQ/TW", code_variants="57/NQ-TW")
    plan = factories.make_document(slug="plan", code="01/KH-BCĐ", implements=resolution)
    law = factories.make_law(slug="data-law", name="Data Law")
    early = factories.make_task(
        slug="early",
        title="Issue the plan",
        deadline=dt.date(2025, 3, 31),
        precision=DatePrecision.QUARTER,
        lead_agency=ministry,
        document=plan,
    )
    late = factories.make_task(
        slug="late",
        title="Pass the data law",
        deadline=dt.date(2025, 6, 30),
        precision=DatePrecision.QUARTER,
        lead_agency=office,
        document=resolution,
    )
    late.coordinating_agencies.add(ministry)
    late.laws.add(law)
    undated = factories.make_task(slug="undated", title="Keep reporting on quốc phòng", lead_agency=office)
    middle = factories.make_task(slug="middle", title="Train officials", deadline=dt.date(2025, 5, 15))
    factories.make_report(task=early, completed_on=dt.date(2025, 3, 15))
    return {"ministry": ministry, "early": early, "late": late, "undated": undated, "middle": middle}


def test_tasks_are_grouped_by_quarter_in_deadline_order_with_undated_last(client, board):
    response = client.get(URL, {"as_of": "2025-07-01"})

    assert response.status_code == 200
    assert row_slugs(response) == ["early", "middle", "late", "undated"]
    assert group_headings(response) == ["2025-Q1", "2025-Q2", "No deadline"]


def test_agency_filter_any_role_includes_coordinated_tasks_and_lead_only_does_not(client, board):
    any_role = client.get(URL, {"agency": "most"})
    lead_only = client.get(URL, {"agency": "most", "agency_role": "lead"})

    assert row_slugs(any_role) == ["early", "late"]
    assert row_slugs(lead_only) == ["early"]


def test_quarter_status_and_law_filters_combine(client, board):
    overdue_in_q2 = client.get(URL, {"quarter": "2025-Q2", "status": "overdue", "as_of": "2025-07-01"})
    by_law = client.get(URL, {"law": "data-law"})

    assert row_slugs(overdue_in_q2) == ["middle", "late"]
    assert row_slugs(by_law) == ["late"]


def test_several_statuses_can_be_chosen_at_once(client, board):
    response = client.get(URL, {"status": ["completed_on_time", "no_deadline"], "as_of": "2025-07-01"})

    assert row_slugs(response) == ["early", "undated"]


def test_document_filter_and_search_by_code_however_written(client, board):
    assert row_slugs(client.get(URL, {"document": "plan"})) == ["early"]
    assert row_slugs(client.get(URL, {"search": "57/NQ-TW"})) == ["late"]
    assert row_slugs(client.get(URL, {"search": "57-NQ/TW"})) == ["late"]


def test_search_matches_vietnamese_with_or_without_tone_marks(client, board):
    assert row_slugs(client.get(URL, {"search": "quoc phong"})) == ["undated"]
    assert row_slugs(client.get(URL, {"search": "Quốc Phòng"})) == ["undated"]


def test_filter_choices_show_counts_given_the_other_filters(client, board):
    response = client.get(URL, {"quarter": "2025-Q2"})
    html = response.content.decode()

    # In 2025-Q2 the ministry is involved in one task (as coordinator), the office leads one.
    assert re.search(r'<option value="most">Ministry of Science and Technology \(1\)</option>', html)
    assert re.search(r'<option value="office">Government Office \(1\)</option>', html)
    # The quarter facet ignores the chosen quarter: Q1 still shows its one task.
    assert re.search(r'<option value="2025-Q1">2025-Q1 \(1\)</option>', html)
    assert re.search(r'<option value="2025-Q2" selected>2025-Q2 \(2\)</option>', html)


def test_the_form_keeps_every_filter_in_the_url(client, board):
    response = client.get(URL, {"agency": "office", "quarter": "2025-Q2", "status": "overdue"})
    html = response.content.decode()

    assert '<option value="office" selected>' in html
    assert 'name="status" value="overdue" checked' in html
    assert "agency=office&amp;quarter=2025-Q2&amp;status=overdue" in html  # export links carry it


def test_no_results_state_is_clear(client, board):
    response = client.get(URL, {"quarter": "2030-Q1"})

    assert response.status_code == 200
    assert row_slugs(response) == []
    assert "No task matches these filters" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"agency": "no-such-agency"}, "agency"),
        ({"quarter": "2025-Q5"}, "quarter"),
        ({"as_of": "2025-13-01"}, "as_of"),
        ({"as_of": "01/07/2025"}, "as_of"),
        ({"status": "late"}, "status"),
        ({"document": "nope"}, "document"),
        ({"agency_role": "boss"}, "agency_role"),
        ({"colour": "red"}, "colour"),
        ({"page": "two"}, "page"),
        ({"page": "99"}, "page"),
    ],
)
def test_bad_parameters_get_a_400_page_naming_them(client, board, query, parameter):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert re.findall(r'data-parameter="([^"]+)"', response.content.decode()) == [parameter]


def test_every_bad_parameter_is_named_at_once(client, board):
    response = client.get(URL, {"agency": "nope", "quarter": "2025-Q5", "as_of": "2025/01/01", "x": "1"})

    assert response.status_code == 400
    assert re.findall(r'data-parameter="([^"]+)"', response.content.decode()) == ["agency", "as_of", "quarter", "x"]


def test_long_lists_are_paginated_and_pages_keep_the_filters(client, many_tasks):
    first = client.get(URL, {"document": many_tasks["documents"][0].slug})
    second = client.get(URL, {"document": many_tasks["documents"][0].slug, "page": 2})

    assert len(row_slugs(first)) == 50
    assert set(row_slugs(first)).isdisjoint(row_slugs(second))
    assert f"document={many_tasks['documents'][0].slug}&amp;page=2" in first.content.decode()


def test_task_list_query_count_is_flat(client, many_tasks, django_assert_num_queries):
    # A filter with results on the default date (the newest information's), so that the page's
    # rows are fetched too.
    overdue = (
        Task.objects.with_status(newest_information_on())
        .filter(status=TaskStatus.OVERDUE, lead_agency__isnull=False)
        .select_related("lead_agency")
        .first()
    )
    agency, quarter = overdue.lead_agency.slug, quarter_of(overdue.deadline)
    # Expect 14 unfiltered: the newest information's date (the default as_of; then cached for this
    # data version); count, page rows, their coordinating agencies; grouped facets: per agency
    # (its involvement rows), agencies, per quarter (which, no quarter being chosen, is also the
    # quarter index), every quarter, per status, per document pair, documents, per law, laws; the
    # latest recorded change (Last-Modified; then cached for this data version too).
    with django_assert_num_queries(14):
        assert client.get(URL).status_code == 200
    # Filtering by agency adds its slug lookup, once: the query string is bound once and the
    # facets reuse the bound FilterSet; the newest information's date and the latest recorded
    # change come from the cache (kept per data version). With a quarter chosen the quarter index
    # is that quarter and the count: no query.
    with django_assert_num_queries(13):
        response = client.get(URL, {"agency": agency, "status": "overdue", "quarter": quarter})
    assert response.status_code == 200 and overdue.title in response.content.decode()


def test_task_list_query_count_on_curated_data(client, curated, django_assert_num_queries):
    # The same 14 queries as on generated data (the newest information's date first).
    with django_assert_num_queries(14):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/?as_of=9999-12-31",
        "/en/?as_of=0001-01-01",
        "/en/tasks/?as_of=9999-12-31&status=in_progress",
        # A letter among the symbols: text of symbols alone is a 400 (tests/prod).
        "/en/tasks/?search=a%25_%27%22%3A*%26%7C%21()",
        "/en/search/?q=a%3A*%26%7C%21()",
        "/en/tasks.ics?as_of=9999-12-31",
    ],
)
def test_extreme_but_valid_input_is_answered_not_crashed(client, board, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "parameter"),
    [("/en/tasks/?search=a%00b", "search"), ("/en/search/?q=a%00b", "q"), ("/en/search/?q=" + "a" * 201, "q")],
)
def test_text_that_cannot_be_searched_is_a_400(client, board, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert f'data-parameter="{parameter}"' in response.content.decode()


def test_a_single_valued_parameter_given_twice_is_a_400(client, board):
    response = client.get(URL, {"agency": ["most", "office"]})

    assert response.status_code == 400
    assert re.findall(r'data-parameter="([^"]+)"', response.content.decode()) == ["agency"]


def test_ordering_by_title_lists_tasks_without_quarter_rows(client, board):
    response = client.get(URL, {"ordering": "title"})

    assert row_slugs(response) == ["early", "undated", "late", "middle"]  # Issue, Keep, Pass, Train
    assert group_headings(response) == []
    assert 'class="quarter-index"' not in response.content.decode()


def test_facet_counts_count_each_task_once_when_an_agency_coordinates_it_twice_over(client, db):
    lead = factories.make_agency(slug="lead-body")
    partners = [factories.make_agency(slug=f"partner-{n}") for n in range(3)]
    for n in range(2):
        task = factories.make_task(
            slug=f"joint-{n}", deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER, lead_agency=lead
        )
        task.coordinating_agencies.set(partners)
    html = client.get(reverse("resolutions:task-list"), {"agency": "partner-0", "as_of": "2025-05-01"}).content.decode()

    assert re.search(r'value="2025-Q2"[^>]*>2025-Q2 \(2\)</option>', html)
    assert re.search(r'value="in_progress"[^>]*> in progress \(2\)</label>', html)
    assert re.search(r'value="lead-body"[^>]*>[^<(]*\(2\)</option>', html)


def test_filters_the_form_does_not_show_are_kept_visibly_and_can_be_removed(client, db):
    factories.make_task(slug="late-2026", deadline=dt.date(2026, 12, 31), precision=DatePrecision.YEAR)
    factories.make_task(slug="early-2025", deadline=dt.date(2025, 3, 31), precision=DatePrecision.QUARTER)

    response = client.get(reverse("resolutions:task-list"), {"quarter_from": "2026-Q1", "ordering": "-deadline"})
    html = response.content.decode()

    assert '<input type="hidden" name="quarter_from" value="2026-Q1">' in html
    assert '<input type="hidden" name="ordering" value="-deadline">' in html
    assert "quarter_from=2026-Q1" in html and 'href="?ordering=-deadline"' in html
    assert "late-2026" in html and "early-2025" not in html


def test_a_valid_quarter_without_tasks_stays_selected(client, db):
    factories.make_task(slug="q2", deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER)

    html = client.get(reverse("resolutions:task-list"), {"quarter": "2024-Q1"}).content.decode()

    assert '<option value="2024-Q1" selected>2024-Q1 (0)</option>' in html
    assert "No task matches these filters" in html


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("quarter", "0000-Q1"), ("quarter_from", "0000-Q4"), ("quarter", "2025-Q2\n"), ("quarter", "٢٠٢٥-Q2")],
)
def test_impossible_quarters_are_a_400_naming_the_parameter(client, db, parameter, value):
    response = client.get(reverse("resolutions:task-list"), {parameter: value})

    assert response.status_code == 400
    assert f'data-parameter="{parameter}"' in response.content.decode()


def test_a_search_of_too_many_words_is_a_400_naming_it_on_the_list_and_the_search_page(client, db):
    words = " ".join(f"w{n}" for n in range(11))

    listed = client.get(reverse("resolutions:task-list"), {"search": words})
    searched = client.get(reverse("resolutions:search"), {"q": words})
    long = client.get(reverse("resolutions:task-list"), {"search": "a" * 201})

    assert listed.status_code == searched.status_code == long.status_code == 400
    assert 'data-parameter="search"' in listed.content.decode() and "at most 10 words" in listed.content.decode()
    assert 'data-parameter="q"' in searched.content.decode()
    assert client.get(reverse("resolutions:task-list"), {"search": "a a a a a a a a a a a b"}).status_code == 200
