"""One FilterSet per listed model, used by the website and the API alike.

A bad value never filters silently: the FilterSet's form is invalid and the caller answers 400
with the form errors, which are keyed by the parameter's name.
"""

import datetime as dt
import re

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import F, Q
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .deadlines import QUARTER_PATTERN, ReportStatus, TaskStatus, quarter_bounds
from .models import (
    Agency,
    AgencyKind,
    Document,
    DocumentKind,
    Figure,
    FigureUnit,
    InvolvementPeriod,
    Law,
    LawAction,
    LawReviewList,
    LawStage,
    ProgressReport,
    Source,
    Task,
    TaskStatusPeriod,
    interpolate_lazy,
)
from .search import MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS, search_queryset, search_terms

ISO_DATE = ["%Y-%m-%d"]
ISO_DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class QuarterField(forms.RegexField):
    default_error_messages = {
        "invalid": _("Enter a quarter as YYYY-QN with N from 1 to 4, for example 2025-Q2."),
    }

    def __init__(self, **kwargs):
        super().__init__(regex=QUARTER_PATTERN, strip=False, **kwargs)


class QuarterFilter(django_filters.CharFilter):
    """``2025-Q2``: tasks whose deadline falls in that quarter; with ``bound`` "start" or "end",
    the open end of a quarter range."""

    field_class = QuarterField

    def __init__(self, *args, bound=None, **kwargs):
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        first_day, last_day = quarter_bounds(value)
        if self.bound == "start":
            return queryset.filter(deadline__gte=first_day)
        if self.bound == "end":
            return queryset.filter(deadline__lte=last_day)
        return queryset.filter(deadline__range=(first_day, last_day))


class IsoDateField(forms.DateField):
    """A date written exactly YYYY-MM-DD, so that each date has one address."""

    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, for example 2025-06-30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ISO_DATE)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value and not ISO_DATE_PATTERN.match(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class OrderedRangesForm(forms.Form):
    """A filter form whose (start, end) parameters must not be reversed: a reversed range would
    silently match nothing. The error names the end."""

    ranges = ()

    def clean(self):
        cleaned_data = super().clean()
        for start, end in self.ranges:
            first, last = cleaned_data.get(start), cleaned_data.get(end)
            if first and last and first > last:
                self.add_error(end, _("Must not be before %(start)s (%(value)s).") % {"start": start, "value": first})
        return cleaned_data


class TaskFilterForm(OrderedRangesForm):
    ranges = (("quarter_from", "quarter_to"), ("deadline_after", "deadline_before"))


class ProgressReportFilterForm(OrderedRangesForm):
    ranges = (("reported_after", "reported_before"),)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A related record named by its slug; an unknown slug is a form error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("null_label", None)
        super().__init__(*args, **kwargs)


class OrderingFilter(django_filters.OrderingFilter):
    """Empty values (no deadline, no date) sort last in both directions, on SQLite and PostgreSQL
    alike, and the primary key breaks ties so that pages do not overlap."""

    def build_choices(self, fields, labels):
        # django-filter formats the descending labels at import, in the default language.
        ascending = [(param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", interpolate_lazy(self.descending_fmt, label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = F(value.removeprefix("-"))
        return field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)

    def filter(self, queryset, value):
        ordering = [self.get_ordering_value(param) for param in value or [] if param]
        return queryset.order_by(*ordering, "pk") if ordering else queryset


class SearchField(forms.CharField):
    """Words or a code: at most MAX_SEARCH_LENGTH characters and MAX_SEARCH_TERMS distinct words,
    since every word adds conditions to the query."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not any(character.isalnum() for character in value):
            # "*", "-" or an emoji would match everything: refused rather than ignored.
            raise forms.ValidationError(_("Enter at least one letter or digit."), code="no_letter_or_digit")
        if len(search_terms(value)) > MAX_SEARCH_TERMS:
            raise forms.ValidationError(
                _("Use at most %(count)d words.") % {"count": MAX_SEARCH_TERMS}, code="too_many_words"
            )


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, queryset, value):
        return search_queryset(queryset, value) if value and value.strip() else queryset


class TaskFilter(django_filters.FilterSet):
    agency = SlugChoiceFilter(
        queryset=Agency.objects.all(),
        method="filter_agency",
        label=_("Agency"),
        help_text=_("Agency slug; with agency_role=lead only tasks it leads, otherwise any role."),
    )
    agency_role = django_filters.ChoiceFilter(
        choices=[("any", _("any role")), ("lead", _("lead only"))],
        method="filter_noop",
        empty_label=None,
        label=_("Agency role"),
        help_text=_("“lead” or “any” (the default)."),
    )
    quarter = QuarterFilter(label=_("Quarter"), help_text=_("Deadline quarter, e.g. 2025-Q2."))
    quarter_from = QuarterFilter(
        bound="start", label=_("From quarter"), help_text=_("Deadlines in this quarter or later, e.g. 2025-Q1.")
    )
    quarter_to = QuarterFilter(
        bound="end", label=_("To quarter"), help_text=_("Deadlines in this quarter or earlier, e.g. 2025-Q4.")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=TaskStatus.choices,
        method="filter_status",
        label=_("Status"),
        help_text=_("Derived status on the as_of date; repeat the parameter for several."),
    )
    document = SlugChoiceFilter(
        queryset=Document.objects.all(),
        method="filter_document",
        label=_("Document"),
        help_text=_("Document slug: tasks it assigned, directly or through a meeting about it."),
    )
    law = SlugChoiceFilter(queryset=Law.objects.all(), field_name="laws", label=_("Law"), help_text=_("Law slug."))
    deadline_after = IsoDateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Deadline on or after"), help_text=_("YYYY-MM-DD")
    )
    deadline_before = IsoDateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Deadline on or before"), help_text=_("YYYY-MM-DD")
    )
    search = SearchFilter(label=_("Search"), help_text=_("Words or a document code; tone marks optional."))
    ordering = OrderingFilter(
        fields=(("deadline", "deadline"), ("title", "title"), ("slug", "slug")),
        label=_("Order by"),
        help_text=_("deadline, title or slug; prefix with - to reverse."),
    )

    class Meta:
        model = Task
        fields = []
        form = TaskFilterForm

    # The date on which statuses are judged, set by ``params.bind`` once it is known.
    as_of = None

    def filter_queryset(self, queryset):
        return self.filter_queryset_without(queryset)

    def filter_queryset_without(self, queryset, *ignored):
        """``queryset`` filtered by every filter but the ``ignored`` ones, so the form can count
        what each choice would give without validating, and looking up slugs, again. The
        queryset carries the status judged on the page's date (``Task.objects.judged_on``).
        A chosen agency names its tasks through its involvement rows, filtered there by the
        deadline and status filters too (and so not again on the tasks): one index scan instead
        of a look-up per task of the agency."""
        if self._chosen("agency", ignored):
            if self.as_of is None:
                raise RuntimeError("TaskFilter.as_of is set by params.bind before filtering tasks.")
            involved = self._filter_rows(InvolvementPeriod.objects.judged_on(self.as_of), ignored)
            queryset = queryset.filter(pk__in=involved.values("task"))
            ignored = (*ignored, *self.PERIOD_FILTERS)
        for name, value in self.form.cleaned_data.items():
            if name not in ignored:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Filters that never leave a task out by themselves: the order, and the role that only
    # qualifies the agency filter.
    NOT_NARROWING = ("ordering", "agency_role")
    # Filters that read only what a task's status periods and involvement rows copy of it
    # (deadline, status, the agencies involved): they apply alike to those rows.
    PERIOD_FILTERS = (
        "agency",
        "agency_role",
        "quarter",
        "quarter_from",
        "quarter_to",
        "status",
        "deadline_after",
        "deadline_before",
    )

    def narrows_without(self, *ignored):
        """Whether any filter but the ``ignored`` ones leaves tasks out."""
        return any(
            value not in EMPTY_VALUES
            for name, value in self.form.cleaned_data.items()
            if name not in (*ignored, *self.NOT_NARROWING)
        )

    def judged_rows_without(self, as_of, *ignored, per_agency=False):
        """The tasks judged on ``as_of`` that every filter but the ``ignored`` ones keeps, as
        stored rows that copy what the filters read: one status period per task, or one
        involvement row per task and agency involved when ``per_agency`` or when an agency is
        chosen (the agency's rows). None when a filter left reads what the rows do not copy (a
        document, a law, a search)."""
        if self.narrows_without(*ignored, *self.PERIOD_FILTERS):
            return None
        model = InvolvementPeriod if per_agency or self._chosen("agency", ignored) else TaskStatusPeriod
        return self._filter_rows(model.objects.judged_on(as_of), ignored)

    def _chosen(self, name, ignored):
        return name not in ignored and self.form.cleaned_data.get(name) not in EMPTY_VALUES

    def _filter_rows(self, rows, ignored):
        for name, value in self.form.cleaned_data.items():
            if name in self.PERIOD_FILTERS and name not in ignored:
                rows = self.filters[name].filter(rows, value)
        return rows

    def filter_noop(self, queryset, name, value):
        # Read by filter_agency.
        return queryset

    @extend_schema_field(OpenApiTypes.STR)  # the agency's slug; Task has no field of that name to infer it from
    def filter_agency(self, queryset, name, agency):
        if agency is None:
            return queryset
        lead_only = self.form.cleaned_data.get("agency_role") == "lead"
        return queryset.involving(agency, lead_only=lead_only)

    def filter_status(self, queryset, name, statuses):
        return queryset.filter(status__in=statuses) if statuses else queryset

    def filter_document(self, queryset, name, document):
        if document is None:
            return queryset
        return queryset.filter(Q(document=document) | Q(meeting__concerns=document))


NO_STAGE = "none"


class LawFilter(django_filters.FilterSet):
    """Filters the laws fetched ``Law.objects.with_stage(as_of)``: the stage is the one judged
    on the page's date (``Law.current_stage``'s rule)."""

    action = django_filters.ChoiceFilter(choices=LawAction.choices, help_text=_("What is to be done."))
    stage = django_filters.ChoiceFilter(
        choices=[*LawStage.choices, (NO_STAGE, _("no stage reported"))],
        method="filter_stage",
        label=_("Stage"),
        help_text=_("The law's current stage on the as_of date (its latest report naming one); “none” for no stage."),
    )
    review_list = SlugChoiceFilter(
        queryset=LawReviewList.objects.all(),
        field_name="review_lists",
        help_text=_("Slug of a law review list: its identified members."),
    )
    search = SearchFilter(help_text=_("Words in the law's name; tone marks optional."))
    ordering = OrderingFilter(
        fields=(
            ("name", "name"),
            ("name_vi", "name_vi"),
            ("stage_rank", "stage"),
            ("stage_on", "stage_on"),
            ("slug", "slug"),
        ),
        field_labels={
            "name": _("English name, A to Z"),
            "-name": _("English name, Z to A"),
            "name_vi": _("Vietnamese name, A to Z"),
            "-name_vi": _("Vietnamese name, Z to A"),
            "stage_rank": _("stage, earliest first"),
            "-stage": _("stage, furthest first"),
            "stage_on": _("date of the stage, oldest first"),
            "-stage_on": _("date of the stage, newest first"),
            "slug": _("slug"),
            "-slug": _("slug, reversed"),
        },
        label=_("Order by"),
        help_text=_(
            "name, name_vi, stage (how far the law has got), stage_on (its date) or slug; prefix with - to reverse."
        ),
    )

    class Meta:
        model = Law
        fields = []

    def filter_stage(self, queryset, name, stage):
        if not stage:
            return queryset
        return queryset.filter(stage=None) if stage == NO_STAGE else queryset.filter(stage=stage)


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    implements = SlugChoiceFilter(queryset=Document.objects.all(), help_text=_("Slug of the parent document."))
    issuing_agency = SlugChoiceFilter(queryset=Agency.objects.all(), help_text=_("Agency slug."))
    search = SearchFilter(help_text=_("Words or a code, however written (57-NQ/TW, 57/NQ-TW, 57)."))
    ordering = OrderingFilter(fields=(("issued_on", "issued_on"), ("code", "code"), ("slug", "slug")))

    class Meta:
        model = Document
        fields = []


class FigureFilter(django_filters.FilterSet):
    document = SlugChoiceFilter(queryset=Document.objects.all(), help_text=_("Document slug."))
    unit = django_filters.ChoiceFilter(choices=FigureUnit.choices, help_text=_("What is counted."))
    ordering = OrderingFilter(fields=(("value", "value"), ("slug", "slug")))

    class Meta:
        model = Figure
        fields = []


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    parent = SlugChoiceFilter(queryset=Agency.objects.all(), help_text=_("Slug of the parent agency."))
    search = SearchFilter(help_text=_("Words in any of the agency's names; tone marks optional."))
    ordering = OrderingFilter(fields=(("name", "name"), ("slug", "slug")))

    class Meta:
        model = Agency
        fields = []


class ProgressReportFilter(django_filters.FilterSet):
    task = SlugChoiceFilter(queryset=Task.objects.all(), help_text=_("Task slug."))
    law = SlugChoiceFilter(queryset=Law.objects.all(), help_text=_("Law slug."))
    document = SlugChoiceFilter(queryset=Document.objects.all(), help_text=_("Document slug."))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    reported_after = IsoDateFilter(field_name="reported_on", lookup_expr="gte", help_text=_("YYYY-MM-DD"))
    reported_before = IsoDateFilter(field_name="reported_on", lookup_expr="lte", help_text=_("YYYY-MM-DD"))
    ordering = OrderingFilter(fields=(("reported_on", "reported_on"), ("completed_on", "completed_on"), ("key", "key")))

    class Meta:
        model = ProgressReport
        fields = []
        form = ProgressReportFilterForm


class SourceFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="icontains")
    ordering = OrderingFilter(fields=(("published_on", "published_on"), ("slug", "slug")))

    class Meta:
        model = Source
        fields = []


# The kinds of record the search page lists, in its order.
SEARCH_KIND_CHOICES = [
    ("documents", _("Documents")),
    ("laws", _("Laws")),
    ("tasks", _("Tasks")),
    ("agencies", _("Agencies")),
]


class SiteSearchFilter(django_filters.FilterSet):
    """The search page's one parameter; the page searches each kind of record with it."""

    q = SearchFilter(
        method="filter_noop",
        label=_("Search"),
        help_text=interpolate_lazy(
            _("words or a code, at most %(length)d characters and %(words)d words"),
            {"length": MAX_SEARCH_LENGTH, "words": MAX_SEARCH_TERMS},
        ),
    )
    # One kind of record alone, paginated (``page``); without it, the first few of each kind.
    kind = django_filters.ChoiceFilter(method="filter_noop", label=_("Kind"), choices=SEARCH_KIND_CHOICES)

    class Meta:
        model = Task
        fields = []

    def filter_noop(self, queryset, name, value):
        return queryset


class ChangeFilterForm(OrderedRangesForm):
    ranges = (("changed_after", "changed_before"),)


class ChangeFilter(django_filters.FilterSet):
    """The "what changed" page: recorded changes by date. It filters the history table of every
    tracked model alike (``changes.change_rows``); the model below is only the FilterSet's anchor.
    A date is a day in the site's time zone, compared as a range of times so that the index on
    ``history_date`` serves it."""

    changed_after = IsoDateFilter(
        method="filter_changed_after", label=_("Changed on or after"), help_text=_("YYYY-MM-DD")
    )
    changed_before = IsoDateFilter(
        method="filter_changed_before", label=_("Changed on or before"), help_text=_("YYYY-MM-DD")
    )

    class Meta:
        model = Task.history.model
        fields = []
        form = ChangeFilterForm

    @staticmethod
    def start_of(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    def filter_changed_after(self, queryset, name, day):
        return queryset.filter(history_date__gte=self.start_of(day)) if day else queryset

    def filter_changed_before(self, queryset, name, day):
        if not day:
            return queryset
        if day >= dt.date.max:
            return queryset
        return queryset.filter(history_date__lt=self.start_of(day + dt.timedelta(days=1)))
