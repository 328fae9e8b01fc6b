"""In Chromium, the Content-Security-Policy blocks nothing the pages need: no violation is
reported on the website, the admin or the API reference (issue 12)."""

import pytest


def violations_on(page, url):
    reported = []
    page.on(
        "console", lambda message: reported.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return reported


@pytest.mark.parametrize("path", ["/", "/vi/tasks/", "/en/search/?q=luat", "/admin/login/"])
def test_no_page_reports_a_policy_violation(page, curated_live_server, path):
    assert violations_on(page, curated_live_server.url + path) == []


def test_the_api_reference_reports_no_policy_violation(page, curated_live_server):
    reported = violations_on(page, curated_live_server.url + "/api/docs/")

    assert page.locator("h1").count() == 1
    assert reported == []
