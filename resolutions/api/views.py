"""Read-only viewsets. Filtering is the website's: each list runs the FilterSet of
``resolutions/filters.py`` through django-filter's backend, which answers 400 on a bad value."""

import django_filters
from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers, viewsets
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.mediatypes import _MediaType, order_by_precedence

from .. import filters
from ..models import Agency, Citation, Document, Figure, Law, LawReviewList, ProgressReport, Source, Task
from . import serializers
from .caching import conditional, latest_recorded_change
from .errors import ErrorSerializer
from .filtering import ExplainingFilterBackend, accepted_values
from .renderers import CSVRenderer

SLUG_PATTERN = "[-a-zA-Z0-9_]+"
QUARTER_FILTERS = ("quarter", "quarter_from", "quarter_to")


def evidence():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def reports_known_on(as_of):
    """Progress reports known on ``as_of``: by the date they were made or, failing that, the
    date of completion (the rule ``TaskQuerySet.with_status`` judges statuses by)."""
    return ProgressReport.objects.alias(known=Coalesce("reported_on", "completed_on")).filter(known__lte=as_of)


def quality(media_type):
    """The q-value of an accepted media type: 1 when absent or unreadable."""
    try:
        value = float(_MediaType(media_type).params.get("q", 1))
    except ValueError:
        return 1.0
    return value if 0 <= value <= 1 else 1.0  # also turns NaN into 1


def accepted_media_type(renderer, served, asked):
    """As DRF answers: the renderer's type when the client asked for a range such as ``*/*``."""
    if served.precedence > asked.precedence:
        return ";".join((renderer.media_type, *(f"{key}={value}" for key, value in asked.params.items())))
    return asked.orig


class TrackerContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            accepted = ", ".join(renderer.format for renderer in renderers)
            message = _("Unknown format; this endpoint serves: %(formats)s.") % {"formats": accepted}
            raise ValidationError({"format": [message]})
        return matching

    def select_renderer(self, request, renderers, format_suffix=None):
        """DRF's choice, made first among the media types the client prefers: DRF ranks them by
        how specific they are and ignores q-values, so ``text/csv;q=0.9, application/json;q=0.1``
        gave JSON. Between equal q-values DRF's order stands; q=0 means "not this one"."""
        format = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format:
            renderers = self.filter_renderers(renderers, format)
        accepted = self.get_accept_list(request)
        for q in sorted({quality(media_type) for media_type in accepted} - {0}, reverse=True):
            preferred = [media_type for media_type in accepted if quality(media_type) == q]
            for media_types in order_by_precedence(preferred):
                for renderer in renderers:
                    served = _MediaType(renderer.media_type)
                    for media_type in media_types:
                        asked = _MediaType(media_type)
                        if served.match(asked):
                            return renderer, accepted_media_type(renderer, served, asked)
        raise NotAcceptable(available_renderers=renderers)


def repeatable(filter_):
    """Whether a filter takes several values, the parameter repeated (``status`` of tasks)."""
    return isinstance(filter_, django_filters.MultipleChoiceFilter)


def caching_headers():
    """Conditional requests (answered 304) and the headers that make them possible; Retry-After on 429."""
    return [
        OpenApiParameter(
            "If-None-Match",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            description=_("The ETag of a copy held: 304 without a body if the answer is still the same."),
        ),
        OpenApiParameter(
            "If-Modified-Since",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            description=_("An HTTP date: 304 if nothing changed since; ignored when If-None-Match is given."),
        ),
        OpenApiParameter(
            "ETag",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[200, 304],
            required=True,
            description=_("A hash of the body: it changes exactly when the answer does."),
        ),
        OpenApiParameter(
            "Last-Modified",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            response=[200, 304],
            description=_("The latest change recorded in the edit history; absent when none is recorded."),
        ),
        OpenApiParameter(
            "Retry-After",
            OpenApiTypes.INT,
            OpenApiParameter.HEADER,
            response=[429],
            required=True,
            description=_("Seconds to wait before the next request."),
        ),
    ]


class TrackerSchema(AutoSchema):
    """Documents the error answers, the caching headers and the ``format`` parameter of every
    operation."""

    def get_response_serializers(self):
        return {
            "200": super().get_response_serializers(),
            "304": OpenApiResponse(
                description=_("Not modified: the copy named by If-None-Match (or If-Modified-Since) is current.")
            ),
            "400": OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "A query parameter has a value it does not accept, or is not one this endpoint knows; "
                    "`errors` maps each such parameter to what is wrong and what it accepts."
                ),
            ),
            "404": OpenApiResponse(
                ErrorSerializer,
                description=_("No record has this slug (or key), or the page is past the end (`errors.page`)."),
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
                        "UTF-8 with a byte-order mark; a header row, then one row per record. Nested "
                        "fields are columns such as lead_agency.slug; several values share a cell, "
                        "joined by “ | ”. The whole filtered list unless page or page_size is given."
                    ),
                }
            else:
                del content[CSVRenderer.media_type]  # errors are always JSON
        return responses

    def get_description(self):
        errors = _(
            "\n\nErrors: a parameter value it does not accept, or an unknown parameter, is a 400 whose "
            "`errors` object names the parameter and says what it accepts; an unknown slug or a page "
            "past the end is a 404 of the same shape; anonymous clients over the rate limit get a 429."
        )
        writes = _("The API is read-only: POST, PUT, PATCH and DELETE get a 405.")
        return f"{super().get_description()}{errors} {writes}"

    def get_override_parameters(self):
        formats = [renderer.format for renderer in self.view.get_renderers() if renderer.format != "api"]
        format_parameter = OpenApiParameter(
            "format",
            OpenApiTypes.STR,
            enum=formats,
            description=_("Response format (or send an Accept header): %(formats)s.") % {"formats": ", ".join(formats)},
        )
        return [
            *super().get_override_parameters(),
            format_parameter,
            *self.view.extra_schema_parameters(),
            *caching_headers(),
        ]

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        for parameter in parameters:
            name = parameter["name"]
            if name in QUARTER_FILTERS:
                parameter["schema"]["pattern"] = serializers.QUARTER_PATTERN
            filter_ = filterset_class.base_filters.get(name) if filterset_class else None
            sentences = [
                parameter.get("description", ""),
                accepted_values(filter_),
                _("Any other value is a 400 naming this parameter."),
                None if repeatable(filter_) else _("An empty value is the same as leaving the parameter out."),
            ]
            parameter["description"] = "\n\n".join(str(sentence) for sentence in sentences if sentence)
        return parameters


class InEnglish:
    """Answers in English whatever the site's language: field names, descriptions and error
    messages in one language."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here, not later by Django, so that HTML pages (browsable API, reference)
            # are in English too, as every other answer is.
            if hasattr(response, "render"):
                response.render()
        # LocaleMiddleware would otherwise label the response with the site's language.
        response.headers["Content-Language"] = "en"
        return response


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


class StrictReadOnly(InEnglish):
    """What the API root and the endpoints share: English answers, writes refused with 405
    before anything else, and a 400 for a query parameter the view does not know or one given
    more than once where a single value is expected (Django would keep only the last)."""

    # Everyone reads the same public data; no session or login is looked at.
    authentication_classes = []
    content_negotiation_class = TrackerContentNegotiation

    def initial(self, request, *args, **kwargs):
        # Refuse writes before authentication: the API is read-only for everyone.
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method, detail=_("This API is read-only: use GET, HEAD or OPTIONS."))
        super().initial(request, *args, **kwargs)
        self.check_query_parameter_names(request)

    def accepted_query_parameters(self):
        return {"format"}

    def repeatable_query_parameters(self):
        return set()

    def check_query_parameter_names(self, request):
        accepted = self.accepted_query_parameters()
        repeatable = self.repeatable_query_parameters()
        errors = {}
        for name, values in sorted(request.query_params.lists()):
            if name not in accepted:
                errors[name] = [
                    _("Unknown parameter; this endpoint accepts: %(accepted)s.")
                    % {"accepted": ", ".join(sorted(accepted))}
                ]
            elif len(values) > 1 and name not in repeatable:
                errors[name] = [_("Given more than once; this parameter takes a single value.")]
        if errors:
            raise ValidationError(errors)


class APIRootView(StrictReadOnly, routers.APIRootView):
    """The endpoints of the API. Each lists records (JSON, or CSV with `format=csv`) and has a
    detail by slug; the schema is at /api/schema/ and the interactive docs at /api/docs/."""


class TrackerViewSet(StrictReadOnly, viewsets.ReadOnlyModelViewSet):
    """Read-only records looked up by slug, filtered by the website's FilterSets, in JSON or CSV."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filter_backends = [ExplainingFilterBackend]
    schema = TrackerSchema()
    # Query parameters a detail view reads besides ``format``.
    detail_parameters = ()

    def get_renderers(self):
        renderers = [JSONRenderer(), BrowsableAPIRenderer()]
        if self.action == "list":
            renderers.append(CSVRenderer())
        return renderers

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            # A detail is served as JSON only; a record that does not exist is a 404 whatever
            # format was asked for.
            if self.action == "retrieve":
                self.get_object()
            raise

    def accepted_query_parameters(self):
        names = {"format"}
        if self.action == "list":
            names.update(self.filterset_class.base_filters if self.filterset_class else ())
            names.update({self.paginator.page_query_param, self.paginator.page_size_query_param})
        else:
            names.update(self.detail_parameters)
        return names

    def repeatable_query_parameters(self):
        if self.action != "list" or self.filterset_class is None:
            return set()
        return {name for name, filter_ in self.filterset_class.base_filters.items() if repeatable(filter_)}

    def get_object(self):
        try:
            return super().get_object()
        except (Http404, NotFound):
            value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            model_name = self.get_queryset().model._meta.verbose_name
            message = _("No %(model)s has the %(field)s “%(value)s”.") % {
                "model": model_name,
                "field": self.lookup_field,
                "value": value,
            }
            raise NotFound({self.lookup_field: [message]}) from None

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Errors are JSON whatever format was asked for, so a client always gets the message.
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "csv":
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and isinstance(response, Response):
            response.render()
            response = conditional(request, response, self.last_modified())
        return response

    def last_modified(self):
        return latest_recorded_change()

    def extra_schema_parameters(self):
        return []


class TaskViewSet(TrackerViewSet):
    """Tasks with their deadline, quarter and status derived on `as_of` (default today).

    Filter by agency (lead only with `agency_role=lead`), quarter or quarter range, status,
    document, law, deadline range and free text; statuses are judged on `as_of`."""

    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
    detail_parameters = ("as_of",)

    def get_queryset(self):
        return Task.objects.select_related("lead_agency", "document", "meeting__convened_by").prefetch_related(
            "coordinating_agencies", "laws", evidence()
        )

    def filter_queryset(self, queryset):
        # TaskFilter judges statuses on as_of and drops the tasks not yet assigned by then, for
        # the detail view too (DRF's get_object filters); the reports listed are those known by
        # then, the ones the status is judged on.
        filterset = ExplainingFilterBackend().valid_filterset(self.request, queryset, self)
        self.as_of = filterset.as_of_date
        reports = Prefetch("progress_reports", queryset=reports_known_on(self.as_of))
        return filterset.qs.prefetch_related(reports)

    def get_object(self):
        try:
            return super().get_object()
        except NotFound:
            slug = self.kwargs[self.lookup_field]
            later = Task.objects.filter(slug=slug, assigned_on__gt=self.as_of)
            assigned_on = later.values_list("assigned_on", flat=True).first()
            if assigned_on is None:
                raise
            message = _("Task “%(slug)s” was assigned on %(assigned_on)s, after %(as_of)s.") % {
                "slug": slug,
                "assigned_on": assigned_on.isoformat(),
                "as_of": self.as_of.isoformat(),
            }
            raise NotFound({"as_of": [message]}) from None

    def last_modified(self):
        latest = latest_recorded_change()
        if "as_of" in self.request.query_params:
            return latest
        # Statuses judged on today change at midnight even when no record does.
        start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return start_of_today if latest is None else max(latest, start_of_today)

    def extra_schema_parameters(self):
        if self.action == "list":
            return []
        return [
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description=_("Judge the status on this date (YYYY-MM-DD); default today. Else a 400."),
            )
        ]


class LawViewSet(TrackerViewSet):
    """Laws to be made or amended under Resolution 57, with their review lists, tasks and reports."""

    serializer_class = serializers.LawSerializer
    filterset_class = filters.LawFilter

    def get_queryset(self):
        return Law.objects.prefetch_related("review_lists", "tasks", "progress_reports", evidence())


class ReviewListViewSet(TrackerViewSet):
    """Lists of laws to review (the Government's 28 laws): the declared size and the members
    identified so far."""

    serializer_class = serializers.ReviewListSerializer
    filterset_class = None

    def get_queryset(self):
        return LawReviewList.objects.select_related("document").prefetch_related("laws", evidence())


class DocumentViewSet(TrackerViewSet):
    """Documents implementing Resolution 57, each with its chain up to the resolution."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        return Document.objects.select_related("issuing_agency", "implements").prefetch_related(
            "implementing_documents", evidence()
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        links = Document.objects.only("pk", "slug", "code", "title", "implements_id").order_by()
        context["documents_by_pk"] = {document.pk: document for document in links}
        return context


class FigureViewSet(TrackerViewSet):
    """Counts the sources state (28/28 laws reviewed, 27 laws and 19 decrees in 2025, ...), each
    with its excerpts."""

    serializer_class = serializers.FigureSerializer
    filterset_class = filters.FigureFilter

    def get_queryset(self):
        return Figure.objects.select_related("document").prefetch_related(evidence())


class AgencyViewSet(TrackerViewSet):
    """Party, state and local bodies that lead or coordinate tasks."""

    serializer_class = serializers.AgencySerializer
    filterset_class = filters.AgencyFilter

    def get_queryset(self):
        return Agency.objects.select_related("parent", "predecessor").prefetch_related(evidence())


class SourceViewSet(TrackerViewSet):
    """The articles every excerpt is copied from."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        # An aggregate drops Meta.ordering, so the default order is restated.
        return Source.objects.annotate(citation_count=Count("citations")).order_by(*Source._meta.ordering)


class ProgressReportViewSet(TrackerViewSet):
    """Dated statements on the progress of a task, a law or a document."""

    serializer_class = serializers.ProgressReportSerializer
    filterset_class = filters.ProgressReportFilter
    lookup_field = "key"

    def get_queryset(self):
        return ProgressReport.objects.select_related("task", "law", "document").prefetch_related(evidence())
