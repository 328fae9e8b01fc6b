"""axe-core finds no violation on any page, in Vietnamese and English, at 1280 and 390 px; the
focus ring stands out on every background; a filtered list announces its count.

axe-playwright-python bundles axe-core, so nothing is fetched while the tests run.
"""

import re

import pytest
from django.utils import timezone, translation

from resolutions.models import Agency, Document, Law, LawReviewList, Source, Task

WIDTHS = [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
LANGUAGES = ["vi", "en"]


def site_paths(language):
    """One page of every kind in ``language``, on the curated data."""
    task = Task.objects.exclude(deadline=None).exclude(lead_agency=None).order_by("deadline", "slug").first()
    with translation.override(language):
        records = [
            task,
            Law.objects.order_by("slug").first(),
            LawReviewList.objects.order_by("slug").first(),
            Document.objects.get(slug="resolution-57-nq-tw"),
            Agency.objects.exclude(name_vi="").order_by("slug").first(),
            Source.objects.order_by("slug").first(),
        ]
        record_paths = [record.get_absolute_url() for record in records]
    return [
        "/",  # redirects to the browser's language
        f"/{language}/tasks/",
        f"/{language}/tasks/?status=overdue&quarter={task.quarter}",
        f"/{language}/laws/",
        f"/{language}/documents/",
        f"/{language}/agencies/",
        f"/{language}/sources/",
        *record_paths,
        f"/{language}/search/?q=57",
        f"/{language}/search/?q=quoc+hoi&kind=tasks",
        f"/{language}/tasks/?quarter=2025-Q5",  # the 400 page
        "/no-such-page/",  # the 404 page
        "/api/",
        "/api/tasks/?page_size=5",
        "/api/docs/",
        "/admin/login/",
    ]


@pytest.fixture(scope="session")
def axe():
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


def context_for(browser, language, viewport):
    # bypass_csp: axe is injected as a script, which a strict Content-Security-Policy would refuse.
    return browser.new_context(viewport=viewport, locale=language, bypass_csp=True)


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_an_axe_violation(curated_live_server, browser, axe, language):
    failures = []
    for viewport in WIDTHS:
        context = context_for(browser, language, viewport)
        page = context.new_page()
        page.set_default_timeout(15000)
        for path in site_paths(language):
            page.goto(f"{curated_live_server.url}{path}")
            # The page is really in the language asked for (else this would test one language twice);
            # the API answers in English whatever the site's language.
            expected = "en" if path.startswith("/api/") else language
            assert page.locator("html").get_attribute("lang") == expected, path
            violations = axe.run(page).response["violations"]
            if violations:
                failures.append(f"{path} at {viewport['width']} px:\n{describe(violations)}")
        context.close()
    assert not failures, "\n\n".join(failures)


def relative_luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rgb(css_colour):
    return tuple(int(part) for part in re.findall(r"\d+", css_colour)[:3])


FOCUS_RING = """element => {
  const style = getComputedStyle(element);
  // The ring is drawn outside the element, on its nearest opaque ancestor's background.
  let around = element.parentElement;
  let background = 'rgb(255, 255, 255)';
  while (around) {
    const colour = getComputedStyle(around).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
    around = around.parentElement;
  }
  return {ring: style.outlineColor, width: parseFloat(style.outlineWidth), line: style.outlineStyle, background};
}"""


@pytest.mark.parametrize(
    "selector",
    [
        ".site-header .site-name",  # dark header
        ".site-header .language-switch a[hreflang=vi]",
        "main a",  # white page
        "form.filters #id_agency",  # grey filter panel
        "form.filters button[type=submit]",
        ".skip-link",
    ],
)
def test_focus_ring_is_at_least_3_to_1_against_its_background(curated_live_server, page, selector):
    page.goto(f"{curated_live_server.url}/tasks/")
    page.keyboard.press("Tab")  # keyboard use, so :focus-visible applies
    element = page.locator(selector).first
    element.focus()
    ring = element.evaluate(FOCUS_RING)
    assert ring["line"] == "solid" and ring["width"] >= 2, ring
    assert contrast(rgb(ring["ring"]), rgb(ring["background"])) >= 3, ring


def test_a_filtered_list_moves_focus_to_its_announced_count(curated_live_server, page):
    task = Task.objects.with_status(timezone.localdate()).exclude(deadline=None).order_by("deadline").first()
    page.goto(f"{curated_live_server.url}/tasks/")
    page.select_option("#id_quarter", task.quarter)
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()

    assert page.url.endswith("#results")
    count = page.locator("#results")
    assert count.get_attribute("role") == "status"
    assert re.fullmatch(r"\d+ tasks? match(es)?\.", count.inner_text())
    assert page.evaluate("document.activeElement.id") == "results"
    # The next Tab goes to the first result, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('tr.task-row') !== null")


def test_skip_to_results_is_the_second_tab_stop_of_the_task_list(curated_live_server, page):
    page.goto(f"{curated_live_server.url}/tasks/?status=overdue")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#results"
    page.keyboard.press("Enter")
    # Fails after the page's timeout if the focus never moves to the results.
    page.wait_for_function("document.activeElement.id === 'results'")
