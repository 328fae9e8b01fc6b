"""Text in another language than the page's carries its lang, on the curated data (WCAG 3.1.2)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import translate_url
from django.utils import translation

from resolutions.models import Agency, Task
from resolutions.templatetags.languages import in_language, localized_marked


class TextLanguages(HTMLParser):
    """The language each piece of text is read in: the nearest lang attribute around it."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            language = next((lang for lang in reversed(self.stack) if lang), None)
            self.texts.append((data.strip(), language))


def languages_of(html):
    parser = TextLanguages()
    parser.feed(html)
    return parser.texts


def vietnamese_page(client, path):
    response = client.get(translate_url(path, "vi"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def test_english_fallback_titles_are_marked_english_on_a_vietnamese_task_list(client, curated):
    # Every curated task has a Vietnamese title; an editor's new task may not yet.
    untranslated = list(Task.objects.order_by("deadline", "slug")[:3])
    Task.objects.filter(pk__in=[task.pk for task in untranslated]).update(title_vi="")
    texts = dict(languages_of(vietnamese_page(client, "/en/tasks/")))
    for task in untranslated:
        assert texts.get(task.title) == "en", task.slug
    assert texts["Nhiệm vụ theo hạn"] == "vi"  # the page's own text keeps the page's language


def test_vietnamese_names_stay_unmarked_and_english_ones_are_marked_on_the_agency_list(client, curated):
    texts = dict(languages_of(vietnamese_page(client, "/en/agencies/")))
    translated = Agency.objects.exclude(name_vi="").order_by("slug").first()
    untranslated = Agency.objects.filter(name_vi="").order_by("slug").first()
    assert texts[translated.name_vi] == "vi"
    assert texts[untranslated.name] == "en"


def test_excerpts_and_source_titles_are_marked_english_on_a_vietnamese_task_page(client, curated):
    task = Task.objects.filter(citations__isnull=False).order_by("slug").first()
    html = vietnamese_page(client, task.get_absolute_url())
    texts = languages_of(html)
    excerpt = task.citations.order_by("key").first().excerpt
    assert (excerpt, "en") in texts
    assert (task.title, "en") in texts


def test_english_pages_carry_no_redundant_marks(client, curated):
    html = client.get("/en/tasks/").content.decode()
    assert '<html lang="en">' in html
    assert not re.search(r'<span lang="en">', html)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", '<span lang="en">Law on Data &amp; Digital</span>'), ("en", "Law on Data &amp; Digital")],
)
def test_localized_marked_wraps_only_an_english_fallback_and_escapes_it(language, expected):
    record = Agency(name="Law on Data & Digital", name_vi="")
    with translation.override(language):
        assert str(localized_marked(record, "name")) == expected
        assert str(in_language("", "en")) == ""


def test_localized_marked_leaves_a_vietnamese_value_unmarked():
    record = Agency(name="Ministry of Science and Technology", name_vi="Bộ Khoa học và Công nghệ")
    with translation.override("vi"):
        assert str(localized_marked(record, "name")) == "Bộ Khoa học và Công nghệ"
