"""Anonymous GET responses come from the cache until something changes; never for editors."""

import datetime as dt
import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from rest_framework.throttling import AnonRateThrottle

from resolutions import response_cache
from resolutions.models import Task
from resolutions.redis_cache import RedisCache
from resolutions.response_cache import ResponseCacheMiddleware, bump_data_version
from tests.factories import make_agency, make_report, make_task

HIT = "X-Response-Cache"


@pytest.fixture
def records(db):
    agency = make_agency(slug="most", name="Ministry of Science and Technology")
    make_task(slug="digital-plan", title="Issue the digital plan", lead_agency=agency, deadline=dt.date(2025, 6, 30))
    return agency


def get(client, url, **headers):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=headers.pop("language", "en"), **headers)


def test_a_repeated_anonymous_get_is_answered_from_the_cache_without_queries(
    client, records, django_assert_num_queries
):
    first = get(client, "/en/agencies/")
    with django_assert_num_queries(0):
        second = get(client, "/en/agencies/")

    assert HIT not in first and second[HIT] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_is_sent_compressed_as_stored_to_clients_that_accept_gzip(client, records):
    first = get(client, "/en/agencies/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    second = get(client, "/en/agencies/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    plain = get(client, "/en/agencies/")

    assert HIT not in first and second[HIT] == "hit" and plain[HIT] == "hit"
    for compressed in (first, second):
        assert compressed["Content-Encoding"] == "gzip"
        assert compressed["ETag"].startswith('W/"')
        assert int(compressed["Content-Length"]) == len(compressed.content)
        assert gzip.decompress(compressed.content) == plain.content
    assert second.content == first.content  # compressed once, when stored
    assert "Content-Encoding" not in plain and plain.content.startswith(b"<!doctype html>")
    assert all("Accept-Encoding" in response["Vary"] for response in (first, second, plain))
    # The weak ETag of the compressed answer still validates.
    assert get(client, "/en/agencies/", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_the_redis_cache_keeps_one_client_per_pool():
    redis_cache = RedisCache("redis://127.0.0.1:6399/0", {})

    client = redis_cache._cache.get_client("a-key")
    assert redis_cache._cache.get_client("another-key") is client
    assert client.connection_pool is redis_cache._cache._get_connection_pool(write=False)


def test_the_key_holds_the_address_the_language_and_the_format(client, records):
    get(client, "/en/agencies/")
    assert HIT not in get(client, "/vi/agencies/", language="vi")
    assert HIT not in get(client, "/en/agencies/?page=1")
    assert HIT not in get(client, "/api/agencies/")
    assert HIT not in get(client, "/api/agencies/", HTTP_ACCEPT="text/csv")
    assert get(client, "/vi/agencies/", language="vi")[HIT] == "hit"
    assert get(client, "/api/agencies/", HTTP_ACCEPT="text/csv")["Content-Type"].startswith("text/csv")


def test_a_new_judging_date_misses(client, records, monkeypatch):
    get(client, "/en/agencies/")
    monkeypatch.setattr(response_cache.timezone, "localdate", lambda: dt.date(2099, 1, 1))
    assert HIT not in get(client, "/en/agencies/")


def test_every_change_shows_at_once(client, records):
    get(client, "/en/agencies/")
    records.name = "Ministry of Science, Technology and Innovation"
    records.save()
    renamed = get(client, "/en/agencies/")
    assert HIT not in renamed and "Technology and Innovation" in renamed.content.decode()

    task = Task.objects.get()
    get(client, f"/api/tasks/{task.slug}/")
    make_report(task, completed_on=dt.date(2025, 6, 1))
    assert get(client, f"/api/tasks/{task.slug}/").json()["status"] == "completed_on_time"

    get(client, "/en/agencies/")
    task.coordinating_agencies.add(make_agency(slug="mof", name="Ministry of Finance"))
    assert HIT not in get(client, "/en/agencies/")

    get(client, "/en/agencies/")
    bump_data_version()  # what writes without signals call (bench/generate.py)
    assert HIT not in get(client, "/en/agencies/")


def test_logged_in_users_are_never_served_or_stored(client, records, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a long enough password 57")
    client.force_login(editor)
    first = get(client, "/en/agencies/")
    second = get(client, "/en/agencies/")
    assert HIT not in first and HIT not in second
    client.logout()
    # Nothing the editor saw was stored for anonymous readers.
    assert HIT not in get(client, "/en/agencies/")


def test_responses_setting_cookies_or_private_are_not_stored(records):
    with_cookie = HttpResponse("hello")
    with_cookie.set_cookie("tracker", "1")
    private = HttpResponse("mine")
    private["Cache-Control"] = "private"
    for n, response in enumerate([with_cookie, private, HttpResponse("no", status=404)]):
        url = f"/x/{n}/"
        assert (
            ResponseCacheMiddleware(lambda request, response=response: response)(RequestFactory().get(url)) is response
        )
        again = ResponseCacheMiddleware(lambda request: HttpResponse("second"))(RequestFactory().get(url))
        assert again.content == b"second" and HIT not in again


def test_writes_are_never_cached(records):
    middleware = ResponseCacheMiddleware(lambda request: HttpResponse("posted"))
    middleware(RequestFactory().post("/x/"))
    assert HIT not in middleware(RequestFactory().post("/x/"))


def test_a_conditional_get_is_answered_304_from_the_cache(client, records):
    first = get(client, "/api/agencies/")
    assert first.status_code == 200, first.content
    again = get(client, "/api/agencies/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again[HIT] == "hit"


def test_cached_api_answers_still_count_against_the_rate_limit(client, records, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    for _ in range(3):
        assert get(client, "/api/laws/").status_code == 200
    assert get(client, "/api/laws/").status_code == 429


@override_settings(RESPONSE_CACHE_SECONDS=0)
def test_the_cache_can_be_switched_off(client, records):
    get(client, "/en/agencies/")
    assert HIT not in get(client, "/en/agencies/")
