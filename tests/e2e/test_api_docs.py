"""The interactive docs work in a real browser with nothing fetched from outside the site."""

from urllib.parse import urlsplit


def test_swagger_ui_lists_the_endpoints_from_local_files_only(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/tasks/{slug}/").first.wait_for(timeout=15000)
    assert page.get_by_text("Resolution 57 Tracker API").first.is_visible()
    hosts = {urlsplit(url).netloc for url in requested if url.startswith("http")}
    assert hosts == {urlsplit(live_server.url).netloc}
    assert any(url.endswith("/api/schema/") for url in requested)
