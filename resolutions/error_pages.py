"""Error answers that work when everything else does not: no database, no session, no
context processor that could fail again. HTML on the website, JSON of the API's one shape under
/api/, each with the request id to quote."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import Context, loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 5

try:  # the Redis client is there when REDIS_URL is set
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNAVAILABLE_CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover
    UNAVAILABLE_CACHE_ERRORS = ()

# A database (or cache) that is down, refuses connections, hangs past the connect timeout or
# cancels a statement at the statement timeout: the request may succeed again shortly.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, *UNAVAILABLE_CACHE_ERRORS)


def is_api(request):
    return request.path.startswith("/api/")


def api_error(request, status, field, message, **headers):
    return JsonResponse({"errors": {field: [message]}}, status=status, headers={"Content-Language": "en", **headers})


def standalone_page(request, template_name, status, context, **headers):
    """A page rendered without context processors, sessions or the database: for 500 and 503."""
    values = {"request_id": getattr(request, "id", ""), "LANGUAGE_CODE": translation.get_language(), **context}
    html = loader.get_template(template_name).template.render(Context(values))
    return HttpResponse(html, status=status, headers=headers)


def bad_query_string(request, errors):
    """400 for a query string no view can read; ``errors`` is {name: message}."""
    if is_api(request):
        with translation.override("en"):
            return JsonResponse(
                {"errors": {name: [str(message)] for name, message in errors.items()}},
                status=400,
                headers={"Content-Language": "en"},
            )
    accepts = _("at most one value per parameter, UTF-8, no NUL character")
    rows = [(name, message, accepts) for name, message in sorted(errors.items())]
    return render(request, "400.html", {"errors": rows}, status=400)


def too_many_requests(request, wait):
    message = _("Too many requests from your address; try again in %(seconds)d seconds.") % {"seconds": wait}
    response = render(request, "429.html", {"message": message}, status=429)
    response.headers["Retry-After"] = str(wait)
    response.headers["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def bad_request(request, exception):
    """handler400, for what Django refuses itself (a request body with too many fields, a
    disallowed host), which no view saw."""
    if is_api(request):
        with translation.override("en"):
            return api_error(request, 400, "detail", _("The request could not be read."))
    rows = [("request", _("The request could not be read."), "")]
    return render(request, "400.html", {"errors": rows}, status=400)


@requires_csrf_token
def server_error(request):
    """handler500: a database or cache that cannot be reached is a 503 with Retry-After (it may
    come back in seconds, and the site recovers on its own); anything else a 500. Django has
    already logged the exception with its traceback and the request id."""
    error = sys.exc_info()[1]
    headers = {"Cache-Control": "no-store"}
    if isinstance(error, UNAVAILABLE_ERRORS) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, UNAVAILABLE_ERRORS)
    ):
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if is_api(request):
            with translation.override("en"):
                message = _("The database is unavailable; try again in %(seconds)d seconds.") % {
                    "seconds": RETRY_AFTER_SECONDS
                }
                return api_error(request, 503, "detail", message, **headers)
        return standalone_page(request, "503.html", 503, {"retry_after": RETRY_AFTER_SECONDS}, **headers)
    if is_api(request):
        with translation.override("en"):
            message = _("Internal error, logged with reference %(id)s.") % {"id": getattr(request, "id", "-")}
            return api_error(request, 500, "detail", message, **headers)
    return standalone_page(request, "500.html", 500, {}, **headers)
