"""One error shape for the whole API: ``{"errors": {"<parameter>": ["<what it accepts>", ...]}}``.

The key names the query parameter at fault (``status``, ``quarter``, ``page``, ``format``, the
lookup ``slug`` or ``key``); errors that no single parameter caused use ``detail``.
"""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler

from ..params import QueryError


def api_exception_handler(exc, context):
    if isinstance(exc, QueryError):  # the website shows the same errors as its 400 page
        exc = ValidationError(
            {name: [message, accepts] if accepts else [message] for name, (message, accepts) in exc.errors.items()}
        )
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


def not_found(request):
    """JSON 404 for paths under /api/ that match no endpoint (instead of the site's HTML page), in
    English like the endpoints, whatever the method. Called by the project's ``handler404``, so
    CommonMiddleware still redirects a path that lacks only its final slash."""
    with translation.override("en"):
        message = _("No API endpoint at %(path)s; the root %(root)s lists them.") % {
            "path": request.path,
            "root": "/api/",
        }
    response = JsonResponse({"errors": {"path": [message]}}, status=404)
    # LocaleMiddleware would otherwise label the response with the site's language.
    response.headers["Content-Language"] = "en"
    return response
