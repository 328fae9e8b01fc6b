"""The timeline (/tasks/): one table with a header row per quarter, an index of quarters with
counts and the page each begins on, shortcuts, a form folded on phones, and clean addresses."""

import datetime as dt
import re

import pytest

from tests import factories

URL = "/en/tasks/"


@pytest.fixture
def quarters(db):
    for n in range(3):
        factories.make_task(slug=f"q1-{n}", deadline=dt.date(2025, 3, 1 + n))
    for n in range(4):
        factories.make_task(slug=f"q2-{n}", deadline=dt.date(2025, 5, 1 + n))
    factories.make_task(slug="undated")


def test_the_timeline_is_one_table_with_a_header_row_per_quarter(client, quarters):
    html = client.get(URL, {"as_of": "2025-01-01"}).content.decode()

    assert html.count("<table") == 1
    assert html.count("<thead>") == 1
    assert re.findall(r'<tr class="quarter-row"><th colspan="4" scope="colgroup" id="([^"]+)">', html) == [
        "q-2025-Q1",
        "q-2025-Q2",
        "q-none",
    ]


def test_the_quarter_index_counts_every_matching_task_and_links_to_its_page(client, quarters):
    html = client.get(URL, {"page_size": "", "as_of": "2025-01-01"}, follow=True).content.decode()
    index = html[html.index('class="quarter-index"') : html.index("</nav>", html.index('class="quarter-index"'))]

    assert re.findall(
        r'href="\?as_of=2025-01-01&amp;page=(\d)#q-([^"]+)">[^<]*<span class="count">\((\d)\)', index
    ) == [
        ("1", "2025-Q1", "3"),
        ("1", "2025-Q2", "4"),
        ("1", "none", "1"),
    ]
    # The index comes before the results.
    assert html.index('class="quarter-index"') < html.index('<table class="tasks')


def test_with_a_quarter_chosen_the_index_holds_that_quarter_and_its_count(client, quarters):
    html = client.get(URL, {"as_of": "2025-01-01", "quarter": "2025-Q2"}).content.decode()
    index = html[html.index('class="quarter-index"') : html.index("</nav>", html.index('class="quarter-index"'))]

    assert re.findall(r'#q-([^"]+)">[^<]*<span class="count">\((\d)\)', index) == [("2025-Q2", "4")]
    assert len(re.findall(r'data-slug="q2-', html)) == 4


def test_the_quarter_index_gives_the_page_where_each_quarter_begins(client, quarters, monkeypatch):
    monkeypatch.setattr("resolutions.selectors.TASKS_PER_PAGE", 2)
    html = client.get(URL, {"as_of": "2025-01-01", "status": "overdue"}).content.decode()
    everything = client.get(URL, {"as_of": "2025-01-01"}).content.decode()

    assert "No task matches" in html and 'class="quarter-index"' not in html
    pages = re.findall(r"page=(\d)#q-([^\"]+)\"", everything)
    # Q1 on rows 1-3 (page 1), Q2 on rows 4-7 (page 2), undated on row 8 (page 4).
    assert pages == [("1", "2025-Q1"), ("2", "2025-Q2"), ("4", "none")]


def test_this_quarter_and_overdue_shortcuts(client, quarters):
    html = client.get(URL, {"as_of": "2025-05-02"}).content.decode()
    overdue = client.get(URL, {"as_of": "2025-05-02", "status": "overdue"})

    assert 'href="/en/tasks/?quarter=2025-Q2&amp;as_of=2025-05-02"' in html
    assert "This quarter (2025-Q2)" in html
    assert 'href="/en/tasks/?status=overdue&amp;as_of=2025-05-02"' in html
    assert overdue.status_code == 200
    assert set(re.findall(r'data-slug="([^"]+)"', overdue.content.decode())) == {"q1-0", "q1-1", "q1-2", "q2-0"}


def test_the_filter_form_is_folded_behind_a_summary_and_open_when_filters_apply(client, quarters):
    plain = client.get(URL).content.decode()
    filtered = client.get(URL, {"quarter": "2025-Q2"}).content.decode()

    assert '<details class="filter-panel">' in plain
    assert "<summary>Filter tasks</summary>" in plain or "<summary>Filter tasks" in plain
    assert '<details class="filter-panel" open>' in filtered


def test_a_submitted_form_with_empty_parameters_redirects_to_the_clean_address(client, quarters):
    response = client.get(
        URL + "?search=&agency=&agency_role=any&quarter=2025-Q2&status=overdue&document=&law=&as_of=#results"
    )
    nothing = client.get(URL + "?search=&agency=&agency_role=any")

    assert response.status_code == 302
    assert response["Location"] == "/en/tasks/?quarter=2025-Q2&status=overdue"
    assert nothing["Location"] == "/en/tasks/"
    # A bad value is still refused after the redirect, by name.
    bad = client.get(URL + "?search=&quarter=2025-Q5", follow=True)
    assert bad.status_code == 400 and 'data-parameter="quarter"' in bad.content.decode()
