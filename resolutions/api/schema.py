"""The OpenAPI description: error answers, caching headers, the ``format`` parameter and what
each filter accepts; and the schema and docs views, in English with JSON errors."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer

from ..filters import SearchFilter
from ..params import AS_OF, SLUG_PATTERN, accepted_values, repeatable
from ..search import MAX_SEARCH_LENGTH
from . import serializers
from .errors import ErrorSerializer
from .negotiation import InEnglish
from .renderers import CSVRenderer

QUARTER_FILTERS = ("quarter", "quarter_from", "quarter_to")
# Patterns in the ECMA syntax OpenAPI uses. Django refuses a NUL character in any query value.
SLUG = f"^{SLUG_PATTERN}$"
NO_NUL = "^[^\\x00]*$"
# A search is blank (no filter) or holds a letter or a digit ([^\W_]: Python's str.isalnum).
SEARCH = "^(?:\\s*|[^\\x00]*[^\\W_][^\\x00]*)$"


def header(name, description, type_=OpenApiTypes.STR, **kwargs):
    return OpenApiParameter(name, type_, OpenApiParameter.HEADER, description=description, **kwargs)


def caching_headers():
    """Conditional requests (answered 304) and the headers that make them possible; Retry-After on 429."""
    validated = {"response": [200, 304]}
    return [
        header("If-None-Match", _("The ETag of a copy held: 304 without a body if the answer is still the same.")),
        header(
            "If-Modified-Since",
            _("An HTTP date: 304 if nothing changed since; ignored when If-None-Match is given."),
        ),
        header(
            "ETag",
            _("A hash of the body: it changes exactly when the answer does. Absent on the streamed CSV of tasks."),
            **validated,
        ),
        header(
            "Last-Modified",
            _("The latest change recorded in the edit history; absent when none is recorded."),
            **validated,
        ),
        header(
            "Retry-After",
            _("Seconds to wait before the next request."),
            OpenApiTypes.INT,
            response=[429],
            required=True,
        ),
    ]


class TrackerSchema(AutoSchema):
    """Documents the error answers, the caching headers and the ``format`` parameter of every
    operation, and the parameters a view binds besides its FilterSet's (``as_of``)."""

    def get_response_serializers(self):
        return {
            "200": super().get_response_serializers(),
            "304": OpenApiResponse(
                description=_("Not modified: the copy named by If-None-Match (or If-Modified-Since) is current.")
            ),
            "400": OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "A query parameter has a value it does not accept (a page past the end included), or is "
                    "not one this endpoint knows; `errors` maps each such parameter to what is wrong and what "
                    "it accepts."
                ),
            ),
            "404": OpenApiResponse(
                ErrorSerializer,
                description=_("No record has this slug (or key)."),
            ),
            "405": OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Never for GET or HEAD: any other method but OPTIONS gets a 405 with an Allow header, "
                    "whatever its query string (OpenAPI has no place for the operations a path lacks)."
                ),
            ),
            "406": OpenApiResponse(ErrorSerializer, description=_("The Accept header asks for no format served.")),
            "429": OpenApiResponse(
                ErrorSerializer,
                description=_("Too many requests from this anonymous client; retry after the Retry-After seconds."),
            ),
        }

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            content = response.get("content", {})
            if CSVRenderer.media_type not in content:
                continue
            if code == "200":
                content[CSVRenderer.media_type]["schema"] = {
                    "type": "string",
                    "description": _(
                        "UTF-8 with a byte-order mark; a header row, then one row per record; several values "
                        "share a cell, joined by “ | ”, and a cell a spreadsheet would run as a formula "
                        "starts with an apostrophe. Tasks: the columns of the website's CSV, headed by their "
                        "keys; other lists: nested fields as columns such as document.slug. The whole "
                        "filtered list unless page or page_size is given."
                    ),
                }
            else:
                del content[CSVRenderer.media_type]  # errors are always JSON
        return responses

    def get_description(self):
        errors = _(
            "\n\nErrors: a parameter value it does not accept, or an unknown parameter, is a 400 whose "
            "`errors` object names the parameter and says what it accepts (a page past the end too); an "
            "unknown slug is a 404 of the same shape; anonymous clients over the rate limit get a 429."
        )
        writes = _("The API is read-only: POST, PUT, PATCH and DELETE get a 405.")
        return f"{super().get_description()}{errors} {writes}"

    def get_override_parameters(self):
        formats = [renderer.format for renderer in self.view.get_renderers() if renderer.format != "api"]
        format_parameter = OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=formats,
            description="\n\n".join(
                (
                    _("Response format (or send an Accept header): %(formats)s.") % {"formats": ", ".join(formats)},
                    _("An empty value is the same as leaving the parameter out."),
                )
            ),
        )
        return [
            *super().get_override_parameters(),
            format_parameter,
            *self.view.extra_schema_parameters(),
            *caching_headers(),
        ]

    def _get_parameters(self):
        """Every query parameter that treats an empty value as absent says so (``allowEmptyValue``):
        the filters but the repeatable ones, ``as_of`` and ``format``; not ``page`` or ``page_size``."""
        parameters = super()._get_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class and self.view.action == "list" else {}
        blank_is_absent = {"format", AS_OF, *(name for name, filter_ in filters.items() if not repeatable(filter_))}
        for parameter in parameters:
            if parameter["in"] == "query" and parameter["name"] in blank_is_absent:
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        # The (start, end) pairs a filter form refuses reversed (filters.OrderedRangesForm).
        ranges = getattr(filterset_class._meta.form, "ranges", ()) if filterset_class else ()
        range_starts = {end: start for start, end in ranges}
        for parameter in parameters:
            name = parameter["name"]
            filter_ = filterset_class.base_filters.get(name) if filterset_class else None
            schema = parameter["schema"]
            if name in QUARTER_FILTERS:
                schema["pattern"] = serializers.QUARTER_PATTERN
            elif isinstance(filter_, django_filters.ModelChoiceFilter):
                field = filter_.queryset.model._meta.get_field(filter_.extra.get("to_field_name", "pk"))
                schema.update(pattern=SLUG, maxLength=field.max_length)
            elif isinstance(filter_, SearchFilter):
                schema.update(pattern=SEARCH, maxLength=MAX_SEARCH_LENGTH)
            elif schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
                schema["pattern"] = NO_NUL
            range_start = range_starts.get(name)
            sentences = [
                parameter.get("description", ""),
                accepted_values(filter_, or_help_text=False),
                _("Any other value is a 400 naming this parameter."),
                range_start
                and _("Must not be before %(start)s: a reversed range is a 400 naming this parameter.")
                % {"start": range_start},
                None if repeatable(filter_) else _("An empty value is the same as leaving the parameter out."),
            ]
            parameter["description"] = "\n\n".join(str(sentence) for sentence in sentences if sentence)
        return parameters


class JsonErrors:
    """Errors in the API's JSON shape, though the page itself is HTML (docs) or YAML (schema)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(InEnglish, JsonErrors, SpectacularAPIView):
    authentication_classes = []
    http_method_names = ["get", "head"]


class DocsView(InEnglish, JsonErrors, SpectacularSwaggerView):
    """Swagger UI. Only GET and HEAD: DRF's OPTIONS answer has no template to render here."""

    authentication_classes = []
    http_method_names = ["get", "head"]
