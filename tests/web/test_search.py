"""Site search: the same results on SQLite (folded substring) and PostgreSQL (full text)."""

import re

import pytest
from django.urls import reverse

from resolutions.models import Agency, Document, Task
from resolutions.search import search_queryset
from tests import factories


@pytest.fixture
def records(db):
    root = factories.make_document(
        slug="resolution-57", code="57-NQ/TW", code_variants="57/NQ-TW", title="Breakthroughs in science"
    )
    factories.make_document(slug="resolution-03", code="03/NQ-CP", title="Action program", implements=root)
    assembly = factories.make_agency(slug="na", name="National Assembly", name_vi="Quốc hội")
    factories.make_agency(slug="most", name="Ministry of Science and Technology", name_vi="Bộ Khoa học và Công nghệ")
    factories.make_task(slug="by-code", title="Carry out the resolution", document=root)
    factories.make_task(slug="by-text", title="Report on Resolution 57-NQ/TW to the Politburo")
    factories.make_task(slug="assembly", title="Pass the laws", lead_agency=assembly)
    factories.make_task(slug="unrelated", title="Train officials")


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


@pytest.mark.parametrize("code", ["57-NQ/TW", "57/NQ-TW", "57"])
def test_document_codes_match_however_written(records, code):
    assert slugs(search_queryset(Document.objects.all(), code)) == ["resolution-57"]
    # Tasks match by their document's code and by the code written in their own text.
    assert slugs(search_queryset(Task.objects.all(), code)) == ["by-code", "by-text"]


def test_a_code_run_together_matches_the_document_by_its_code_key(records):
    assert slugs(search_queryset(Document.objects.all(), "57nqtw")) == ["resolution-57"]
    assert slugs(search_queryset(Task.objects.all(), "57NQTW")) == ["by-code"]


@pytest.mark.parametrize("text", ["quốc hội", "Quoc Hoi", "QUỐC hoi"])
def test_vietnamese_matches_with_or_without_tone_marks(records, text):
    assert slugs(search_queryset(Agency.objects.all(), text)) == ["na"]
    # A task is found through the name of its lead agency.
    assert slugs(search_queryset(Task.objects.all(), text)) == ["assembly"]


def test_every_word_must_match(records):
    assert slugs(search_queryset(Agency.objects.all(), "khoa hoc cong nghe")) == ["most"]
    assert slugs(search_queryset(Agency.objects.all(), "khoa hoc quoc")) == []


def test_search_page_groups_results_and_says_when_nothing_is_found(client, records):
    found = client.get(reverse("resolutions:search"), {"q": "57-NQ/TW"}).content.decode()
    nothing = client.get(reverse("resolutions:search"), {"q": "zebra"}).content.decode()

    assert '<h2 id="r-tasks">Tasks <span class="count">(2)</span></h2>' in found
    assert '<h2 id="r-documents">Documents <span class="count">(1)</span></h2>' in found
    assert "3 results for “57-NQ/TW”." in found  # two tasks and the resolution itself
    assert "Nothing found" in nothing


def test_search_page_rejects_unknown_parameters(client, records):
    response = client.get(reverse("resolutions:search"), {"query": "57"})

    assert response.status_code == 400
    assert 'data-parameter="query"' in response.content.decode()


def result_titles(html, kind):
    section = html.split(f'id="r-{kind}"')[1].split("</section>")[0]
    return [
        re.sub(r"<[^>]+>", "", title) for title in re.findall(r'<li class="result[^"]*">\s*<a [^>]*>(.*?)</a>', section)
    ]


def test_an_exact_code_or_title_comes_first_then_title_matches_then_the_rest(client, db):
    root = factories.make_document(slug="resolution-57", code="57-NQ/TW", title="Breakthroughs")
    factories.make_task(slug="a-other", title="Carry out the plan", description="Under Resolution 57 of the Politburo")
    factories.make_task(slug="b-title", title="Report on Resolution 57 to the Politburo")
    factories.make_task(slug="c-exact", title="Resolution 57", document=root)

    html = client.get("/en/search/", {"q": "resolution 57"}).content.decode()

    assert result_titles(html, "tasks") == [
        "Resolution 57",
        "Report on Resolution 57 to the Politburo",
        "Carry out the plan",
    ]


def test_each_kind_shows_its_count_and_at_most_ten_results_with_a_link_to_all(client, db, django_assert_num_queries):
    for number in range(12):
        factories.make_task(slug=f"pilot-{number:02}", title=f"Pilot sandbox {number}")
    factories.make_agency(slug="most", name="Ministry of Science", aliases="Pilot ministry")

    # Expect 7 queries: the newest information's date (the default as_of), documents, laws, the
    # tasks (one more than shown, to know there are more), their count, agencies (fewer than the
    # bound, so not counted), and the latest recorded change (history.ConditionalGetMiddleware's
    # Last-Modified).
    with django_assert_num_queries(7):
        html = client.get("/en/search/", {"q": "pilot"}).content.decode()

    assert '<a href="#r-tasks">Tasks <span class="count">12</span></a>' in html
    assert len(result_titles(html, "tasks")) == 10
    assert 'href="?q=pilot&amp;kind=tasks">All 12 tasks</a>' in html
    assert "13 results for “pilot”." in html

    tasks_only = client.get("/en/search/", {"q": "pilot", "kind": "tasks"}).content.decode()
    assert "r-agencies" not in tasks_only and len(result_titles(tasks_only, "tasks")) == 12
    # 12 tasks fit on the first page of 50; a page past the end, or a page without a kind, is a 400.
    assert client.get("/en/search/", {"q": "pilot", "kind": "tasks", "page": 2}).status_code == 400
    assert client.get("/en/search/", {"q": "pilot", "page": 1}).status_code == 400
    assert client.get("/en/search/", {"q": "pilot", "kind": "people"}).status_code == 400


def test_results_show_status_deadline_and_a_tone_insensitive_escaped_snippet(client, db):
    import datetime as dt

    agency = factories.make_agency(slug="na", name="National Assembly", name_vi="Quốc hội")
    factories.make_task(
        slug="laws",
        title="Pass the <b>laws</b>",
        description="The Assembly passes them & more",
        lead_agency=agency,
        deadline=dt.date(2025, 6, 30),
    )

    html = client.get("/en/search/", {"q": "quoc hoi", "as_of": "2025-07-01"}).content.decode()
    task = html.split('class="result result-tasks"')[1].split("</li>")[0]
    assert 'class="status status-overdue">overdue</span>' in task
    assert '<time datetime="2025-06-30">2025-06-30</time>' in task
    assert "Pass the &lt;b&gt;laws&lt;/b&gt;" in task
    assert '<span class="snippet-label">Lead:</span> <span lang="vi"><mark>Quốc</mark> <mark>hội</mark></span>' in task

    described = client.get("/en/search/", {"q": "assembly passes"}).content.decode()
    assert "The <mark>Assembly</mark> <mark>passes</mark> them &amp; more" in described
