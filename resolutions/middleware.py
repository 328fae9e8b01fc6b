"""Middleware every request passes through before any view: a request id for the logs and the
error pages, a limit on website requests per client, and a query string that is readable and free
of tracking parameters."""

import contextlib
import contextvars
import logging
import re
import uuid
from urllib.parse import unquote_plus, unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import error_pages
from .client import client_address
from .throttling import site_request_allowed

REQUEST_ID_HEADER = "X-Request-ID"
# An id the proxy in front already gave the request is kept if it looks like one.
ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
current_request_id = contextvars.ContextVar("request_id", default="-")

# Added by newsletters, ads and social sites to shared links; no view reads them.
TRACKING_PARAMETER = re.compile(r"utm_[A-Za-z0-9_]*|fbclid|gclid|mc_cid|mc_eid|ref")
# Paths the website throttle leaves alone: the API counts its own requests, probes never count.
UNTHROTTLED_PREFIXES = ("/api/", "/healthz", "/readyz")


class RequestIdMiddleware:
    """Give every request an id (or keep the X-Request-ID the proxy sent), answer it in the
    X-Request-ID header (gunicorn's access log prints it), and put it on every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if ACCEPTABLE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = request.id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or current_request_id.get()
        return True


class SiteThrottleMiddleware:
    """At most SITE_RATE website requests per client address (as resolutions.client reads it);
    429 with Retry-After beyond."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(UNTHROTTLED_PREFIXES):
            allowed, wait = site_request_allowed(client_address(request), settings.SITE_RATE)
            if not allowed:
                return error_pages.too_many_requests(request, wait)
        return self.get_response(request)


class QueryStringMiddleware:
    """A query string Django cannot read (more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters),
    that is not UTF-8 or that holds a NUL character is a 400 naming the fault, on every page and
    the API alike; tracking parameters are removed before any view, link or cache key sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers in English, the website in the visitor's language.
        with translation.override("en") if error_pages.is_api(request) else contextlib.nullcontext():
            errors = {name: str(message) for name, message in unreadable_parameters(request).items()}
        if errors:
            # The 400 page's context processors read request.GET again: give them an empty one.
            request.GET = QueryDict()
            request.META["QUERY_STRING"] = ""
            return error_pages.bad_query_string(request, errors)
        drop_tracking_parameters(request)
        return self.get_response(request)


def unreadable_parameters(request):
    """{name: message} for what makes the query string unreadable; empty when it is fine."""
    try:
        request.GET  # noqa: B018 (parses the query string, raising on too many fields)
    except (SuspiciousOperation, BadRequest):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return {"query string": _("More than %(count)d parameters.") % {"count": limit}}
    errors = {}
    for name, value in raw_pairs(request.META.get("QUERY_STRING", "")):
        try:
            text = (name + value).decode("utf-8")
        except UnicodeDecodeError:
            errors[name.decode("utf-8", "replace")] = _("Not valid UTF-8 after percent-decoding.")
            continue
        if "\x00" in text:
            errors[name.decode("utf-8", "replace")] = _("Contains a NUL character.")
    return errors


def raw_pairs(query_string):
    """(name, value) byte strings of a query string, split and decoded as Django's QueryDict does."""
    for part in query_string.split("&"):
        if part:
            name, _equals, value = part.partition("=")
            yield unquote_to_bytes(name.replace("+", " ")), unquote_to_bytes(value.replace("+", " "))


def drop_tracking_parameters(request):
    raw = request.META.get("QUERY_STRING", "")
    if not raw or not any(TRACKING_PARAMETER.fullmatch(name) for name in request.GET):
        return
    kept = [part for part in raw.split("&") if not TRACKING_PARAMETER.fullmatch(unquote_plus(part.partition("=")[0]))]
    request.META["QUERY_STRING"] = "&".join(kept)
    request.GET = QueryDict(request.META["QUERY_STRING"], encoding=request.encoding)
