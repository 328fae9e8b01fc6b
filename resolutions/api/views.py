"""Read-only viewsets. Each binds its query string once (``params.bind``: the website's
FilterSet, ``as_of``, the page) in ``initial``; the bound FilterSet filters through
``filter_backends`` and a bad parameter is a ``QueryError`` the exception handler answers 400."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import routers, viewsets
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from .. import exports, filters, params, selectors
from ..models import Agency, Citation, Document, Figure, Law, LawReviewList, ProgressReport, Source, Task
from . import serializers
from .filtering import BoundFilterBackend
from .negotiation import InEnglish, TrackerContentNegotiation
from .renderers import CSVRenderer
from .schema import TrackerSchema


def evidence():
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


class PublicReadOnly(InEnglish):
    """What the API root and the endpoints share: English answers, no login looked at (the data
    is public; read-only views answer writes with 405), and the query string bound once."""

    authentication_classes = []
    permission_classes = [AllowAny]
    content_negotiation_class = TrackerContentNegotiation
    # Whether the view takes ``as_of``: what it shows depends on the day it is judged.
    dated = False

    def initial(self, request, *args, **kwargs):
        # A method the view does not serve is a 405 before anything else is judged: the query
        # string and the Accept header of a POST or a TRACE would otherwise answer 400 or 406.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            self.http_method_not_allowed(request)
        super().initial(request, *args, **kwargs)
        self.bind_query(request)

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method, detail=_("This API is read-only: use GET, HEAD or OPTIONS."))

    def bind_query(self, request):
        listing = getattr(self, "action", None) == "list"
        self.bound = params.bind(
            request.query_params,
            getattr(self, "filterset_class", None) if listing else None,
            today=params.local_today(),
            as_of=self.dated,
            page=listing,
            page_size=listing,
            extra=("format",),
        )
        # Read by history.ConditionalGetMiddleware for Last-Modified.
        request._request.bound_query = self.bound
        return self.bound


class APIRootView(PublicReadOnly, routers.APIRootView):
    """The endpoints of the API. Each lists records (JSON, or CSV with `format=csv`) and has a
    detail by slug; the schema is at /api/schema/ and the interactive docs at /api/docs/."""


class TrackerViewSet(PublicReadOnly, viewsets.ReadOnlyModelViewSet):
    """Read-only records looked up by slug, filtered by the website's FilterSets, in JSON or CSV."""

    lookup_field = "slug"
    lookup_value_regex = params.SLUG_PATTERN
    filter_backends = [BoundFilterBackend]
    schema = TrackerSchema()

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
                self.bind_query(request)
                self.get_object()
            raise

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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "bound"):
            context["as_of"] = self.bound.as_of
            context["newest_information_on"] = self.bound.newest_information_on
        return context

    def extra_schema_parameters(self):
        return []


class TaskViewSet(TrackerViewSet):
    """Tasks with their deadline, quarter and status derived on `as_of` (default: the date of the
    newest information, the latest report or source date, or today if that is earlier).

    Filter by agency (lead only with `agency_role=lead`), quarter or quarter range, status,
    document, law, deadline range and free text; statuses are judged on `as_of`."""

    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
    dated = True

    def get_queryset(self):
        if not hasattr(self, "bound"):  # the schema generator asks for the model only
            return Task.objects.none()
        # The tasks as they stood on as_of, for the detail too: statuses judged then, tasks not
        # yet assigned left out, and only the reports known by then (those the status is judged on).
        as_of = self.bound.as_of
        reports = Prefetch("progress_reports", queryset=ProgressReport.objects.known_by(as_of))
        return (
            Task.objects.judged_on(as_of)
            .select_related("lead_agency", "document", "meeting__convened_by")
            .prefetch_related("coordinating_agencies", "laws", evidence(), reports)
        )

    def matching_count(self):
        """Read by the pagination: the website's count of the same matches."""
        return selectors.matching_count(self.bound)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        # The website's CSV: its rows, not the serializer's, so no evidence or reports fetched.
        tasks = selectors.export_rows(self.filter_queryset(Task.objects.judged_on(self.bound.as_of)))
        page = self.paginate_queryset(tasks)
        return exports.task_csv_response(
            tasks if page is None else page,
            request=request,
            as_of=self.bound.as_of,
            filename="tasks.csv",
            translated_headers=False,
        )

    def get_object(self):
        try:
            return super().get_object()
        except NotFound:
            slug = self.kwargs[self.lookup_field]
            later = Task.objects.filter(slug=slug, assigned_on__gt=self.bound.as_of)
            assigned_on = later.values_list("assigned_on", flat=True).first()
            if assigned_on is None:
                raise
            message = _("Task “%(slug)s” was assigned on %(assigned_on)s, after %(as_of)s.") % {
                "slug": slug,
                "assigned_on": assigned_on.isoformat(),
                "as_of": self.bound.as_of.isoformat(),
            }
            raise NotFound({"as_of": [message]}) from None

    def extra_schema_parameters(self):
        return [
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="\n\n".join(
                    (
                        _(
                            "Judge statuses on this date (YYYY-MM-DD), using only reports known by then; default the "
                            "date of the newest information (the latest report or source date), or today if earlier."
                        ),
                        _("Any other value is a 400 naming this parameter."),
                        _("An empty value is the same as leaving the parameter out."),
                    )
                ),
            )
        ]


class LawViewSet(TrackerViewSet):
    """Laws to be made or amended under Resolution 57, with their review lists, tasks and reports:
    listed, a law links to its tasks (`tasks_url`); alone, it also lists the first of them."""

    serializer_class = serializers.LawSerializer
    filterset_class = filters.LawFilter
    # The stage is judged on a date, as on the website.
    dated = True
    extra_schema_parameters = TaskViewSet.extra_schema_parameters

    def get_queryset(self):
        if not hasattr(self, "bound"):  # the schema generator asks for the model only
            return Law.objects.none()
        laws = Law.objects.with_stage(self.bound.as_of).prefetch_related("review_lists", "progress_reports", evidence())
        if self.action == "list":
            return laws
        # A law's first tasks only (by deadline, as they stood on as_of): tens of thousands of
        # tasks may name a law, and its tasks_url lists them all.
        first_tasks = Task.objects.assigned_by(self.bound.as_of).by_deadline().only("slug", "title")
        return laws.prefetch_related(
            Prefetch("tasks", queryset=first_tasks[: selectors.DETAIL_TASKS], to_attr="first_tasks")
        )

    def get_serializer_class(self):
        # Listed, a law links to its tasks: the first ones of every law of a page are a sort of
        # all the tasks naming any of them (445 ms for 50 laws at 100,000 tasks).
        return serializers.LawSummarySerializer if self.action == "list" else serializers.LawSerializer


class ReviewListViewSet(TrackerViewSet):
    """Lists of laws to review (the Government's 28 laws): the declared size and the members
    identified so far."""

    serializer_class = serializers.ReviewListSerializer
    filterset_class = None

    def get_queryset(self):
        return (
            LawReviewList.objects.select_related("document")
            .prefetch_related("laws", evidence())
            .with_identified_count()
        )


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
