"""The API reference works in a real browser with nothing fetched from outside the site."""

from urllib.parse import urlsplit


def test_api_reference_lists_the_endpoints_from_local_files_only(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")

    assert page.locator("h1").inner_text() == "API reference"
    # text_content: sections off screen are not laid out (content-visibility), so have no inner text.
    assert page.locator("#tasks_retrieve").text_content() == "GET /api/tasks/{slug}/"
    assert page.get_by_text("Resolution 57 Tracker API").first.is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="GET /api/tasks/{slug}/").click()
    assert page.url.endswith("#tasks_retrieve")
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts == {urlsplit(live_server.url).netloc}
    assert not [url for url in requested if url.endswith(".js")]
