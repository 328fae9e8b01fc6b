"""The editors' admin: every tracker model, with history (django-simple-history) on each.

Change lists stay at a flat query count: related columns come through ``list_select_related``,
evidence counts and task statuses are annotations, never per-row queries.
"""

import datetime as dt

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Count, OuterRef, Q, Subquery, URLField
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models, selectors
from .deadlines import TaskStatus, parse_quarter, quarter_bounds, quarter_of
from .forms import (
    CitationInlineForm,
    DocumentAdminForm,
    LawProgressReportInlineForm,
    LawReviewListAdminForm,
    ProgressReportFormSet,
    ProgressReportInlineForm,
    ReportCitationFormSet,
    TaskAdminForm,
    TaskProgressReportFormSet,
    TrackerForm,
)
from .search import TEXT_PATHS, search_queryset

admin.site.site_header = _("Resolution 57 Tracker: editors")
admin.site.site_title = _("Resolution 57 Tracker")
admin.site.index_title = _("Tracker data")
# The change lists need the width: the sidebar duplicates the index page's links.
admin.site.enable_nav_sidebar = False


class TrackerAdmin(SimpleHistoryAdmin):
    """Shared behaviour: history, a message for a bad filter in the address, folded search, and
    a slug or key fixed once the record exists."""

    form = TrackerForm
    list_per_page = 50
    # Filled in from this field while a new record's slug is typed; not a ``prepopulated_fields``,
    # which the history's revert page would apply to a form without the (read-only) slug.
    slug_from = None

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        # A reload of the fixtures finds a record by its slug or key: changed, it would add a duplicate.
        natural_key = "slug" if hasattr(obj, "slug") else "key"
        return [*readonly, natural_key]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": [self.slug_from]} if obj is None and self.slug_from else {}

    def get_fields(self, request, obj=None):
        # The add page's order, so that a read-only slug or key stays in its place.
        return super().get_fields(request, None)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Inline records are saved with the reason typed on the page, like the record itself;
        a progress report's evidence typed beside it is saved after it."""
        reason = form.cleaned_data.get("change_reason") or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        formset.save()
        done = inline_changes(formset)
        for inline_form in formset.forms:
            if hasattr(inline_form, "save_evidence") and inline_form.instance.pk is not None:
                citation = inline_form.save_evidence(reason)
                if citation is not None:
                    done.append(
                        str(
                            _("%(model)s “%(name)s” added")
                            % {"model": models.Citation._meta.verbose_name, "name": citation.key}
                        )
                    )
        request.inline_changes = [*getattr(request, "inline_changes", []), *done]

    def save_related(self, request, form, formsets, change):
        request.inline_changes = []
        super().save_related(request, form, formsets, change)
        if request.inline_changes:
            note_inline_changes(form.instance, form.cleaned_data.get("change_reason"), request.inline_changes)

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            # The admin then redirects to the unfiltered list; say why instead of doing it silently.
            detail = str(error) or _("unknown field or value")
            messages.error(request, _("The filter in the address is not valid (%(detail)s).") % {"detail": detail})
            raise

    def get_search_results(self, request, queryset, search_term):
        if self.model not in TEXT_PATHS or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        # The site's search: tone marks optional, document codes however written; plus the slug.
        matching = search_queryset(self.model._default_manager.all(), search_term).values("pk")
        return queryset.filter(Q(pk__in=matching) | Q(slug__icontains=search_term.strip())), False


def inline_changes(formset):
    """What a saved inline formset did, in words: "progress report “key” added", …"""
    model = formset.model._meta.verbose_name
    done = [_("%(model)s “%(name)s” added") % {"model": model, "name": short_name(obj)} for obj in formset.new_objects]
    done += [
        _("%(model)s “%(name)s” changed (%(fields)s)")
        % {
            "model": model,
            "name": short_name(obj),
            "fields": ", ".join(
                str(formset.model._meta.get_field(name).verbose_name)
                for name in fields
                if _is_model_field(formset.model, name)
            ),
        }
        for obj, fields in formset.changed_objects
    ]
    done += [
        _("%(model)s “%(name)s” deleted") % {"model": model, "name": short_name(obj)} for obj in formset.deleted_objects
    ]
    return [str(text) for text in done]


def short_name(record):
    """A report's or citation's key, or the record's slug: short enough for the history's reason."""
    return getattr(record, "key", None) or getattr(record, "slug", None) or str(record)


def _is_model_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # a form-only field, such as a report's evidence
        return False
    return True


REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def note_inline_changes(record, reason, changes):
    """Add what was done inline to the reason of the version the form just recorded, so that the
    record's own history says that a report or an excerpt was added, changed or deleted."""
    latest = record.history.order_by("-history_date", "-history_id").first()
    if latest is None:
        return
    text = "; ".join([*([reason] if reason else []), *changes])
    if len(text) > REASON_LENGTH:
        text = text[: REASON_LENGTH - 1] + "…"
    type(latest).objects.filter(history_id=latest.history_id).update(history_change_reason=text)


def public_page(record):
    """The address of the public page showing ``record``, without a fragment, or None: a report is
    shown on the page of its task, law or document; a meeting has no page of its own."""
    if isinstance(record, models.ProgressReport):
        record = record.subject
    if record is None or not hasattr(record, "get_absolute_url"):
        return None
    return record.get_absolute_url().partition("#")[0]


def citation_count(model):
    """How many citations back each row, as a correlated subquery rather than Count(): without a
    GROUP BY the change list's counts and date range need not wrap the whole annotated query."""
    subject = model._meta.get_field("citations").field.name
    counted = (
        models.Citation.objects.filter(**{subject: OuterRef("pk")})
        .order_by()
        .values(subject)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


class EvidenceCountMixin:
    """Annotates how many citations back each row, for the change list."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=citation_count(self.model))

    @admin.display(description=_("evidence"), ordering="citation_count")
    def evidence_count(self, obj):
        return obj.citation_count


class CitationInline(admin.TabularInline):
    model = models.Citation
    form = CitationInlineForm
    fields = ["source", "excerpt", "key"]
    readonly_fields = ["key"]
    autocomplete_fields = ["source"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class ReportCitationInline(CitationInline):
    """A progress report's citations: at least one (its evidence)."""

    formset = ReportCitationFormSet


class ProgressReportInline(admin.StackedInline):
    """Stacked, with related fields side by side: a row of ten columns overflowed the form."""

    model = models.ProgressReport
    form = ProgressReportInlineForm
    formset = ProgressReportFormSet
    readonly_fields = ["key"]
    extra = 0
    show_change_link = True

    def get_fields(self, request, obj=None):
        status = [name for name in self.form.Meta.fields if name in ("status", "law_stage")]
        return [
            (*status, "key"),
            "statement",
            ("reported_on", "completed_on", "completed_on_precision"),
            "note",
            ("evidence_source", "evidence_excerpt"),
        ]


class TaskProgressReportInline(ProgressReportInline):
    formset = TaskProgressReportFormSet


class LawProgressReportInline(ProgressReportInline):
    form = LawProgressReportInlineForm


class QuarterListFilter(admin.SimpleListFilter):
    title = _("deadline quarter")
    parameter_name = "quarter"

    def lookups(self, request, model_admin):
        months = models.Task.objects.filter(deadline__isnull=False).dates("deadline", "month")
        return [(quarter, quarter) for quarter in sorted({quarter_of(month) for month in months})]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked here: a filter without choices is dropped before its queryset() would run.
        if self.value() is not None:
            try:
                parse_quarter(self.value())
            except ValueError as error:
                raise IncorrectLookupParameters(_("quarter: %(error)s") % {"error": error}) from error

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(deadline__range=quarter_bounds(self.value()))


class StatusListFilter(admin.SimpleListFilter):
    """The status derived today (``TaskQuerySet.with_status``), never a stored field."""

    title = _("status today")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return TaskStatus.choices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.value() is not None and self.value() not in TaskStatus.values:
            raise IncorrectLookupParameters(
                _("status: %(value)s is not one of %(choices)s")
                % {"value": self.value(), "choices": ", ".join(TaskStatus.values)}
            )

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(status=self.value())


@admin.register(models.Task)
class TaskAdmin(EvidenceCountMixin, TrackerAdmin):
    form = TaskAdminForm
    # Five columns, so that the list fits 1280 px with the title readable; the precision and the
    # document are filters and on the task's page.
    list_display = ["title", "deadline", "status_today", "lead_short", "evidence_count"]
    list_filter = [
        ("lead_agency", admin.RelatedOnlyFieldListFilter),
        QuarterListFilter,
        StatusListFilter,
        ("document", admin.RelatedOnlyFieldListFilter),
        "deadline_precision",
    ]
    list_select_related = ["lead_agency", "document"]
    search_fields = ["slug", "title", "title_vi"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["lead_agency", "coordinating_agencies", "document", "meeting", "laws"]
    slug_from = "title"
    readonly_fields = ["status_today"]
    fieldsets = [
        (None, {"fields": ["title", "title_vi", "vietnamese_is_translation", "slug", "description"]}),
        (_("Who and what"), {"fields": ["lead_agency", "coordinating_agencies", "document", "meeting", "laws"]}),
        (
            _("Deadline"),
            {"fields": ["assigned_on", ("deadline", "deadline_precision"), "deadline_as_stated"]},
        ),
        (_("Notes"), {"fields": ["note", "editor_note", "change_reason"]}),
        (
            _("Status"),
            {
                "fields": ["status_today"],
                "description": _(
                    "Derived from the deadline and the progress reports below, judged today; never stored. "
                    "Add a progress report to change it."
                ),
            },
        ),
    ]
    inlines = [TaskProgressReportInline, CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status(dt.date.today())

    @admin.display(description=_("lead agency"), ordering="lead_agency__name")
    def lead_short(self, obj):
        """The lead agency's abbreviation where it has one, so that the column stays narrow."""
        if obj.lead_agency is None:
            return "—"
        return obj.lead_agency.abbreviation or obj.lead_agency.name

    @admin.display(description=_("status today"), ordering="status")
    def status_today(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        status = getattr(obj, "status", None) or obj.status_on(dt.date.today())
        return TaskStatus(status).label


@admin.register(models.Source)
class SourceAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["publisher", "title", "published_on", "url", "evidence_count"]
    list_filter = ["publisher"]
    search_fields = ["slug", "publisher", "title", "url"]
    date_hierarchy = "published_on"
    slug_from = "title"
    # An address typed without a scheme gets https://, Django 6's default, rather than http://.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


@admin.register(models.Agency)
class AgencyAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["name", "name_vi", "abbreviation", "kind", "parent", "evidence_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["slug", "name", "name_vi", "abbreviation"]
    autocomplete_fields = ["parent", "predecessor"]
    slug_from = "name"
    inlines = [CitationInline]


@admin.register(models.Document)
class DocumentAdmin(EvidenceCountMixin, TrackerAdmin):
    form = DocumentAdminForm
    list_display = ["code", "title", "kind", "issued_on", "issued_on_precision", "issuing_agency", "evidence_count"]
    list_filter = ["kind", "issued_on_precision", ("issuing_agency", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["issuing_agency"]
    search_fields = ["slug", "code", "title", "title_vi"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuing_agency", "implements"]
    slug_from = "title"
    inlines = [ProgressReportInline, CitationInline]


@admin.register(models.Law)
class LawAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["name", "name_vi", "action", "target", "evidence_count"]
    list_filter = ["action", "review_lists"]
    search_fields = ["slug", "name", "name_vi"]
    slug_from = "name"
    inlines = [LawProgressReportInline, CitationInline]


@admin.register(models.LawReviewList)
class LawReviewListAdmin(EvidenceCountMixin, TrackerAdmin):
    form = LawReviewListAdminForm
    list_display = ["name", "document", "declared_count", "known_count", "evidence_count"]
    list_select_related = ["document"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["document", "laws"]
    slug_from = "name"
    inlines = [CitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(law_count=Count("laws", distinct=True))

    @admin.display(description=_("laws known"), ordering="law_count")
    def known_count(self, obj):
        return obj.law_count


@admin.register(models.Figure)
class FigureAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["label", "value", "unit", "as_stated", "document", "evidence_count"]
    list_filter = ["unit"]
    list_select_related = ["document"]
    search_fields = ["slug", "label", "as_stated"]
    autocomplete_fields = ["document"]
    slug_from = "label"
    inlines = [CitationInline]


@admin.register(models.Meeting)
class MeetingAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["name", "held_on", "convened_by", "concerns", "evidence_count"]
    list_select_related = ["convened_by", "concerns"]
    search_fields = ["slug", "name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["convened_by", "concerns"]
    slug_from = "name"
    inlines = [CitationInline]

    def view_on_site(self, obj):
        # The document's page lists the tasks assigned at meetings concerning it.
        return public_page(obj.concerns)


@admin.register(models.ProgressReport)
class ProgressReportAdmin(EvidenceCountMixin, TrackerAdmin):
    list_display = ["known_on_display", "subject_display", "status", "law_stage", "completed_on", "evidence_count"]
    list_filter = ["status", "law_stage", "completed_on_precision"]
    list_select_related = ["task", "law", "document"]
    search_fields = ["key", "statement", "task__title", "law__name", "document__code", "document__title"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["task", "law", "document"]
    inlines = [ReportCitationInline]

    def view_on_site(self, obj):
        page = public_page(obj)
        return f"{page}#{obj.key}" if page else None

    @admin.display(description=_("known on"), ordering="reported_on")
    def known_on_display(self, obj):
        return obj.known_on

    @admin.display(description=_("about"))
    def subject_display(self, obj):
        return obj.subject


@admin.register(models.Citation)
class CitationAdmin(TrackerAdmin):
    list_display = ["key", "source", "excerpt", "subject_display"]
    list_select_related = [
        "source",
        "agency",
        "document",
        "law",
        "review_list",
        "figure",
        "meeting",
        "task",
        "report",
    ]
    list_filter = [("source", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key", "excerpt", "source__title", "source__publisher"]
    autocomplete_fields = ["source", "agency", "document", "law", "review_list", "figure", "meeting", "task", "report"]

    def view_on_site(self, obj):
        # Every citation is also listed on its source's page, the only one for a meeting's.
        page = public_page(obj.subject)
        if page is None:
            number = selectors.source_page_of(obj)
            page = obj.source.get_absolute_url() + (f"?page={number}" if number > 1 else "")
        return f"{page}#{obj.key}"

    @admin.display(description=_("backs"))
    def subject_display(self, obj):
        return obj.subject
