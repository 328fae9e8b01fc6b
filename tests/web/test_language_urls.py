"""The language is in the address (/vi/, /en/): a shared link opens in the sharer's language,
unprefixed addresses redirect by Accept-Language, and public pages set no cookie."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from resolutions.models import Task
from tests import factories


@pytest.fixture
def task(db):
    agency = factories.make_agency(slug="most", name="Ministry of Science and Technology", name_vi="Bộ Khoa học")
    return factories.make_task(slug="pilot", title="Pilot the sandbox", title_vi="Thí điểm cơ chế", lead_agency=agency)


def test_every_public_address_is_prefixed_with_its_language():
    for language in ("vi", "en"):
        with translation.override(language):
            assert reverse("resolutions:home") == f"/{language}/"
            assert reverse("resolutions:task-list") == f"/{language}/tasks/"
            assert Task(slug="pilot").get_absolute_url() == f"/{language}/tasks/pilot/"


def test_api_admin_and_site_files_stay_unprefixed():
    with translation.override("en"):
        assert reverse("api:task-list") == "/api/tasks/"
        assert reverse("admin:index") == "/admin/"
        assert reverse("healthz") == "/healthz"
        assert reverse("robots-txt") == "/robots.txt"
        assert reverse("favicon") == "/favicon.ico"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("", "/vi/tasks/?status=overdue&as_of=2025-07-01"),
        ("en-US,en;q=0.9", "/en/tasks/?status=overdue&as_of=2025-07-01"),
        ("fr-FR, en;q=0.5", "/en/tasks/?status=overdue&as_of=2025-07-01"),
        ("fr-FR", "/vi/tasks/?status=overdue&as_of=2025-07-01"),
        ("vi, en;q=0.8", "/vi/tasks/?status=overdue&as_of=2025-07-01"),
    ],
)
def test_an_unprefixed_address_redirects_by_accept_language_keeping_the_query(client, db, accept_language, expected):
    # A language cookie (set by the admin's switch) does not choose the public page's language.
    client.cookies["django_language"] = "en" if expected.startswith("/vi/") else "vi"
    response = client.get("/tasks/?status=overdue&as_of=2025-07-01", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected
    assert response["Vary"] == "Accept-Language"
    assert not response.cookies


def test_the_root_and_an_address_without_its_slash_redirect_to_the_language(client, task):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi")["Location"] == "/vi/"
    assert client.get("/")["Location"] == "/en/"  # the test client asks for English
    assert client.get("/tasks/pilot")["Location"] == "/en/tasks/pilot/"
    assert client.get("/en/tasks/pilot")["Location"] == "/en/tasks/pilot/"


def test_an_unknown_address_is_a_404_not_a_redirect(client, db):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/fr/tasks/").status_code == 404


def test_each_page_links_to_itself_in_the_other_language_with_its_query(client, task):
    html = client.get("/en/tasks/?agency=most&as_of=2025-07-01").content.decode()

    switch = html.split('class="language-switch"')[1].split("</nav>")[0]
    assert 'href="/vi/tasks/?agency=most&amp;as_of=2025-07-01" hreflang="vi" lang="vi"' in switch
    assert re.search(r'href="/en/tasks/\?agency=most&amp;as_of=2025-07-01"[^>]*aria-current="true"', switch)
    assert "<form" not in switch


def test_each_page_names_its_alternates_and_an_x_default(client, task):
    html = client.get("/vi/tasks/pilot/").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert alternates == [
        ("vi", "http://testserver/vi/tasks/pilot/"),
        ("en", "http://testserver/en/tasks/pilot/"),
        ("x-default", "http://testserver/tasks/pilot/"),
    ]
    assert "Thí điểm cơ chế" in html and '<html lang="vi">' in html


@pytest.mark.parametrize("path", ["/vi/", "/en/tasks/", "/en/tasks/pilot/", "/vi/search/?q=pilot", "/en/agencies/"])
def test_public_pages_set_no_cookie_and_do_not_vary_on_one(client, task, path):
    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_api_web_links_follow_the_api_requests_language(client, task):
    def html_url(**headers):
        return client.get("/api/tasks/pilot/", **headers).json()["html_url"]

    assert html_url(HTTP_ACCEPT_LANGUAGE="en") == "http://testserver/en/tasks/pilot/"
    assert html_url(HTTP_ACCEPT_LANGUAGE="vi") == "http://testserver/vi/tasks/pilot/"
    assert html_url(HTTP_ACCEPT_LANGUAGE="") == "http://testserver/vi/tasks/pilot/"
    csv = b"".join(client.get("/api/tasks/?format=csv", HTTP_ACCEPT_LANGUAGE="vi").streaming_content).decode()
    assert "http://testserver/vi/tasks/pilot/" in csv
