"""A cache of whole responses for anonymous readers, through Django's cache framework.

A GET (or HEAD) from a reader who is not logged in is answered from the cache when the same
address was answered before in the same language, on the same judging date (today, in the
site's time zone) and at the same data version. The data version is a token in the cache that
every change replaces: any save, deletion or many-to-many change of a tracker record (history
records included, so the admin, history reverts and ``load_curated`` all count), and
``bump_data_version()`` for writes that send no signals (``bench/generate.py``).

Never cached: responses from or to logged-in users, responses that set a cookie or say
``private``/``no-store``, anything but a plain 200, and streamed responses. API responses served
from the cache still count against the anonymous rate limit, and conditional requests are
answered 304 from the cached validators without running the view.

The default cache is local memory, one per process: a change made in another process (a
management command, another worker) shows when the entry expires (``RESPONSE_CACHE_SECONDS``).
With ``REDIS_URL`` set, every process shares one Redis cache and sees every bump at once.
"""

import hashlib
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.text import compress_string
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "response-cache:data-version"
# Changes with the shape of a stored entry, so a deployment never reads an older shape.
ENTRY_PREFIX = "response-cache:v2:"
DEFAULT_SECONDS = 600
THROTTLED_PREFIXES = ("/api/",)
# Request headers a response may vary on besides the language: the API negotiates its format.
VARYING_HEADERS = ("HTTP_ACCEPT",)


def response_cache():
    return caches[getattr(settings, "RESPONSE_CACHE_ALIAS", "default")]


def cache_seconds():
    return getattr(settings, "RESPONSE_CACHE_SECONDS", DEFAULT_SECONDS)


def data_version():
    version = response_cache().get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        response_cache().add(VERSION_KEY, version, timeout=None)
        version = response_cache().get(VERSION_KEY, version)
    return version


def bump_data_version(**kwargs):
    try:
        response_cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # The write itself succeeded; stale answers live at most RESPONSE_CACHE_SECONDS.
        logger.exception("Response cache unreachable; data version not bumped")


def cache_key(request):
    varying = "\n".join(request.META.get(header, "") for header in VARYING_HEADERS)
    parts = [
        data_version(),
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        varying,
    ]
    return ENTRY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # No session, so nobody is logged in; reading request.user would load the (empty)
        # session and add "Vary: Cookie" to a page that does not depend on one.
        return True
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return "private" not in control and "no-store" not in control


def _throttled(request):
    """Whether the anonymous API rate limit refuses this request (and counts it when not)."""
    if not request.path.startswith(THROTTLED_PREFIXES):
        return False
    from rest_framework.settings import api_settings

    return any(not throttle().allow_request(request, None) for throttle in api_settings.DEFAULT_THROTTLE_CLASSES)


class ResponseCacheMiddleware:
    """Place after the authentication and locale middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if cache_seconds() <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = cache_key(request)
            stored = response_cache().get(key)
        except Exception:
            # An unreachable cache must not take the site down: answer without it.
            logger.exception("Response cache unreachable; answering uncached")
            return self.get_response(request)
        if stored is not None and not _throttled(request):
            return self._from_cache(request, stored)
        response = self.get_response(request)
        if is_cacheable_request(request) and is_cacheable_response(response):
            stored = (response.status_code, list(response.items()), response.content, gzipped(response.content))
            try:
                response_cache().set(key, stored, cache_seconds())
            except Exception:
                logger.exception("Response cache unreachable; answer not stored")
            send_compressed(request, response, stored[3])
        return response

    def _from_cache(self, request, stored):
        status, headers, content, compressed = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        if conditional is response:
            send_compressed(request, response, compressed)
        conditional["X-Response-Cache"] = "hit"
        return conditional


def gzipped(content):
    """The body as GZipMiddleware would compress it (None where it would not), computed once
    when the answer is stored rather than on every hit. Cached answers hold no secret (no
    session, no cookie, no CSRF token), so reusing one compressed body gives BREACH nothing."""
    if len(content) < 200:
        return None
    compressed = compress_string(content, max_random_bytes=GZipMiddleware.max_random_bytes)
    return compressed if len(compressed) < len(content) else None


def send_compressed(request, response, compressed):
    """Put the stored compressed body in the response, with the headers GZipMiddleware would
    set (which then leaves a response with a Content-Encoding alone)."""
    if compressed is None:
        return
    patch_vary_headers(response, ("Accept-Encoding",))
    if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return
    response.content = compressed
    response["Content-Length"] = str(len(compressed))
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response["ETag"] = "W/" + etag
    response["Content-Encoding"] = "gzip"


def connect():
    """Bump the data version on every change to a tracker record, history records included."""
    for model in apps.get_app_config("resolutions").get_models():
        uid = f"response_cache_{model._meta.label_lower}"
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}_deleted")
    m2m_changed.connect(bump_data_version, dispatch_uid="response_cache_m2m_changed")
