"""What browsers and crawlers fetch from the root, page metadata, and compressed answers."""

import datetime as dt
import gzip

from django.contrib.staticfiles import finders

from resolutions.deadlines import TaskStatus
from resolutions.models import Task


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_the_api_docs(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /api/docs/"} <= set(lines)
    assert "Disallow: /" not in lines  # the public pages and the API stay open
    archive_group = lines[lines.index("User-agent: archive.org_bot") :]
    assert archive_group[:2] == ["User-agent: archive.org_bot", "Allow: /"]
    assert not any(line.startswith("Disallow") for line in archive_group)


def test_favicon_ico_is_an_icon_and_pages_link_their_icons(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")


def test_every_page_has_a_description_and_link_preview_in_its_language(client, curated):
    english = client.get("/en/tasks/").content.decode()
    vietnamese = client.get("/vi/tasks/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<meta name="description" content="What Vietnam has to do under' in english
    assert '<meta name="description" content="Việt Nam phải làm gì theo' in vietnamese
    for html in (english, vietnamese):
        for name in ('property="og:title"', 'property="og:description"', 'property="og:url"', 'name="twitter:card"'):
            assert name in html


def test_a_task_preview_gives_its_title_status_and_deadline(client, curated):
    task = Task.objects.exclude(deadline=None).order_by("slug").first()
    html = client.get(task.get_absolute_url() + "?as_of=2025-07-01").content.decode()
    status = Task.objects.with_status(dt.date(2025, 7, 1)).get(pk=task.pk).status
    label = TaskStatus(status).label
    assert f'<meta property="og:title" content="{task.title}">' in html.replace("&#x27;", "'")
    description = f"{task.title}. Status: {label}. Deadline: {task.deadline:%Y-%m-%d}."
    assert f'<meta name="description" content="{description}">' in html.replace("&#x27;", "'")


def test_html_and_json_are_compressed_for_clients_that_accept_gzip(client, curated):
    for path in ("/en/tasks/", "/api/tasks/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response["Vary"]
        plain = client.get(path).content
        assert len(response.content) < len(plain) / 3
        assert gzip.decompress(response.content)[:20] == plain[:20]


def test_only_the_admin_login_page_lets_the_archive_crawler_in(client, admin_user):
    login = client.get("/admin/login/").content.decode()
    assert 'name="robots"' not in login
    client.force_login(admin_user)
    index = client.get("/admin/").content.decode()
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in index
