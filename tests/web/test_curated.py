"""The website on the curated fixtures: behaviour, not counts that editors may change."""

import re

from django.urls import reverse, translate_url

from resolutions.deadlines import TaskStatus
from resolutions.models import Document, Figure, LawReviewList, Source, Task


def row_slugs(response):
    return re.findall(r'class="task-row" data-slug="([^"]+)"', response.content.decode())


def test_every_curated_task_is_on_the_timeline_once_in_deadline_order(client, curated):
    slugs = []
    page = 1
    while True:
        response = client.get(reverse("resolutions:task-list"), {"page": page})
        assert response.status_code == 200
        slugs += row_slugs(response)
        if 'rel="next"' not in response.content.decode():
            break
        page += 1

    assert sorted(slugs) == sorted(Task.objects.values_list("slug", flat=True))
    assert slugs == list(Task.objects.by_deadline().values_list("slug", flat=True))


def all_listed_slugs(client, **params):
    slugs, page = [], 1
    while True:
        response = client.get(reverse("resolutions:task-list"), {**params, "page": page})
        assert response.status_code == 200
        slugs += row_slugs(response)
        if 'rel="next"' not in response.content.decode():
            return slugs
        page += 1


def test_status_filter_agrees_with_the_model_on_a_past_date(client, curated):
    as_of = "2025-07-01"
    for status in TaskStatus.values:
        listed = all_listed_slugs(client, status=status, as_of=as_of)
        expected = Task.objects.judged_on(as_of).filter(status=status).values_list("slug", flat=True)
        assert sorted(listed) == sorted(expected), status


def test_resolution_57_is_found_however_its_code_is_written(client, curated):
    resolution = Document.objects.get(code="57-NQ/TW")
    for code in ["57-NQ/TW", "57/NQ-TW", "57"]:
        html = client.get(reverse("resolutions:search"), {"q": code}).content.decode()
        assert f'href="{resolution.get_absolute_url()}"' in html, code


def test_every_curated_detail_page_renders_with_its_evidence(client, curated):
    for task in Task.objects.all():
        response = client.get(task.get_absolute_url())
        assert response.status_code == 200, task.slug
        assert 'class="citation"' in response.content.decode(), f"{task.slug} shows no evidence"
    for document in Document.objects.all():
        assert client.get(document.get_absolute_url()).status_code == 200, document.slug


def test_review_list_says_how_many_laws_and_how_many_are_identified(client, curated):
    review_list = LawReviewList.objects.get(slug="resolution-03-28-laws")
    identified = review_list.laws.count()

    html = client.get(review_list.get_absolute_url()).content.decode()

    assert f"{review_list.declared_count} laws; {identified} identified" in html


def test_vietnamese_interface_is_the_default(client, curated):
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE", None)
    redirect = client.get("/tasks/")
    assert redirect.status_code == 302 and redirect["Location"] == "/vi/tasks/"
    response = client.get(redirect["Location"])

    assert response["Content-Language"] == "vi"
    assert "<h1>Nhiệm vụ theo hạn</h1>" in response.content.decode()


def test_documents_page_lists_every_document_once_and_every_stated_figure_with_evidence(client, curated):
    html = client.get(reverse("resolutions:document-list")).content.decode()

    listed = re.findall(r'class="document-row" data-slug="([^"]+)"', html)
    assert sorted(listed) == sorted(Document.objects.values_list("slug", flat=True))
    assert listed[0] == "resolution-57-nq-tw"
    for figure in Figure.objects.all():
        item = re.search(
            rf'<li class="figure" id="{figure.slug}">(.*?)</li>\s*(?=<li class="figure"|</ul>)', html, re.S
        )
        assert item, figure.slug
        assert 'class="citation"' in item[1], f"{figure.slug} shows no evidence"


def test_sources_page_counts_the_excerpts_of_every_source(client, curated):
    html = client.get(reverse("resolutions:source-list")).content.decode()

    for source in Source.objects.all():
        row = re.search(rf'data-slug="{source.slug}">(.*?)</tr>', html, re.S)
        assert row, source.slug
        assert f'data-label="Excerpts">{source.citations.count()}</td>' in row[1]
        assert (source.published_on is None) == ("date not given" in row[1])


def test_sources_page_says_the_articles_are_english_translations(client, curated):
    html = client.get(reverse("resolutions:source-list")).content.decode()

    assert "English translations of Vietnamese articles" in html


def test_every_excerpt_says_it_quotes_the_english_translation_of_its_article(client, curated):
    for task in Task.objects.prefetch_related("citations__source", "progress_reports__citations"):
        html = client.get(task.get_absolute_url()).content.decode()
        citations = html.count('class="citation"')
        assert citations and html.count("English translation of the article at") == citations, task.slug
    source = Source.objects.get(slug="doanhnghiepvn-most-q2-2025-conference")
    html = client.get(source.get_absolute_url()).content.decode()
    assert f'English translation of the article at <a href="{source.url}"' in html
    assert html.count("English translation of the article at") == source.citations.count() + 1  # + the page's own


def test_task_page_says_when_the_task_was_last_reported_on(client, curated):
    html = client.get(reverse("resolutions:task-detail", args=["develop-plan-3260"]), {"as_of": "2025-10-01"})
    assert "Last reported on 2025-01-10." in html.content.decode()
    html = client.get(reverse("resolutions:task-detail", args=["develop-plan-3260"]), {"as_of": "2025-01-09"})
    assert "No progress report on this task yet." in html.content.decode()


def test_vietnamese_pages_mark_the_trackers_translations(client, curated):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    task = Task.objects.get(slug="develop-plan-3260")
    html = client.get(translate_url(task.get_absolute_url(), "vi")).content.decode()

    assert f"<h1>{task.title_vi} " in html
    assert "(bản dịch)" in html.split("</h1>")[0]
    # An official name (Resolution 57's Vietnamese title) carries no mark.
    chain = html.split('class="chain"')[1].split("</ol>")[0]
    assert "Nghị quyết về đột phá phát triển khoa học" in chain and "bản dịch" not in chain


def test_editor_notes_are_never_shown_to_the_public(client, curated):
    task = Task.objects.get(slug="guidance-on-provincial-st-agencies")
    assert task.editor_note
    for language in ("en", "vi"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        html = client.get(task.get_absolute_url()).content.decode()
        assert task.editor_note not in html and "half-month" not in html
        assert task.note[:40] in html


SEARCHES = [
    ("data", "dữ liệu", "du lieu"),
    ("budget", "ngân sách", "ngan sach"),
    ("digital transformation", "chuyển đổi số", "chuyen doi so"),
    ("science and technology", "khoa học công nghệ", "khoa hoc cong nghe"),
]


def found_tasks(client, query):
    """The tasks the search page lists for ``query``: every one, on the tasks-only page (the
    curated data has fewer than 50 tasks for any of these)."""
    html = client.get(reverse("resolutions:search"), {"q": query, "kind": "tasks"}).content.decode()
    section = html.split('id="r-tasks"')[1].split("</section>")[0]
    return set(re.findall(r'href="/en/tasks/([^/"?]+)/', section))


def test_vietnamese_searches_find_the_tasks_english_searches_find(client, curated):
    for english, vietnamese, without_tone_marks in SEARCHES:
        expected = found_tasks(client, english)
        assert expected, english
        assert expected <= found_tasks(client, vietnamese), vietnamese
        assert expected <= found_tasks(client, without_tone_marks), without_tone_marks
