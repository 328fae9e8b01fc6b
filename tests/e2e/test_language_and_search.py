"""Language in the address and the search page, in Chromium at 1280 and 390 px, in both languages."""

import pytest

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def site(curated_live_server, page):
    page.set_default_timeout(15000)
    return curated_live_server.url


@pytest.mark.parametrize("width", WIDTHS)
def test_the_root_opens_in_the_browsers_language_and_the_switch_keeps_the_page(site, browser, width, screenshot_dir):
    context = browser.new_context(viewport=WIDTHS[width], locale="vi-VN")
    page = context.new_page()
    page.goto(f"{site}/tasks/?status=overdue")
    assert page.url == f"{site}/vi/tasks/?status=overdue"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert context.cookies() == []

    with page.expect_navigation():
        page.locator(".language-switch a[hreflang=en]").click()
    assert page.url == f"{site}/en/tasks/?status=overdue"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    page.screenshot(path=str(screenshot_dir / f"language-switch-{width}.png"))
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("language", "query", "heading"), [("en", "57/NQ-TW", "Documents"), ("vi", "quoc hoi", "Văn bản")]
)
def test_search_ranks_groups_and_highlights(site, browser, width, language, query, heading, screenshot_dir):
    context = browser.new_context(viewport=WIDTHS[width], locale=language)
    page = context.new_page()
    page.goto(f"{site}/{language}/search/")
    page.fill("#id_q", query)
    with page.expect_navigation():
        page.locator(".search-form button").click()

    assert page.url.startswith(f"{site}/{language}/search/?q=")
    assert page.locator(".result-kinds a").count() >= 2
    assert page.locator("mark").count() > 0
    if language == "en":
        first = page.locator("#r-documents + ol .result a").first.inner_text()
        assert first.startswith("57-NQ/TW"), first  # Resolution 57 itself comes first
        assert page.locator("h2#r-documents").inner_text().startswith(heading)
        assert page.locator(".result-tasks .status").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    page.screenshot(path=str(screenshot_dir / f"search-{language}-{width}.png"), full_page=True)
    context.close()
