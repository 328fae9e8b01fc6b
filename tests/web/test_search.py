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

    assert re.search(r'<h2 id="r-tasks">Tasks</h2>', found) and re.search(r'<h2 id="r-documents">Documents</h2>', found)
    assert "3 results for “57-NQ/TW”." in found  # two tasks and the resolution itself
    assert "Nothing found" in nothing


def test_search_page_rejects_unknown_parameters(client, records):
    response = client.get(reverse("resolutions:search"), {"query": "57"})

    assert response.status_code == 400
    assert 'data-parameter="query"' in response.content.decode()
