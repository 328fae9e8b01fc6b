"""Limits that hold: the website and API throttles count per client address (the one trusted-proxy
rule), in the shared cache; the login lockout counts per address as well as per user name and
address, with the same rule (issue 12)."""

import socket

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from resolutions import throttling
from resolutions.client import client_address


def test_the_client_address_trusts_only_as_many_proxies_as_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.NUM_PROXIES = 0
    assert client_address(request) == "10.0.0.1"
    settings.NUM_PROXIES = 1
    assert client_address(request) == "203.0.113.9"
    settings.NUM_PROXIES = 2
    assert client_address(request) == "6.6.6.6"
    settings.NUM_PROXIES = 5
    assert client_address(request) == "6.6.6.6"


def test_the_website_answers_429_with_retry_after_past_its_rate(client, db, settings):
    settings.SITE_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/vi/sources/").status_code == 200

    refused = client.get("/vi/sources/")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert client.get("/healthz").status_code == 200  # probes are never counted


def test_the_website_rate_is_per_client_behind_the_trusted_proxy(client, db, settings):
    settings.SITE_RATE = "2/minute"
    settings.NUM_PROXIES = 1
    for _ in range(2):
        assert client.get("/vi/sources/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200

    assert client.get("/vi/sources/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    assert client.get("/vi/sources/", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
    # An address the client writes further left changes nothing.
    assert client.get("/vi/sources/", headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.1"}).status_code == 429


def test_the_api_rate_is_per_client_behind_the_trusted_proxy(client, db, settings, monkeypatch):
    settings.NUM_PROXIES = 1
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1, "DEFAULT_THROTTLE_RATES": rates}
    # DRF reads the rates into the class once; monkeypatch puts the original back afterwards.
    monkeypatch.setattr(throttling.ClientRateThrottle, "THROTTLE_RATES", rates)
    for _ in range(2):
        assert client.get("/api/sources/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    assert client.get("/api/sources/", headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    assert client.get("/api/sources/", headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200


def test_a_cache_outage_lets_requests_through_rather_than_failing_them(client, db, settings, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "get", down)
    settings.SITE_RATE = "1/minute"

    assert client.get("/vi/sources/").status_code == 200
    assert client.get("/vi/sources/").status_code == 200
    assert client.get("/api/sources/").status_code == 200


def redis_available():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def redis_location():
    # A Redis database of each backend's suite's own: CI runs the two suites side by side.
    return f"redis://127.0.0.1:6379/{13 if connection.vendor == 'sqlite' else 14}"


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_website_count_is_shared_by_every_worker(client, db, settings):
    import redis

    settings.SITE_RATE = "5/minute"
    redis_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_location()}}
    with override_settings(CACHES=redis_cache):
        cache.clear()
        for _ in range(3):
            assert client.get("/vi/sources/").status_code == 200
        # What another worker, or this one after a restart, reads: the count is in Redis.
        shared = redis.Redis.from_url(redis_location())
        (key,) = [key for key in shared.keys("*site-throttle:127.0.0.1:*")]
        assert int(shared.get(key)) == 3
        cache.clear()


def log_in(client, username, address):
    data = {"username": username, "password": "wrong-password", "next": "/admin/"}
    return client.post("/admin/login/", data, headers={"X-Forwarded-For": address})


def test_one_password_tried_across_many_user_names_locks_the_address(client, db, settings):
    settings.NUM_PROXIES = 1
    for number in range(5):
        log_in(client, f"user{number}", "198.51.100.7")

    assert log_in(client, "someone-else", "198.51.100.7").status_code == 429
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").values("username").distinct().count() == 6
    # Another visitor behind the same proxy is not locked out.
    assert log_in(client, "someone-else", "198.51.100.8").status_code == 200


def test_behind_the_proxy_the_lockout_follows_the_client_not_the_proxy(client, db, settings):
    settings.NUM_PROXIES = 1
    for _ in range(5):
        log_in(client, "admin", "198.51.100.7")

    assert log_in(client, "admin", "198.51.100.7").status_code == 429
    assert log_in(client, "admin", "198.51.100.9").status_code == 200
