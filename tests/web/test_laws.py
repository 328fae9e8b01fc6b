"""The laws list: each law's stage judged on the page's date, its date and the session targeted,
filtered and sorted by stage through ``filters.LawFilter``, as the API is."""

import datetime as dt

import pytest
from django.urls import reverse, translate_url

from resolutions.models import Law, LawReviewList, LawStage
from tests import factories

D = dt.date


@pytest.fixture
def laws(db):
    drafted = factories.make_law(slug="drafted", name="Alpha Law", name_vi="Luật Zeta", target="9th Session")
    passed = factories.make_law(slug="passed", name="Beta Law", name_vi="Luật Alpha")
    quiet = factories.make_law(slug="quiet", name="Gamma Law")
    factories.make_report(law=drafted, reported_on=D(2025, 2, 1), law_stage=LawStage.DRAFTING)
    factories.make_report(law=passed, reported_on=D(2025, 3, 1), law_stage=LawStage.SUBMITTED)
    factories.make_report(law=passed, reported_on=D(2025, 6, 30), law_stage=LawStage.PASSED)
    # A report naming no stage does not hide the stage of an earlier one.
    factories.make_report(law=passed, reported_on=D(2025, 7, 1))
    return {"drafted": drafted, "passed": passed, "quiet": quiet}


def order_of(html):
    """The slugs of the listed laws, in the order shown."""
    language = "vi" if '<html lang="vi"' in html else "en"
    positions = sorted((html.find(f'href="/{language}/laws/{slug}/'), slug) for slug in ("drafted", "passed", "quiet"))
    return [slug for position, slug in positions if position >= 0]


def test_each_law_shows_its_stage_judged_on_the_day_with_its_date_and_session(client, laws):
    html = client.get(reverse("resolutions:law-list"), {"as_of": "2025-07-15"}).content.decode()
    before = client.get(reverse("resolutions:law-list"), {"as_of": "2025-04-01"}).content.decode()

    assert 'Passed <span class="muted">(<time datetime="2025-06-30">2025-06-30</time>)' in html
    assert 'Drafting <span class="muted">(<time datetime="2025-02-01">2025-02-01</time>)' in html
    assert "9th Session" in html
    assert html.count("no stage reported</span>") == 1
    assert 'Submitted to the National Assembly <span class="muted">(<time datetime="2025-03-01">' in before


def test_laws_are_filtered_by_their_current_stage_not_by_any_past_one(client, laws):
    submitted = client.get(reverse("resolutions:law-list"), {"stage": "submitted", "as_of": "2025-07-15"})
    earlier = client.get(reverse("resolutions:law-list"), {"stage": "submitted", "as_of": "2025-04-01"})
    none = client.get(reverse("resolutions:law-list"), {"stage": "none"})

    assert order_of(submitted.content.decode()) == []
    assert order_of(earlier.content.decode()) == ["passed"]
    assert order_of(none.content.decode()) == ["quiet"]


def test_laws_sort_by_name_in_the_page_language_and_by_stage(client, laws):
    english = client.get(reverse("resolutions:law-list")).content.decode()
    vietnamese = client.get(translate_url(reverse("resolutions:law-list"), "vi"), HTTP_ACCEPT_LANGUAGE="vi")
    vietnamese = vietnamese.content.decode()
    furthest = client.get(reverse("resolutions:law-list"), {"ordering": "-stage"}).content.decode()
    newest = client.get(reverse("resolutions:law-list"), {"ordering": "-stage_on"}).content.decode()

    assert order_of(english) == ["drafted", "passed", "quiet"]
    # Gamma Law (no Vietnamese name), Luật Alpha, Luật Zeta
    assert order_of(vietnamese) == ["quiet", "passed", "drafted"]
    assert order_of(furthest) == ["passed", "drafted", "quiet"]
    assert order_of(newest) == ["passed", "drafted", "quiet"]


def test_a_bad_stage_or_ordering_is_a_400_naming_it(client, laws):
    response = client.get(reverse("resolutions:law-list"), {"stage": "repealed", "ordering": "size"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>stage</code>" in html and "<code>ordering</code>" in html


def test_the_api_filters_and_judges_stages_by_the_same_rule(client, laws):
    answer = client.get("/api/laws/", {"stage": "submitted", "as_of": "2025-04-01"}).json()
    today = client.get("/api/laws/", {"stage": "passed"}).json()

    assert [(law["slug"], law["current_stage"], law["current_stage_on"]) for law in answer["results"]] == [
        ("passed", "submitted", "2025-03-01")
    ]
    assert [law["slug"] for law in today["results"]] == ["passed"]


def test_current_stage_and_the_annotation_agree(laws):
    for as_of in (D(2025, 1, 1), D(2025, 3, 1), D(2025, 7, 15)):
        annotated = {law.slug: law.current_stage(as_of) for law in Law.objects.with_stage(as_of)}
        fresh = {slug: Law.objects.get(slug=slug).current_stage(as_of) for slug in annotated}
        assert annotated == fresh
    assert Law.objects.get(slug="passed").current_stage(D(2025, 2, 1)) is None


def test_laws_list_queries_do_not_grow_with_laws(client, laws, django_assert_num_queries):
    for n in range(60):
        factories.make_law(slug=f"more-{n}", name=f"More {n:02}")
    # the newest information's date; count of matching laws; the page of laws with stage and task
    # counts; review lists with their counts; latest change
    with django_assert_num_queries(5):
        response = client.get(reverse("resolutions:law-list"))
    assert response.context["page"].paginator.num_pages == 2


def test_review_list_page_says_who_decided_it_when_and_how_to_help(client, curated):
    review_list = LawReviewList.objects.get()
    html = client.get(review_list.get_absolute_url()).content.decode()

    assert '<dd class="declared-count">28</dd>' in html
    assert '<dd class="identified-count">0</dd>' in html
    assert 'href="/en/agencies/government/"' in html
    assert '<time datetime="2025-01-09">2025-01-09</time>' in html
    assert "Help identify the rest" in html
    assert "28 laws on this list have not been named by any source yet." in html


def test_a_submitted_laws_form_with_empty_fields_redirects_to_the_clean_address(client, laws):
    response = client.get(reverse("resolutions:law-list") + "?stage=&ordering=-stage")

    assert response.status_code == 302
    assert response["Location"] == "/en/laws/?ordering=-stage"
