"""Issue 13 in headless Chromium, at 1280 and 390 px, in Vietnamese and English: the laws list
and a review list, the timeline, sharing (meta, last changed, what changed), the CSV and the
editors' admin. Screenshots go to artifacts/screenshots/ like the other browser tests."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from resolutions.models import LawReviewList, ProgressReport, Task

VIEWS = [
    pytest.param((1280, "en"), id="1280-en"),
    pytest.param((1280, "vi"), id="1280-vi"),
    pytest.param((390, "en"), id="390-en"),
    pytest.param((390, "vi"), id="390-vi"),
]
WORDS = {
    "en": {"filter": "Filter", "passed": "Passed", "last_changed": "Last changed on", "what_changed": "What changed"},
    "vi": {
        "filter": "Lọc",
        "passed": "Đã thông qua",
        "last_changed": "Thay đổi lần cuối ngày",
        "what_changed": "Những gì thay đổi",
    },
}


@pytest.fixture
def reader(browser, request):
    width, language = request.param

    def open_page():
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="vi-VN" if language == "vi" else "en-US",
            extra_http_headers={"Accept-Language": language},
            accept_downloads=True,
        )
        request.addfinalizer(context.close)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    return open_page(), width, language


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("reader", VIEWS, indirect=True)
def test_laws_list_shows_stages_and_filters_by_stage(curated_live_server, reader, screenshot_dir):
    page, width, language = reader
    page.goto(f"{curated_live_server.url}/laws/")
    assert fits(page, width)

    page.select_option("#id_stage", "passed")
    page.select_option("#id_ordering", "-stage_on")
    with page.expect_navigation():
        page.locator("form.law-filters button[type=submit]").click()

    assert "stage=passed" in page.url
    stages = page.locator("table.law-table td.law-stage").all_inner_texts()
    assert stages and all(stage.startswith(WORDS[language]["passed"]) for stage in stages)
    page.screenshot(path=str(screenshot_dir / f"laws-by-stage-{width}-{language}.png"), full_page=True)
    assert fits(page, width)

    review_list = LawReviewList.objects.get()
    with translation.override(language):
        page.goto(f"{curated_live_server.url}{review_list.get_absolute_url()}")
    assert page.locator("dd.declared-count").inner_text() == str(review_list.declared_count)
    assert page.locator("dd.decided-by a").count() == 1
    assert page.locator("section[aria-labelledby=help] li").count() == 3
    page.screenshot(path=str(screenshot_dir / f"review-list-{width}-{language}.png"), full_page=True)
    assert fits(page, width)


@pytest.mark.parametrize("reader", VIEWS, indirect=True)
def test_timeline_is_one_table_with_an_index_shortcuts_and_a_folded_form(curated_live_server, reader, screenshot_dir):
    page, width, language = reader
    page.goto(f"{curated_live_server.url}/tasks/")

    assert page.locator("table.tasks").count() == 1
    assert page.locator("tr.quarter-row").count() >= 2
    form_visible = page.locator("#id_search").is_visible()
    # Folded on phones, open on wider screens, without JavaScript.
    assert form_visible == (width > 640)
    page.screenshot(path=str(screenshot_dir / f"timeline-{width}-{language}.png"), full_page=False)
    if width > 640:
        # Columns line up across quarters: one table, so every row's deadline cell starts at the same x.
        lefts = page.evaluate(
            "[...document.querySelectorAll('tr.task-row td:nth-child(2)')].map(td => td.getBoundingClientRect().left)"
        )
        assert len(set(lefts)) == 1

    index = page.locator("nav.quarter-index a").first
    quarter = index.get_attribute("href").rsplit("#q-", 1)[1]
    index.click()
    page.wait_for_url(f"**#q-{quarter}")
    assert page.locator(f"#q-{quarter}").is_visible()

    with page.expect_navigation():
        page.locator("nav.shortcuts a").nth(1).click()  # overdue
    assert page.url.endswith("/tasks/?status=overdue")
    statuses = page.locator("tr.task-row .status").all_inner_texts()
    assert statuses and len(set(statuses)) == 1

    page.goto(f"{curated_live_server.url}/tasks/")
    if width <= 640:
        page.locator("details.filter-panel > summary").click()
    page.select_option("#id_quarter", index=1)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    # The form sends every field; the page answers at the clean address.
    assert "search=" not in page.url and "agency=" not in page.url and "quarter=" in page.url
    assert page.locator("details.filter-panel").get_attribute("open") is not None
    page.screenshot(path=str(screenshot_dir / f"timeline-filtered-{width}-{language}.png"), full_page=False)
    assert fits(page, width)


@pytest.mark.parametrize("reader", VIEWS, indirect=True)
def test_shared_pages_carry_previews_last_change_and_what_changed(curated_live_server, reader, screenshot_dir):
    page, width, language = reader
    task = Task.objects.exclude(deadline=None).order_by("deadline", "slug").first()
    with translation.override(language):  # the page in the reader's language
        page.goto(f"{curated_live_server.url}{task.get_absolute_url()}")

    assert page.locator('link[rel=icon][href$="favicon.svg"]').count() == 1
    assert page.locator('meta[property="og:title"]').get_attribute("content")
    description = page.locator('meta[property="og:description"]').get_attribute("content")
    assert task.deadline.isoformat() in description
    assert page.locator('meta[name="twitter:card"]').count() == 1
    assert WORDS[language]["last_changed"] in page.locator("p.last-changed").inner_text()

    with page.expect_navigation():
        page.locator("p.last-changed a").click()
    assert page.url.endswith("/changes/")
    assert page.locator("h1").inner_text() == WORDS[language]["what_changed"]
    assert page.locator("ol.changes li").count() == 50
    page.screenshot(path=str(screenshot_dir / f"changes-{width}-{language}.png"), full_page=False)
    assert fits(page, width)
    feed = page.request.get(f"{curated_live_server.url}/changes.atom")
    assert feed.ok and feed.text().count("<entry>") == 50


@pytest.mark.parametrize("reader", VIEWS, indirect=True)
def test_the_csv_names_things_in_the_page_language(curated_live_server, reader, tmp_path):
    page, width, language = reader
    page.goto(f"{curated_live_server.url}/tasks/")

    with page.expect_download() as download:
        page.locator("p.exports a").first.click()
    path = tmp_path / "tasks.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))

    assert rows[0][:2] == (["Mã định danh", "Tiêu đề (tiếng Anh)"] if language == "vi" else ["Slug", "Title (English)"])
    lead = rows[0].index("Cơ quan chủ trì (tên)" if language == "vi" else "Lead agency (name)")
    assert any(row[lead] for row in rows[1:])


@pytest.fixture
def editor_page(curated_live_server, browser, request):
    width, language = request.param
    User.objects.create_superuser("chief", "chief@example.org", "a-long-chief-passphrase-57")
    context = browser.new_context(
        viewport={"width": width, "height": 900}, extra_http_headers={"Accept-Language": language}
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{curated_live_server.url}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-chief-passphrase-57")
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page, width, language


@pytest.mark.parametrize(
    "editor_page",
    [pytest.param((1280, "en"), id="1280-en"), pytest.param((1280, "vi"), id="1280-vi")],
    indirect=True,
)
def test_admin_task_list_and_form_fit_and_reports_need_evidence(curated_live_server, editor_page, screenshot_dir):
    page, width, language = editor_page
    page.goto(f"{curated_live_server.url}/admin/resolutions/task/")
    table = page.locator("#result_list")
    container = page.locator("#changelist-form")
    assert table.bounding_box()["width"] <= container.bounding_box()["width"] + 1
    assert page.locator("#result_list th.field-title").first.bounding_box()["width"] >= 250
    for column in ("field-deadline", "field-status_today", "field-lead_short"):
        box = page.locator(f"#result_list td.{column}").first.bounding_box()
        assert box["x"] + box["width"] <= width, column
    page.screenshot(path=str(screenshot_dir / f"admin-task-list-{width}-{language}.png"), full_page=False)

    task = Task.objects.filter(progress_reports__isnull=False).distinct().first()
    reports = task.progress_reports.count()
    page.goto(f"{curated_live_server.url}/admin/resolutions/task/{task.pk}/change/")
    assert fits(page, width)
    title = page.locator("#content h2").first.bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"] - 1 or tools["y"] + tools["height"] <= title["y"] + 1

    page.click("#progress_reports-group .add-row a")
    page.select_option(f"#id_progress_reports-{reports}-status", "in_progress")
    page.fill(f"#id_progress_reports-{reports}-statement", "Drafting has begun.")
    page.fill(f"#id_progress_reports-{reports}-reported_on", "2025-05-01")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".errorlist").count() >= 1
    assert ProgressReport.objects.filter(task=task).count() == reports
    page.screenshot(path=str(screenshot_dir / f"admin-report-needs-evidence-{width}-{language}.png"), full_page=True)

    page.goto(f"{curated_live_server.url}/admin/resolutions/task/{task.pk}/history/")
    headers = page.locator("#change-history th").all_inner_texts()
    if language == "vi":
        assert "Object" not in " ".join(headers) and "Changed by" not in " ".join(headers)
    page.screenshot(path=str(screenshot_dir / f"admin-history-{width}-{language}.png"), full_page=False)
