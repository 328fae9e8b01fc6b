"""One error shape for the whole API: ``{"errors": {"<parameter>": ["<what it accepts>", ...]}}``.

The key names the query parameter at fault (``status``, ``quarter``, ``page``, ``format``, the
lookup ``slug`` or ``key``); errors that no single parameter caused use ``detail``.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import resolve
from django.utils import translation
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is not None:
        response.data = {"errors": error_messages(response.data)}
    return response


def error_messages(data):
    if isinstance(data, dict):
        return {str(name): _as_list(messages) for name, messages in data.items()}
    return {"detail": _as_list(data)}


def _as_list(messages):
    if isinstance(messages, (list, tuple)):
        return [str(message) for message in messages]
    return [str(messages)]


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages keyed by the query parameter at fault, or “detail” for other errors.",
    )


@csrf_exempt
def not_found(request, *args, **kwargs):
    """JSON 404 for paths under /api/ that match no endpoint (instead of the site's HTML page), in
    English like the endpoints, whatever the method.

    This catch-all matches every path, so CommonMiddleware's APPEND_SLASH never sees a 404 to
    redirect: a path that lacks only its final slash is redirected here, as it would be (308 for
    other methods than GET and HEAD, which keeps the method)."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        match = resolve(request.path_info + "/", getattr(request, "urlconf", None))
        if match.func is not not_found:
            return HttpResponsePermanentRedirect(
                escape_leading_slashes(request.get_full_path(force_append_slash=True)),
                preserve_request=request.method not in ("GET", "HEAD"),
            )
    with translation.override("en"):
        message = _("No API endpoint at %(path)s; the root %(root)s lists them.") % {
            "path": request.path,
            "root": "/api/",
        }
    response = JsonResponse({"errors": {"path": [message]}}, status=404)
    # LocaleMiddleware would otherwise label the response with the site's language.
    response.headers["Content-Language"] = "en"
    return response
