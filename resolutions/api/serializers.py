"""Read-only representations. Every record carries its API ``url``, its ``slug`` (or ``key``) and,
where the website shows it, its ``html_url``; related records appear as small links."""

import copy
from urllib.parse import quote, urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

from .. import models
from ..deadlines import TaskStatus
from ..i18n import web_url
from ..selectors import DETAIL_TASKS

# As deadlines.QUARTER_PATTERN reads it, in the ECMA syntax of OpenAPI: no year 0000, ASCII digits.
QUARTER_PATTERN = r"^(?!0000)[0-9]{4}-Q[1-4]$"


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The record's page on the website, as an absolute URL, in the request's language (its
    ``Accept-Language``, Vietnamese by default), although the API itself answers in English."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return web_url(self.context.get("request"), record)


class ApiLinkField(serializers.HyperlinkedIdentityField):
    """A record's API address, without the ``format`` of the request (a CSV export links to JSON
    records, since only lists are served as CSV)."""

    # Stands for the record's slug or key in an address reversed once per request and view name:
    # reversing every link of a 50-task page took a quarter of the page's time.
    PLACEHOLDER = "lookup-placeholder"

    def get_url(self, obj, view_name, request, format):
        lookup_value = getattr(obj, self.lookup_field)
        if lookup_value in (None, ""):
            return None
        # Fields are copied for each serializer, so this lives for one response at most.
        reversed_for = getattr(self, "_reversed_for", None)
        if reversed_for is None or reversed_for[:3] != (request, view_name, format):
            kwargs = {self.lookup_url_kwarg: self.PLACEHOLDER}
            url = self.reverse(view_name, kwargs=kwargs, request=request, format=format)
            if request is not None and "format" in request.query_params:
                url = remove_query_param(url, "format")
            self._reversed_for = reversed_for = (request, view_name, format, url)
        return reversed_for[3].replace(self.PLACEHOLDER, quote(str(lookup_value), safe=""))


# DRF's, with the fields it builds from the model built once per class and copied for each
# serializer, as DRF copies the declared ones: introspecting the model for every serializer of a
# response took a tenth of a 50-task page's time. (A comment, not a docstring: see below.)
class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = type(self)._built_fields = super().get_fields()
        return copy.deepcopy(built)


def link_serializer(model, lookup_field, view_name, extra_fields):
    """A small serializer for a related record: its API url, slug (or key) and a label."""
    meta = type("Meta", (), {"model": model, "fields": ["url", lookup_field, *extra_fields]})
    url = ApiLinkField(view_name=view_name, lookup_field=lookup_field)
    return type(f"{model.__name__}LinkSerializer", (ModelSerializer,), {"Meta": meta, "url": url})


AgencyLinkSerializer = link_serializer(models.Agency, "slug", "api:agency-detail", ["name"])
DocumentLinkSerializer = link_serializer(models.Document, "slug", "api:document-detail", ["code", "title"])
LawLinkSerializer = link_serializer(models.Law, "slug", "api:law-detail", ["name"])
TaskLinkSerializer = link_serializer(models.Task, "slug", "api:task-detail", ["title"])
ReviewListLinkSerializer = link_serializer(models.LawReviewList, "slug", "api:review-list-detail", ["name"])
SourceLinkSerializer = link_serializer(models.Source, "slug", "api:source-detail", ["publisher", "title"])


class ReportLinkSerializer(ModelSerializer):
    url = ApiLinkField(view_name="api:report-detail", lookup_field="key")
    known_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = models.ProgressReport
        fields = ["url", "key", "status", "law_stage", "known_on", "completed_on"]


class MeetingSerializer(ModelSerializer):
    """The meeting or conference that assigned a task (meetings have no endpoint of their own)."""

    convened_by = AgencyLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Meeting
        fields = ["slug", "name", "held_on", "convened_by"]


class EvidenceSerializer(ModelSerializer):
    """A citation: an excerpt copied verbatim from a source article."""

    source_url = serializers.URLField(source="source.url", read_only=True, help_text="The source article's address.")
    source = SourceLinkSerializer(read_only=True)

    class Meta:
        model = models.Citation
        fields = ["key", "excerpt", "source_url", "source"]


# A record with a page on the website. Its fields, listed by ``record_fields``, begin with its API
# ``url``, its ``slug`` and its ``html_url``, and end with its ``evidence`` and ``note``. (A comment,
# not a docstring, which the OpenAPI schema would give every subclass as its description.)
class RecordSerializer(ModelSerializer):
    html_url = HtmlUrlField()
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)


def record_fields(*fields, evidence=True):
    return ["url", "slug", "html_url", *fields, *(["evidence"] if evidence else []), "note"]


class TaskSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:task-detail", lookup_field="slug")
    quarter = serializers.CharField(
        read_only=True, allow_null=True, help_text="Quarter of the deadline, e.g. 2025-Q2; null without a deadline."
    )
    status = serializers.ChoiceField(
        choices=TaskStatus.choices,
        read_only=True,
        help_text=(
            "Derived on the as_of date from the deadline and the reports known by then. Without as_of, the "
            "date of the newest information (the latest report or source date; today if that is earlier)."
        ),
    )
    last_reported_on = serializers.SerializerMethodField(
        help_text="The date of the latest report on the task known on the as_of date; null if none."
    )
    no_report_since_deadline = serializers.SerializerMethodField(
        help_text=(
            "True when the status is overdue only because the deadline fell on or after the date of the "
            "newest information: no report the tracker holds could say whether it was met. The website "
            "reads “no report since the deadline” instead of “overdue” for these."
        )
    )
    lead_agency = AgencyLinkSerializer(read_only=True, allow_null=True)
    coordinating_agencies = AgencyLinkSerializer(many=True, read_only=True)
    document = DocumentLinkSerializer(read_only=True, allow_null=True)
    meeting = MeetingSerializer(read_only=True, allow_null=True, help_text="The meeting that assigned the task.")
    laws = LawLinkSerializer(many=True, read_only=True)
    progress_reports = ReportLinkSerializer(many=True, read_only=True, help_text="The reports known on the as_of date.")

    class Meta:
        model = models.Task
        fields = record_fields(
            "title",
            "title_vi",
            "description",
            "assigned_on",
            "deadline",
            "deadline_precision",
            "deadline_as_stated",
            "quarter",
            "status",
            "last_reported_on",
            "no_report_since_deadline",
            "lead_agency",
            "coordinating_agencies",
            "document",
            "meeting",
            "laws",
            "progress_reports",
        )

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_last_reported_on(self, task):
        # From the reports the view prefetched, those known on as_of: no query per task.
        return task.last_reported_on(self.context["as_of"])

    @extend_schema_field(serializers.BooleanField())
    def get_no_report_since_deadline(self, task):
        return models.no_report_since_deadline(task.status, task.deadline, self.context.get("newest_information_on"))


class LawSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:law-detail", lookup_field="slug")
    review_lists = ReviewListLinkSerializer(many=True, read_only=True)
    tasks = TaskLinkSerializer(
        source="first_tasks",
        many=True,
        read_only=True,
        help_text=(
            f"The first {DETAIL_TASKS} tasks naming the law, by deadline, among those assigned by the as_of "
            "date; tasks_url lists them all."
        ),
    )
    tasks_url = serializers.SerializerMethodField(
        help_text="The tasks naming the law: the task list filtered by it, with their count, a page at a time."
    )
    current_stage = serializers.SerializerMethodField(
        help_text="The stage of the latest report naming one, among the reports known on as_of; null if none."
    )
    current_stage_on = serializers.DateField(
        source="stage_on", read_only=True, allow_null=True, help_text="The day the current stage became known."
    )
    progress_reports = ReportLinkSerializer(many=True, read_only=True)

    class Meta:
        model = models.Law
        fields = record_fields(
            "name",
            "name_vi",
            "action",
            "target",
            "review_lists",
            "tasks",
            "tasks_url",
            "current_stage",
            "current_stage_on",
            "progress_reports",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_tasks_url(self, law):
        url = reverse("api:task-list") + "?" + urlencode({"law": law.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.ChoiceField(choices=models.LawStage.choices, allow_null=True))
    def get_current_stage(self, law):
        stage = law.current_stage(self.context["as_of"])
        return stage.value if stage else None


class LawSummarySerializer(LawSerializer):
    class Meta(LawSerializer.Meta):
        fields = [name for name in LawSerializer.Meta.fields if name != "tasks"]


class FigureSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:figure-detail", lookup_field="slug")
    document = DocumentLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Figure
        fields = record_fields("label", "value", "unit", "as_stated", "document")
        extra_kwargs = {"value": {"help_text": "The count; for a figure stated as “more than N”, N (see as_stated)."}}


class ReviewListSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:review-list-detail", lookup_field="slug")
    document = DocumentLinkSerializer(read_only=True)
    identified_count = serializers.IntegerField(
        read_only=True, help_text="How many of its laws the sources name so far."
    )
    laws = LawLinkSerializer(many=True, read_only=True)

    class Meta:
        model = models.LawReviewList
        fields = record_fields("name", "document", "declared_count", "identified_count", "laws")


class DocumentSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:document-detail", lookup_field="slug")
    code_variants = serializers.ListField(
        source="code_variant_list", child=serializers.CharField(), read_only=True, help_text="Other spellings seen."
    )
    issuing_agency = AgencyLinkSerializer(read_only=True, allow_null=True)
    implements = DocumentLinkSerializer(read_only=True, allow_null=True)
    chain = serializers.SerializerMethodField(
        help_text="This document and those it implements, up to Resolution 57-NQ/TW (the last item)."
    )
    implementing_documents = DocumentLinkSerializer(many=True, read_only=True)

    class Meta:
        model = models.Document
        fields = record_fields(
            "code",
            "code_variants",
            "kind",
            "title",
            "title_vi",
            "issuing_agency",
            "issued_on",
            "issued_on_precision",
            "implements",
            "chain",
            "implementing_documents",
        )

    @extend_schema_field(DocumentLinkSerializer(many=True))
    def get_chain(self, document):
        # The view passes every document by primary key so that a page of documents walks its
        # chains without one query per step.
        chain = document.chain(self.context.get("documents_by_pk"))
        return DocumentLinkSerializer(chain, many=True, context=self.context).data


class AgencySerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:agency-detail", lookup_field="slug")
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True, help_text="Other names the sources use."
    )
    parent = AgencyLinkSerializer(read_only=True, allow_null=True)
    predecessor = AgencyLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Agency
        fields = record_fields("name", "name_vi", "abbreviation", "kind", "aliases", "parent", "predecessor")


class SourceSerializer(RecordSerializer):
    url = ApiLinkField(view_name="api:source-detail", lookup_field="slug")
    article_url = serializers.URLField(source="url", read_only=True, help_text="The article's address.")
    citation_count = serializers.IntegerField(read_only=True, help_text="How many excerpts the tracker quotes from it.")

    class Meta:
        model = models.Source
        fields = record_fields("publisher", "title", "published_on", "article_url", "citation_count", evidence=False)


class ProgressReportSerializer(ModelSerializer):
    url = ApiLinkField(view_name="api:report-detail", lookup_field="key")
    task = TaskLinkSerializer(read_only=True, allow_null=True)
    law = LawLinkSerializer(read_only=True, allow_null=True)
    document = DocumentLinkSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = models.ProgressReport
        fields = [
            "url",
            "key",
            "task",
            "law",
            "document",
            "status",
            "law_stage",
            "statement",
            "reported_on",
            "completed_on",
            "completed_on_precision",
            "evidence",
            "note",
        ]
