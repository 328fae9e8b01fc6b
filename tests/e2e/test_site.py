"""The public website in headless Chromium: dashboard, filter form, detail pages, language, .ics."""

import re

import icalendar
import pytest
from playwright.sync_api import expect

from resolutions.models import Task, newest_information_on

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def site(curated_live_server, page):
    page.set_default_timeout(15000)
    return curated_live_server.url


def a_task_to_find():
    """A curated task with a lead agency and a deadline, and its status on the date pages judge on
    by default (the newest information's)."""
    task = (
        Task.objects.with_status(newest_information_on())
        .exclude(lead_agency=None)
        .exclude(deadline=None)
        .select_related("lead_agency")
        .order_by("deadline", "slug")
        .first()
    )
    assert task is not None, "the curated data should hold a task with a lead agency and a deadline"
    return task


def test_home_page_shows_the_dashboard(site, page, screenshot_dir):
    page.goto(f"{site}/")

    assert page.locator("h1").inner_text().startswith("Resolution 57")
    assert page.locator("#by-status").is_visible()
    assert page.locator("svg[role=img] title").first.text_content() == "Tasks per deadline quarter, stacked by status"
    page.screenshot(path=str(screenshot_dir / "home-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "home-phone.png"), full_page=True)
    # Nothing overflows sideways on a 360 px phone, here or on the other main pages.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    task = a_task_to_find()
    for path in [
        "/tasks/",
        task.get_absolute_url(),
        task.lead_agency.get_absolute_url(),
        "/agencies/",
        "/laws/",
        "/documents/",
        "/sources/",
    ]:
        page.goto(f"{site}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path


def test_filter_tasks_by_agency_quarter_and_status_then_follow_a_task_to_its_source(site, page, screenshot_dir):
    task = a_task_to_find()
    page.goto(f"{site}/tasks/")

    page.select_option("#id_agency", task.lead_agency.slug)
    page.check("input[name=agency_role][value=lead]")
    page.select_option("#id_quarter", task.quarter)
    page.check(f"input[name=status][value={task.status}]")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert f"agency={task.lead_agency.slug}" in page.url
    assert f"quarter={task.quarter}" in page.url and f"status={task.status}" in page.url
    rows = page.locator("tr.task-row")
    assert rows.count() >= 1
    assert page.locator(f'tr.task-row[data-slug="{task.slug}"]').count() == 1
    page.screenshot(path=str(screenshot_dir / "tasks-filtered-desktop.png"), full_page=True)

    with page.expect_navigation():
        page.locator(f'tr.task-row[data-slug="{task.slug}"] a').first.click()
    assert page.url.endswith(f"/tasks/{task.slug}/")
    assert page.locator("h1").inner_text() == task.title
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "task-detail-phone.png"), full_page=True)

    evidence = page.locator("section[aria-labelledby=evidence]")
    external = evidence.locator("a.source-link").first
    source_url = external.get_attribute("href")
    assert source_url.startswith("http")
    with page.expect_navigation():
        evidence.locator(".cite a").first.click()  # the source's own page on the tracker
    assert "/sources/" in page.url
    assert page.locator(f'a.source-link[href="{source_url}"]').count() == 1


def test_switching_language_with_the_header_links(site, page):
    page.goto(f"{site}/tasks/")
    assert page.url == f"{site}/en/tasks/"  # the browser asks for English
    assert page.locator("h1").inner_text() == "Tasks by deadline"

    with page.expect_navigation():
        page.locator(".language-switch a[hreflang=vi]").click()

    assert page.locator("h1").inner_text() == "Nhiệm vụ theo hạn"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.url == f"{site}/vi/tasks/"


def test_bad_filter_shows_a_400_page_naming_it(site, page):
    response = page.goto(f"{site}/tasks/?quarter=2025-Q5")

    assert response.status == 400
    assert page.locator('tr[data-parameter="quarter"]').count() == 1


def test_subscribe_link_downloads_a_valid_calendar(site, page, tmp_path):
    task = a_task_to_find()
    page.goto(f"{site}/tasks/?agency={task.lead_agency.slug}")

    with page.expect_download() as download_info:
        page.locator("a.subscribe").click()
    path = tmp_path / "deadlines.ics"
    download_info.value.save_as(path)

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert f"{task.slug}@resolution57-tracker" in uids


def test_keyboard_reaches_the_skip_link_first_and_submits_the_filter_form(site, page):
    page.goto(f"{site}/tasks/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    # The fragment navigation lands asynchronously: wait for it (fails after the page's timeout).
    expect(page).to_have_url(re.compile(r"#main$"))

    page.focus("#id_search")
    page.keyboard.type("57-NQ/TW")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "search=57-NQ%2FTW" in page.url
    assert page.locator("tr.task-row").count() >= 1
    assert page.locator("#id_search").input_value() == "57-NQ/TW"
