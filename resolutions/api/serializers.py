"""Read-only representations. Every record carries its API ``url``, its ``slug`` (or ``key``) and,
where the website shows it, its ``html_url``; related records appear as small links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

from ..deadlines import TaskStatus
from ..i18n import web_url
from ..models import (
    Agency,
    Citation,
    Document,
    Figure,
    Law,
    LawReviewList,
    LawStage,
    Meeting,
    ProgressReport,
    Source,
    Task,
)

QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"


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

    def get_url(self, obj, view_name, request, format):
        url = super().get_url(obj, view_name, request, format)
        if url and request is not None and "format" in request.query_params:
            url = remove_query_param(url, "format")
        return url


def link_serializer(model, lookup_field, view_name, extra_fields):
    """A small serializer for a related record: its API url, slug (or key) and a label."""
    meta = type("Meta", (), {"model": model, "fields": ["url", lookup_field, *extra_fields]})
    url = ApiLinkField(view_name=view_name, lookup_field=lookup_field)
    return type(f"{model.__name__}LinkSerializer", (serializers.ModelSerializer,), {"Meta": meta, "url": url})


AgencyLinkSerializer = link_serializer(Agency, "slug", "api:agency-detail", ["name"])
DocumentLinkSerializer = link_serializer(Document, "slug", "api:document-detail", ["code", "title"])
LawLinkSerializer = link_serializer(Law, "slug", "api:law-detail", ["name"])
TaskLinkSerializer = link_serializer(Task, "slug", "api:task-detail", ["title"])
ReviewListLinkSerializer = link_serializer(LawReviewList, "slug", "api:review-list-detail", ["name"])
SourceLinkSerializer = link_serializer(Source, "slug", "api:source-detail", ["publisher", "title"])


class ReportLinkSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:report-detail", lookup_field="key")
    known_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = ProgressReport
        fields = ["url", "key", "status", "law_stage", "known_on", "completed_on"]


class MeetingSerializer(serializers.ModelSerializer):
    """The meeting or conference that assigned a task (meetings have no endpoint of their own)."""

    convened_by = AgencyLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["slug", "name", "held_on", "convened_by"]


class EvidenceSerializer(serializers.ModelSerializer):
    """A citation: an excerpt copied verbatim from a source article."""

    source_url = serializers.URLField(source="source.url", read_only=True, help_text="The source article's address.")
    source = SourceLinkSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["key", "excerpt", "source_url", "source"]


class TaskSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:task-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    quarter = serializers.CharField(
        read_only=True, allow_null=True, help_text="Quarter of the deadline, e.g. 2025-Q2; null without a deadline."
    )
    status = serializers.ChoiceField(
        choices=TaskStatus.choices,
        read_only=True,
        help_text="Derived on the as_of date (default today) from the deadline and the reports known by then.",
    )
    lead_agency = AgencyLinkSerializer(read_only=True, allow_null=True)
    coordinating_agencies = AgencyLinkSerializer(many=True, read_only=True)
    document = DocumentLinkSerializer(read_only=True, allow_null=True)
    meeting = MeetingSerializer(read_only=True, allow_null=True, help_text="The meeting that assigned the task.")
    laws = LawLinkSerializer(many=True, read_only=True)
    progress_reports = ReportLinkSerializer(
        many=True, read_only=True, help_text="The reports known on the as_of date (default today)."
    )
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "url",
            "slug",
            "html_url",
            "title",
            "title_vi",
            "description",
            "assigned_on",
            "deadline",
            "deadline_precision",
            "deadline_as_stated",
            "quarter",
            "status",
            "lead_agency",
            "coordinating_agencies",
            "document",
            "meeting",
            "laws",
            "progress_reports",
            "evidence",
            "note",
        ]


class LawSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:law-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    review_lists = ReviewListLinkSerializer(many=True, read_only=True)
    tasks = TaskLinkSerializer(many=True, read_only=True)
    current_stage = serializers.SerializerMethodField(
        help_text="The stage of the latest report naming one, among the reports known today; null if none."
    )
    progress_reports = ReportLinkSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Law
        fields = [
            "url",
            "slug",
            "html_url",
            "name",
            "name_vi",
            "action",
            "target",
            "review_lists",
            "tasks",
            "current_stage",
            "progress_reports",
            "evidence",
            "note",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=LawStage.choices, allow_null=True))
    def get_current_stage(self, law):
        stage = law.current_stage(self.context["as_of"])
        return stage.value if stage else None


class FigureSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:figure-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    document = DocumentLinkSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Figure
        fields = ["url", "slug", "html_url", "label", "value", "unit", "as_stated", "document", "evidence", "note"]
        extra_kwargs = {"value": {"help_text": "The count; for a figure stated as “more than N”, N (see as_stated)."}}


class ReviewListSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:review-list-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    document = DocumentLinkSerializer(read_only=True)
    identified_count = serializers.IntegerField(
        read_only=True, help_text="How many of its laws the sources name so far."
    )
    laws = LawLinkSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = LawReviewList
        fields = [
            "url",
            "slug",
            "html_url",
            "name",
            "document",
            "declared_count",
            "identified_count",
            "laws",
            "evidence",
            "note",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:document-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    code_variants = serializers.ListField(
        source="code_variant_list", child=serializers.CharField(), read_only=True, help_text="Other spellings seen."
    )
    issuing_agency = AgencyLinkSerializer(read_only=True, allow_null=True)
    implements = DocumentLinkSerializer(read_only=True, allow_null=True)
    chain = serializers.SerializerMethodField(
        help_text="This document and those it implements, up to Resolution 57-NQ/TW (the last item)."
    )
    implementing_documents = DocumentLinkSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "url",
            "slug",
            "html_url",
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
            "evidence",
            "note",
        ]

    @extend_schema_field(DocumentLinkSerializer(many=True))
    def get_chain(self, document):
        # The view passes every document by primary key so that a page of documents walks its
        # chains without one query per step.
        chain = document.chain(self.context.get("documents_by_pk"))
        return DocumentLinkSerializer(chain, many=True, context=self.context).data


class AgencySerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:agency-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    aliases = serializers.ListField(
        source="alias_list", child=serializers.CharField(), read_only=True, help_text="Other names the sources use."
    )
    parent = AgencyLinkSerializer(read_only=True, allow_null=True)
    predecessor = AgencyLinkSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "url",
            "slug",
            "html_url",
            "name",
            "name_vi",
            "abbreviation",
            "kind",
            "aliases",
            "parent",
            "predecessor",
            "evidence",
            "note",
        ]


class SourceSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:source-detail", lookup_field="slug")
    html_url = HtmlUrlField()
    article_url = serializers.URLField(source="url", read_only=True, help_text="The article's address.")
    citation_count = serializers.IntegerField(read_only=True, help_text="How many excerpts the tracker quotes from it.")

    class Meta:
        model = Source
        fields = [
            "url",
            "slug",
            "html_url",
            "publisher",
            "title",
            "published_on",
            "article_url",
            "citation_count",
            "note",
        ]


class ProgressReportSerializer(serializers.ModelSerializer):
    url = ApiLinkField(view_name="api:report-detail", lookup_field="key")
    task = TaskLinkSerializer(read_only=True, allow_null=True)
    law = LawLinkSerializer(read_only=True, allow_null=True)
    document = DocumentLinkSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(source="citations", many=True, read_only=True)

    class Meta:
        model = ProgressReport
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
