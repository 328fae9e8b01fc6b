"""The tracker's domain: sources and their excerpts, bodies, documents, laws, tasks, progress.

Every curated record is backed by at least one Citation: a short excerpt copied verbatim from a
Source. A task's status is never stored; it is derived from its deadline and the progress
reports known on the day it is judged (see ``deadlines.derive_status`` and
``TaskQuerySet.with_status``, which must agree).
"""

import datetime as dt
import re
import unicodedata
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, F, FilteredRelation, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, NullIf
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .deadlines import (
    DatePrecision,
    ReportFact,
    ReportStatus,
    TaskStatus,
    derive_status,
    precision_fits,
    quarter_bounds,
    quarter_of,
)

EXCERPT_MAX_LENGTH = 300

models.CharField.register_lookup(Length)


def _interpolate(message, values):
    return message % values


# Fills a translated message in when it is shown, in the language of that moment: ``_("...") % values``
# at import would freeze it in the default language (Vietnamese) for every reader and every migration.
interpolate_lazy = lazy(_interpolate, str)


def fold_text(text):
    """Lower-case text without tone marks, so that "Quốc hội" and "quoc hoi" compare equal."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def search_words(text):
    """The folded words of ``text`` (letters and digits) separated by single spaces: "Quốc hội
    (57-NQ/TW)" gives "quoc hoi 57 nq tw"."""
    return " ".join(re.findall(r"[^\W_]+", fold_text(text)))


def localized(record, field):
    """``field`` in Vietnamese (``name_vi``, ``title_vi``) when the active language is Vietnamese
    and the record has it, else in English."""
    if record is None:
        return ""
    if (get_language() or "").startswith("vi"):
        vietnamese = getattr(record, f"{field}_vi", "")
        if vietnamese:
            return vietnamese
    return getattr(record, field)


def localized_order(field):
    """The database expression ``localized`` reads: ``field`` in Vietnamese when the active
    language is Vietnamese and the record has it, else in English; to sort by what is shown."""
    if (get_language() or "").startswith("vi"):
        return Coalesce(NullIf(f"{field}_vi", Value("")), field).asc()
    return F(field).asc()


def normalize_code(code):
    """A document code reduced to its letters and digits: 57-NQ/TW and 57/NQ-TW both give 57NQTW."""
    return re.sub(r"[^0-9a-z]", "", fold_text(code)).upper()


def precision_constraint(date_field, precision_field, name):
    """A CHECK that a date fits its precision: none means no date; month, quarter, half and year
    dates are period ends. The database check is coarse on February (28 or 29 both pass);
    ``precision_fits`` in the model's ``clean`` is exact."""
    date_is_null = Q(**{f"{date_field}__isnull": True})
    month, day = f"{date_field}__month", f"{date_field}__day"
    month_end = (
        Q(**{month: 2, f"{day}__in": [28, 29]})
        | Q(**{f"{month}__in": [4, 6, 9, 11], day: 30})
        | Q(**{f"{month}__in": [1, 3, 5, 7, 8, 10, 12], day: 31})
    )
    is_precision = lambda value: Q(**{precision_field: value})  # noqa: E731
    return models.CheckConstraint(
        name=name,
        violation_error_message=_("The date does not fit its precision."),
        condition=(
            (is_precision(DatePrecision.NONE) & date_is_null)
            | (~date_is_null & is_precision(DatePrecision.DAY))
            | (~date_is_null & is_precision(DatePrecision.MONTH) & month_end)
            | (~date_is_null & is_precision(DatePrecision.QUARTER) & Q(**{f"{month}__in": [3, 6, 9, 12]}) & month_end)
            | (~date_is_null & is_precision(DatePrecision.HALF) & Q(**{f"{month}__in": [6, 12]}) & month_end)
            | (~date_is_null & is_precision(DatePrecision.YEAR) & Q(**{month: 12, day: 31}))
        ),
    )


def one_of_the_subjects(model, related_name, verbose_name):
    """A link to one of the records a report or citation may be about; ``exactly_one_of`` checks
    that just one is set. The report or citation goes with its subject."""
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name, verbose_name=verbose_name
    )


def exactly_one_of(fields, name):
    """A CHECK that exactly one of the given nullable foreign keys is set."""
    condition = Q()
    for chosen in fields:
        term = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                term &= Q(**{f"{other}__isnull": True})
        condition |= term
    return models.CheckConstraint(
        name=name,
        condition=condition,
        violation_error_message=interpolate_lazy(
            _("Choose exactly one of: %(fields)s."), {"fields": ", ".join(fields)}
        ),
    )


def check_date_precision(date, precision, field, precision_field):
    """The exact form-level check behind ``precision_constraint``; raises a ValidationError
    on the date field."""
    if precision_fits(date, precision):
        return
    if precision == DatePrecision.NONE:
        message = _("A date with precision “none” must be empty; choose a precision.")
    elif date is None:
        message = _("Give a date, or set the precision to “none”.")
    else:
        message = _(
            "%(date)s does not fit precision “%(precision)s”: use the last day of the month, "
            "quarter, half-year or year it names (e.g. 2025-06-30 for the second quarter of 2025)."
        ) % {"date": date.isoformat(), "precision": DatePrecision(precision).label}
    raise ValidationError({field: message, precision_field: message})


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugManager(models.Manager.from_queryset(SlugQuerySet)):
    pass


class KeyQuerySet(models.QuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class KeyManager(models.Manager.from_queryset(KeyQuerySet)):
    pass


# The day a report became known: the day it was made or, failing that, the day of completion.
KNOWN_ON = Coalesce("reported_on", "completed_on")


class ProgressReportQuerySet(KeyQuerySet):
    def known_by(self, as_of):
        """Reports known on ``as_of``: made by then or, undated, completed by then. Statuses,
        report lists and feeds judged on a date see only these."""
        return self.filter(Q(reported_on__lte=as_of) | Q(reported_on=None, completed_on__lte=as_of))

    def newest_first(self):
        return self.order_by(KNOWN_ON.desc(), "key")


class Curated(models.Model):
    """Fields every curated record shares: a stable slug (its URL and natural key) and a note
    for ambiguities and disagreements between sources."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("Stable identifier used in URLs and fixtures; do not change once published."),
        verbose_name=_("slug"),
    )
    note = models.TextField(
        blank=True,
        help_text=_("Public note for readers: ambiguities and disagreements between sources. Never a guess."),
        verbose_name=_("note"),
    )
    editor_note = models.TextField(
        blank=True,
        help_text=_("For editors only, never shown on the public site or in the API: how the record was curated."),
        verbose_name=_("editor's note"),
    )
    vietnamese_is_translation = models.BooleanField(
        default=False,
        help_text=_(
            "Tick when the Vietnamese name or title is the tracker's translation of the English, not an official name."
        ),
        verbose_name=_("Vietnamese is a translation"),
    )

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class Searchable(models.Model):
    """A record found by the site's search (see ``search.py``). Each subclass declares what is
    searched; ``fill_search_fields`` folds it into two stored columns on every save:

    - ``search_text``: the folded words (``search_words``) of its own ``searched_fields``, of
      those of the records named by ``searched_relations`` (a task is found by its lead agency's
      name), and the normalized codes of the documents named by ``searched_codes`` (a task by its
      document's code: ``57nqtw``);
    - ``search_title``: its ``title_fields``, one per line, to rank exact and title matches first.

    On PostgreSQL a third column, ``search_vector``, holds the full-text vector of ``search_text``,
    written by the database itself on every write of ``search_text`` (a trigger, migration 0013)
    and GIN-indexed: a search reads it instead of computing each row's vector again.
    """

    searched_fields = ()
    title_fields = ()
    searched_relations = ()
    searched_codes = ()

    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text=_("Folded text (lower case, no tone marks) of the searchable fields; kept up to date on save."),
        verbose_name=_("search text"),
    )
    search_title = models.TextField(
        blank=True,
        editable=False,
        help_text=_("Folded titles and names, one per line, to rank title matches first; kept up to date on save."),
        verbose_name=_("search title"),
    )
    # PostgreSQL's trigger overwrites whatever is written here; elsewhere it stays empty.
    search_vector = SearchVectorField(null=True, editable=False, verbose_name=_("search vector"))

    class Meta:
        abstract = True

    def own_search_text(self):
        return search_words(" ".join(str(getattr(self, name) or "") for name in self.searched_fields))

    def search_codes(self):
        """The normalized codes (57NQTW) of the documents ``searched_codes`` names."""
        codes = []
        for path in self.searched_codes:
            record = self
            for name in path.split(".") if path else ():
                record = getattr(record, name) if record is not None else None
            if record is not None and record.code_key:
                codes.extend(record.code_key.split())
        return list(dict.fromkeys(codes))

    def fill_search_fields(self):
        related = (getattr(self, name) for name in self.searched_relations)
        texts = [self.own_search_text(), *(record.own_search_text() for record in related if record is not None)]
        codes = " ".join(code.lower() for code in self.search_codes())
        self.search_text = " ".join(text for text in [*texts, codes] if text)
        titles = [search_words(str(getattr(self, name) or "")) for name in self.title_fields]
        self.search_title = "\n" + "".join(f"{title}\n" for title in titles if title)


class Source(Curated):
    publisher = models.CharField(max_length=200, verbose_name=_("publisher"))
    title = models.CharField(
        max_length=300, help_text=_("The article's title or, if it has none, its topic."), verbose_name=_("title")
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Only if the article gives its date; leave empty rather than guess."),
        verbose_name=_("published on"),
    )
    url = models.URLField(
        max_length=500,
        unique=True,
        help_text=_("Exactly as printed on the article's “Source:” line."),
        verbose_name=_("address (URL)"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "slug"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return reverse("resolutions:source-detail", args=[self.slug])


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Party body")
    NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly body")
    GOVERNMENT = "government", _("Government body")
    MINISTRY = "ministry", _("ministry")
    LOCALITY = "locality", _("province or locality")
    STEERING = "steering", _("steering or advisory body")
    OTHER = "other", _("other")


class Agency(Searchable, Curated):
    searched_fields = ("name", "name_vi", "abbreviation", "aliases")
    title_fields = ("name", "name_vi", "abbreviation")

    name = models.CharField(
        max_length=200, unique=True, help_text=_("English name as the sources use it."), verbose_name=_("name")
    )
    name_vi = models.CharField(
        _("Vietnamese name"), max_length=200, blank=True, help_text=_("Official Vietnamese name, if confirmed.")
    )
    abbreviation = models.CharField(max_length=30, blank=True, verbose_name=_("abbreviation"))
    kind = models.CharField(max_length=20, choices=AgencyKind.choices, verbose_name=_("kind"))
    aliases = models.TextField(
        blank=True,
        help_text=_("Other names the sources use for this same body, one per line."),
        verbose_name=_("other names"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent body")
    )
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        help_text=_("The body this one was renamed from or replaced."),
        verbose_name=_("predecessor"),
    )

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(name="agency_not_own_parent", condition=~Q(parent=F("pk")) | Q(parent__isnull=True)),
            models.CheckConstraint(
                name="agency_not_own_predecessor",
                condition=~Q(predecessor=F("pk")) | Q(predecessor__isnull=True),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resolutions:agency-detail", args=[self.slug])

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    PLAN = "plan", _("plan")
    PROGRAM = "program", _("action program")
    REPORT = "report", _("report")
    DECREE = "decree", _("decree")
    DECISION = "decision", _("decision")
    STRATEGY = "strategy", _("strategy")
    PROGRAM_LAWS = "law_program", _("law and ordinance development program")
    OTHER = "other", _("other")


class Document(Searchable, Curated):
    searched_fields = ("code", "code_variants", "title", "title_vi", "note")
    title_fields = ("title", "title_vi")
    searched_relations = ("issuing_agency",)
    searched_codes = ("",)

    code = models.CharField(
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The code as written, e.g. 57-NQ/TW; empty for documents without a code."),
        verbose_name=_("code"),
    )
    code_variants = models.TextField(
        blank=True,
        help_text=_("Other spellings of the code seen in sources, one per line."),
        verbose_name=_("code variants"),
    )
    code_key = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Normalized code and variants, space-separated, for matching however a code is written."),
        verbose_name=_("code key"),
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=400, verbose_name=_("title"))
    title_vi = models.CharField(_("Vietnamese title"), max_length=400, blank=True)
    issuing_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents_issued",
        verbose_name=_("issuing agency"),
    )
    issued_on = models.DateField(
        null=True, blank=True, help_text=_("Only as precise as the sources say."), verbose_name=_("issued on")
    )
    issued_on_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.NONE, verbose_name=_("issue date precision")
    )
    implements = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementing_documents",
        help_text=_("The document this one implements, e.g. Resolution 57-NQ/TW."),
        verbose_name=_("implements"),
    )

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["issued_on", "slug"]
        constraints = [
            precision_constraint("issued_on", "issued_on_precision", "document_issued_on_fits_precision"),
            models.CheckConstraint(
                name="document_not_implementing_itself",
                condition=~Q(implements=F("pk")) | Q(implements__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse("resolutions:document-detail", args=[self.slug])

    @property
    def code_variant_list(self):
        return [line.strip() for line in self.code_variants.splitlines() if line.strip()]

    def clean(self):
        check_date_precision(self.issued_on, self.issued_on_precision, "issued_on", "issued_on_precision")
        if self.pk and self.implements_id and self.pk in {document.pk for document in self.implements.chain()}:
            raise ValidationError(
                {"implements": _("A document cannot implement itself or a document that implements it.")}
            )

    def compute_code_key(self):
        codes = [self.code or "", *self.code_variant_list]
        return " ".join(dict.fromkeys(normalize_code(code) for code in codes if code))

    def chain(self, documents_by_pk=None):
        """This document and the documents it implements, up to the root (Resolution 57). With
        ``documents_by_pk`` (every document by primary key) the walk makes no query."""
        documents, seen, current = [], set(), self
        while current is not None and current.pk not in seen:
            documents.append(current)
            seen.add(current.pk)
            current = current.implements if documents_by_pk is None else documents_by_pk.get(current.implements_id)
        return documents


class LawAction(models.TextChoices):
    NEW_LAW = "new_law", _("new law")
    AMENDMENT = "amendment", _("amendment")
    STUDY_AMENDMENTS = "study_amendments", _("study and propose amendments")
    UNSPECIFIED = "unspecified", _("not specified")


class LawStage(models.TextChoices):
    PROPOSED = "proposed", _("proposed for drafting or amendment")
    DRAFTING = "drafting", _("drafting")
    SUBMITTED = "submitted", _("submitted to the National Assembly")
    PASSED = "passed", _("passed")


# Stages in the order a law goes through them, to sort laws by how far they have got.
STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(rank)) for rank, stage in enumerate(LawStage.values, start=1)),
    default=Value(0),
)


class LawQuerySet(SlugQuerySet):
    def with_stage(self, as_of):
        """Annotate each law's stage judged on ``as_of`` (``stage``, empty when none), the day it
        became known (``stage_on``), its rank in ``LawStage`` (``stage_rank``, 0 for none) and
        ``stage_judged_on``. The stage is that of the latest report naming one among the reports
        known by ``as_of``; same-day reports: the later key wins, as in the reports' own order.
        One subquery per law, in the same query."""
        latest = (
            ProgressReport.objects.known_by(as_of)
            .filter(law=OuterRef("pk"))
            .exclude(law_stage="")
            .annotate(known_on_date=KNOWN_ON)
            .order_by("-known_on_date", "-key")
        )
        return self.annotate(
            stage=Subquery(latest.values("law_stage")[:1]),
            stage_on=Subquery(latest.values("known_on_date")[:1]),
            stage_judged_on=Value(as_of, output_field=models.DateField()),
        ).annotate(stage_rank=STAGE_ORDER)


class Law(Searchable, Curated):
    searched_fields = ("name", "name_vi", "target", "note")
    title_fields = ("name", "name_vi")

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=200, blank=True)
    action = models.CharField(
        max_length=20,
        choices=LawAction.choices,
        default=LawAction.UNSPECIFIED,
        help_text=_("What is to be done with this law, as the sources say."),
        verbose_name=_("what is to be done"),
    )
    target = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The session or period targeted, as stated, e.g. “9th Session (May 2025)”."),
        verbose_name=_("target"),
    )

    objects = models.Manager.from_queryset(LawQuerySet)()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resolutions:law-detail", args=[self.slug])

    def current_stage(self, as_of):
        """The stage of the latest report naming one, among the reports known by ``as_of``; None
        when there is none. The rule is ``LawQuerySet.with_stage``: a law fetched with it for the
        same date reads its annotation, any other asks the database (one query)."""
        if getattr(self, "stage_judged_on", None) != as_of:
            judged = Law.objects.with_stage(as_of).values_list("stage", "stage_on").get(pk=self.pk)
            self.stage, self.stage_on, self.stage_judged_on = *judged, as_of
        return LawStage(self.stage) if self.stage else None

    def get_stage_display(self):
        """The annotated stage's label (``LawQuerySet.with_stage``); "" when none."""
        return LawStage(self.stage).label if getattr(self, "stage", None) else ""


class LawReviewListQuerySet(SlugQuerySet):
    def with_identified_count(self):
        """Annotate ``identified_count``: how many of the declared laws the sources name."""
        counted = self.annotate(identified_count=models.Count("laws", distinct=True))
        # An aggregate drops Meta.ordering; restate it unless an order was chosen.
        return counted if counted.query.order_by else counted.order_by(*self.model._meta.ordering)


class LawReviewList(Curated):
    """A list of laws to review whose members the sources name only in part (the Government's
    28 laws under Resolution 03/NQ-CP): its declared size is a fact, its known members grow
    as sources name them."""

    name = models.CharField(max_length=300, verbose_name=_("name"))
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="law_review_lists", verbose_name=_("document")
    )
    declared_count = models.PositiveIntegerField(
        help_text=_("How many laws the list holds, as the sources state."), verbose_name=_("declared count")
    )
    laws = models.ManyToManyField(Law, blank=True, related_name="review_lists", verbose_name=_("laws"))

    objects = models.Manager.from_queryset(LawReviewListQuerySet)()
    history = HistoricalRecords(m2m_fields=["laws"])

    class Meta:
        verbose_name = _("law review list")
        verbose_name_plural = _("law review lists")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resolutions:review-list-detail", args=[self.slug])

    @property
    def unidentified_count(self):
        """How many declared members no source names yet (``with_identified_count``)."""
        return max(self.declared_count - self.identified_count, 0)


class FigureUnit(models.TextChoices):
    LAWS = "laws", _("laws")
    DRAFT_LAWS = "draft_laws", _("draft laws")
    DECREES = "decrees", _("decrees")
    TASKS = "tasks", _("tasks")
    MECHANISMS = "mechanisms", _("pilot mechanisms and policies")
    VIEWPOINTS = "viewpoints", _("guiding viewpoints")
    GROUPS = "groups", _("groups of tasks or contents")
    RESOLUTIONS = "resolutions", _("resolutions")
    DECISIONS = "decisions", _("decisions")
    CIRCULARS = "circulars", _("circulars")
    PETITIONS = "petitions", _("petitions")
    DEPARTMENTS = "departments", _("departments")
    BRIDGE_POINTS = "bridge_points", _("bridge points (connected venues)")
    DELEGATES = "delegates", _("delegates")
    OTHER = "other", _("other")


class Figure(Curated):
    """A count the sources state (27 laws and 19 decrees in 2025, ...), kept as a fact with evidence."""

    label = models.CharField(max_length=300, help_text=_("What is counted."), verbose_name=_("what is counted"))
    label_vi = models.CharField(_("what is counted, in Vietnamese"), max_length=300, blank=True)
    value = models.PositiveIntegerField(verbose_name=_("value"))
    unit = models.CharField(max_length=20, choices=FigureUnit.choices, verbose_name=_("unit"))
    as_stated = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The figure as written, e.g. “28/28 laws”."),
        verbose_name=_("as stated"),
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="figures", verbose_name=_("document")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.value} {self.get_unit_display()}: {self.label}"

    def get_absolute_url(self):
        return reverse("resolutions:document-list") + f"#{self.slug}"


class Meeting(Curated):
    """A meeting or conference at which tasks were assigned."""

    name = models.CharField(max_length=300, verbose_name=_("name"))
    name_vi = models.CharField(_("Vietnamese name"), max_length=300, blank=True)
    held_on = models.DateField(
        null=True, blank=True, help_text=_("Only if the sources give the full date."), verbose_name=_("held on")
    )
    convened_by = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("convened by")
    )
    concerns = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The document whose implementation the meeting directed."),
        verbose_name=_("concerns"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on", "slug"]

    def __str__(self):
        return self.name


# The alias under which ``TaskQuerySet.with_status`` joins a task's status period.
STATUS_JOIN = "status_period"


class TaskQuerySet(SlugQuerySet):
    def with_status(self, as_of):
        """Annotate ``status`` judged on ``as_of``: the task's status period covering that day
        (``TaskStatusPeriod``, kept by ``status.py`` by the rule of ``deadlines.derive_status``),
        joined once, so that filtering, counting, ordering and grouping by status use indexes."""
        period = FilteredRelation(
            "status_periods",
            condition=Q(status_periods__valid_from__lte=as_of, status_periods__valid_until__gte=as_of),
        )
        return self.alias(**{STATUS_JOIN: period}).annotate(status=F(f"{STATUS_JOIN}__status"))

    def page_keys(self):
        """The keys of these tasks in their order, for ``params.paginate``: without the status
        join unless the order or a filter reads it (the keys of page 2,000 of the unfiltered list at
        100k tasks: 406 ms with the join, 282 ms without, 38-41 ms once ``task_by_deadline``
        covers them)."""
        return self.without_unread_status().values_list("pk", flat=True)

    def without_unread_status(self):
        """This queryset without the status join when nothing but the ``status`` column reads it
        (no filter, ordering or other annotation): every task has exactly one period on any day,
        so the join changes no count or group, but PostgreSQL cannot know that and joins all
        100,000 periods (87 ms of a 90 ms count). Counts and the facets that do not group by
        status use it."""
        query = self.query
        if not query.alias_refcount.get(STATUS_JOIN) or "status" in query.values_select:
            return self
        ordering = {str(field).lstrip("-") for field in query.order_by}
        others = [annotation for name, annotation in query.annotations.items() if name != "status"]
        nodes = [node for leaf in query.where.leaves() for node in leaf.flatten()]
        nodes += [node for annotation in others for node in annotation.flatten()]
        if "status" in ordering or any(getattr(node, "alias", None) == STATUS_JOIN for node in nodes):
            return self
        clone = self._chain()
        clone.query.annotations.pop("status", None)
        if clone.query.annotation_select_mask is not None:
            clone.query.set_annotation_mask(set(clone.query.annotation_select_mask) - {"status"})
        clone.query.alias_refcount[STATUS_JOIN] = 0  # the compiler leaves unreferenced joins out
        return clone

    def count(self):
        if self._result_cache is None:
            slimmer = self.without_unread_status()
            if slimmer is not self:
                return slimmer.count()
        return super().count()

    def with_status_from_reports(self, as_of):
        """``with_status`` computed straight from the reports by correlated subqueries: slow at
        scale, kept as the SQL statement of the rule, to check the stored periods against."""
        is_completion = Case(When(status=ReportStatus.COMPLETED, then=Value(1)), default=Value(0))
        known_reports = (
            ProgressReport.objects.filter(task=OuterRef("pk"))
            .annotate(known_on=KNOWN_ON, is_completion=is_completion)
            .filter(known_on__lte=as_of)
            # Latest first; on the same day a completion outranks an in-progress statement, then
            # the greater key wins (as in ``deadlines.derive_status``).
            .order_by("-known_on", "-is_completion", "-key")
        )
        completed = Q(latest_report_status=ReportStatus.COMPLETED, latest_completed_on__isnull=False)
        return self.annotate(
            latest_report_status=Subquery(known_reports.values("status")[:1]),
            latest_completed_on=Subquery(known_reports.values("completed_on")[:1]),
        ).annotate(
            status_from_reports=Case(
                When(completed & Q(deadline__isnull=True), then=Value(TaskStatus.COMPLETED_ON_TIME.value)),
                When(
                    completed & Q(latest_completed_on__lte=F("deadline")),
                    then=Value(TaskStatus.COMPLETED_ON_TIME.value),
                ),
                When(completed, then=Value(TaskStatus.COMPLETED_LATE.value)),
                When(deadline__isnull=True, then=Value(TaskStatus.NO_DEADLINE.value)),
                When(deadline__lt=as_of, then=Value(TaskStatus.OVERDUE.value)),
                default=Value(TaskStatus.IN_PROGRESS.value),
                output_field=models.CharField(max_length=20, choices=TaskStatus.choices),
            )
        )

    def judged_on(self, as_of):
        """The tasks as they stood on ``as_of``: those already assigned, with their status then;
        without the search vector, which only the database reads (580 characters a task)."""
        return self.with_status(as_of).assigned_by(as_of).defer("search_vector")

    def assigned_by(self, as_of):
        """Tasks already assigned on ``as_of``; a task whose assignment date is unknown is kept."""
        return self.exclude(assigned_on__gt=as_of)

    def overdue(self, as_of):
        return self.with_status(as_of).filter(status=TaskStatus.OVERDUE)

    def due_in(self, quarter):
        first_day, last_day = quarter_bounds(quarter)
        return self.filter(deadline__range=(first_day, last_day))

    def involving(self, agency, lead_only=False):
        """Tasks ``agency`` leads or (unless ``lead_only``) coordinates, whatever their status: a
        ``UNION ALL`` of the two indexed lookups, not a join, so each task stays one row and
        needs no ``DISTINCT`` over whole rows (an ``OR`` of the two made PostgreSQL read every
        task). The task list, which judges statuses, reads ``InvolvementPeriod`` instead."""
        if lead_only:
            return self.filter(lead_agency=agency)
        led = Task.objects.filter(lead_agency=agency).order_by().values("pk")
        coordinated = Task.coordinating_agencies.through.objects.filter(agency=agency).values("task_id")
        return self.filter(pk__in=led.union(coordinated, all=True))

    def by_deadline(self):
        return self.order_by(F("deadline").asc(nulls_last=True), "slug")


class Task(Searchable, Curated):
    searched_fields = ("title", "title_vi", "description", "deadline_as_stated", "note")
    title_fields = ("title", "title_vi")
    searched_relations = ("lead_agency", "document")
    searched_codes = ("document", "meeting.concerns")

    title = models.CharField(
        max_length=300, help_text=_("What must be done, in a short sentence."), verbose_name=_("title")
    )
    title_vi = models.CharField(_("Vietnamese title"), max_length=300, blank=True)
    description = models.TextField(blank=True, verbose_name=_("description"))
    lead_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
        help_text=_("Empty when the sources do not name the lead body; say why in the note."),
        verbose_name=_("lead agency"),
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="coordinated_tasks", verbose_name=_("coordinating agencies")
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text=_("The document that assigned the task or that it implements."),
        verbose_name=_("document"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text=_("The meeting at which the task was assigned."),
        verbose_name=_("meeting"),
    )
    laws = models.ManyToManyField(Law, blank=True, related_name="tasks", verbose_name=_("laws"))
    assigned_on = models.DateField(null=True, blank=True, verbose_name=_("assigned on"))
    deadline = models.DateField(
        null=True,
        blank=True,
        help_text=_("The last day of the stated period: 2025-06-30 for “the second quarter of 2025”."),
        verbose_name=_("deadline"),
    )
    deadline_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.NONE, verbose_name=_("deadline precision")
    )
    deadline_as_stated = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The deadline in the source's words, e.g. “in the second quarter of 2025”."),
        verbose_name=_("deadline as stated"),
    )

    objects = models.Manager.from_queryset(TaskQuerySet)()

    history = HistoricalRecords(m2m_fields=["coordinating_agencies", "laws"], excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [F("deadline").asc(nulls_last=True), "slug"]
        constraints = [
            precision_constraint("deadline", "deadline_precision", "task_deadline_fits_precision"),
            models.CheckConstraint(
                name="task_assigned_before_deadline",
                condition=Q(assigned_on__isnull=True) | Q(deadline__isnull=True) | Q(assigned_on__lte=F("deadline")),
                violation_error_message=_("A task cannot be due before it was assigned."),
            ),
        ]
        indexes = [
            # The lists' order (deadline, then slug; an ascending btree keeps empty deadlines last
            # on PostgreSQL, as ``by_deadline`` asks) and the quarter and deadline filters' ranges.
            # With the assignment date and the key, a deep page's keys (``params.paginate``) are
            # read from the index alone (on PostgreSQL): page 2,000 of 100,000 tasks 322 -> 38 ms.
            models.Index(fields=["deadline", "slug"], include=["assigned_on", "id"], name="task_by_deadline"),
            # Every page judges tasks on a date (``assigned_by``). On PostgreSQL the index also
            # holds the columns that counts and groups read, so that they scan it alone instead
            # of the whole, wide table: at 100,000 tasks an unfiltered count takes 8 ms instead
            # of 48, the home page's two groupings 100 ms instead of 200 (SQLite ignores INCLUDE).
            models.Index(
                fields=["assigned_on"],
                include=["id", "deadline", "lead_agency", "document", "meeting"],
                name="task_judging_columns",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resolutions:task-detail", args=[self.slug])

    @property
    def quarter(self):
        return quarter_of(self.deadline)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the status periods were computed from; a save that changes it recomputes them.
        instance._loaded_period_columns = instance.period_columns()
        return instance

    # The task's columns that its status periods are computed from or copy.
    PERIOD_COLUMNS = ("deadline", "lead_agency_id", "assigned_on")

    def period_columns(self):
        """The values of ``PERIOD_COLUMNS``, or DEFERRED if one was not loaded."""
        values = tuple(self.__dict__.get(column, models.DEFERRED) for column in self.PERIOD_COLUMNS)
        return models.DEFERRED if models.DEFERRED in values else values

    def status_on(self, as_of):
        """The derived status: from prefetched ``progress_reports`` when present, else from the
        stored status period covering ``as_of`` (one indexed lookup)."""
        if "progress_reports" not in getattr(self, "_prefetched_objects_cache", {}):
            stored = self.status_periods.filter(valid_from__lte=as_of, valid_until__gte=as_of).first()
            if stored is not None:
                return TaskStatus(stored.status)
        facts = [report.as_fact() for report in self.progress_reports.all()]
        return TaskStatus(derive_status(self.deadline, facts, as_of))

    def last_reported_on(self, as_of):
        """The date of the latest progress report on this task known on ``as_of``, or None; uses
        prefetched ``progress_reports`` when present."""
        known = [report.known_on for report in self.progress_reports.all() if report.known_on <= as_of]
        return max(known, default=None)

    def clean(self):
        check_date_precision(self.deadline, self.deadline_precision, "deadline", "deadline_precision")
        if self.assigned_on and self.deadline and self.assigned_on > self.deadline:
            raise ValidationError({"assigned_on": _("A task cannot be due before it was assigned.")})


class TaskStatusPeriodQuerySet(models.QuerySet):
    def judged_on(self, as_of):
        """One row per task as it stood on ``as_of`` (``TaskQuerySet.judged_on``): the period
        covering that day of each task already assigned, with the status then and the task's
        deadline and lead agency, so that counts by status read this table alone."""
        return self.filter(valid_from__lte=as_of, valid_until__gte=as_of).exclude(assigned_on__gt=as_of)


class TaskStatusPeriod(models.Model):
    """A stretch of days, ``valid_from`` to ``valid_until`` inclusive, over which a task's derived
    status stays the same. A task's periods cover every date without overlap; ``status.py`` keeps
    them in step with the task's deadline, lead agency, assignment date and reports, whatever
    saves or deletes them."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_periods", verbose_name=_("task"))
    status = models.CharField(max_length=20, choices=TaskStatus.choices, verbose_name=_("status"))
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_until = models.DateField(verbose_name=_("valid until"))
    # Copies of the task's columns that the home page's and the agencies' counts group and filter
    # by: at 100,000 tasks, grouping this table alone takes a third of the time of joining it to
    # the tasks. The task's own foreign key is the relation; this one is a copy, so no constraint.
    deadline = models.DateField(null=True, blank=True, verbose_name=_("deadline"))
    lead_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("lead agency"),
    )
    assigned_on = models.DateField(null=True, blank=True, verbose_name=_("assigned on"))

    objects = TaskStatusPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("task status period")
        verbose_name_plural = _("task status periods")
        ordering = ["task", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["task", "valid_from"], name="status_period_unique_start"),
            models.CheckConstraint(name="status_period_not_reversed", condition=Q(valid_from__lte=F("valid_until"))),
        ]
        indexes = [
            models.Index(fields=["status", "valid_from", "valid_until"], name="status_period_by_status"),
            # The task list's counts by status over a quarter or a range of deadlines read the
            # periods alone (``TaskFilter.filter_periods_without``).
            models.Index(fields=["deadline", "status"], name="status_period_by_deadline"),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.status} {self.valid_from} – {self.valid_until}"


# Every quarter in which some task falls due, on PostgreSQL: from the earliest deadline, a jump
# through the deadline index to the first deadline of each next quarter that has one. One index
# probe per quarter (21 at 100,000 tasks: 0.3 ms) where SELECT DISTINCT reads every deadline
# (8 ms), since PostgreSQL 15 cannot skip through an index by itself.
QUARTER_WALK = """
WITH RECURSIVE due (deadline) AS (
    (SELECT deadline FROM {table} WHERE deadline IS NOT NULL ORDER BY deadline LIMIT 1)
    UNION ALL
    SELECT (
        SELECT later.deadline FROM {table} later
        WHERE later.deadline >= CAST(date_trunc('quarter', due.deadline) + interval '3 months' AS date)
        ORDER BY later.deadline LIMIT 1
    )
    FROM due WHERE due.deadline IS NOT NULL
)
SELECT deadline FROM due WHERE deadline IS NOT NULL
"""


def deadline_quarters():
    """The quarters ("2025-Q3") in which tasks fall due, whatever their number: on PostgreSQL
    one deadline per quarter (``QUARTER_WALK``), elsewhere the distinct deadlines."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(QUARTER_WALK.format(table=connection.ops.quote_name(Task._meta.db_table)))
            deadlines = [deadline for (deadline,) in cursor.fetchall()]
    else:
        deadlines = Task.objects.exclude(deadline=None).order_by("deadline").values_list("deadline", flat=True)
        deadlines = deadlines.distinct()
    return {quarter_of(deadline) for deadline in deadlines}


class InvolvementPeriodQuerySet(models.QuerySet):
    def judged_on(self, as_of):
        """One row per task and agency involved in it, as the task stood on ``as_of``
        (``TaskStatusPeriod.objects.judged_on`` seen from each agency)."""
        return self.filter(valid_from__lte=as_of, valid_until__gte=as_of).exclude(assigned_on__gt=as_of)

    def involving(self, agency, lead_only=False):
        """The rows of ``agency``: tasks it leads or (unless ``lead_only``) coordinates."""
        return self.filter(agency=agency, **({"leads": True} if lead_only else {}))


class InvolvementPeriod(models.Model):
    """A task's status period seen from one agency involved in the task: one row for its lead
    agency and one for each other coordinating agency, each copying the period's status and days
    and the task's deadline and assignment date. The agency filter then reads one index together
    with the deadline and the status (an agency, a quarter and a status: 160 rows at 100,000
    tasks) instead of looking up the periods of each of the agency's 2,400 tasks. ``status.py``
    rebuilds a task's rows with its periods and when its coordinating agencies change."""

    period = models.ForeignKey(
        TaskStatusPeriod, on_delete=models.CASCADE, related_name="involvements", verbose_name=_("status period")
    )
    # A copy of the period's task, so the rows name their tasks without a join.
    task = models.ForeignKey(
        Task, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("task")
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency"))
    leads = models.BooleanField(verbose_name=_("leads"))
    status = models.CharField(max_length=20, choices=TaskStatus.choices, verbose_name=_("status"))
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_until = models.DateField(verbose_name=_("valid until"))
    deadline = models.DateField(null=True, blank=True, verbose_name=_("deadline"))
    assigned_on = models.DateField(null=True, blank=True, verbose_name=_("assigned on"))

    objects = InvolvementPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("involvement period")
        verbose_name_plural = _("involvement periods")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="involvement_period_unique_agency"),
        ]
        # Each index includes what the task list's filters and counts read besides its columns,
        # so that PostgreSQL answers from the index alone.
        indexes = [
            models.Index(
                fields=["agency", "deadline", "status"],
                include=["valid_from", "valid_until", "assigned_on", "leads", "task"],
                name="involvement_by_agency",
            ),
            models.Index(
                fields=["deadline", "status"],
                include=["agency", "valid_from", "valid_until", "assigned_on", "leads", "task"],
                name="involvement_by_deadline",
            ),
            # The agency facet with a status chosen and no deadline range (the "overdue" shortcut).
            models.Index(
                fields=["status", "deadline"],
                include=["agency", "valid_from", "valid_until", "assigned_on", "leads", "task"],
                name="involvement_by_status",
            ),
        ]

    def __str__(self):
        return f"{self.task_id} ({self.agency_id}): {self.status} {self.valid_from} – {self.valid_until}"


class ProgressReport(models.Model):
    """A dated statement about the progress of a task, a law or a document."""

    key = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Stable identifier for fixtures; filled in automatically when left empty."),
        verbose_name=_("key"),
    )
    task = one_of_the_subjects(Task, "progress_reports", _("task"))
    law = one_of_the_subjects(Law, "progress_reports", _("law"))
    document = one_of_the_subjects(Document, "progress_reports", _("document"))
    status = models.CharField(max_length=20, choices=ReportStatus.choices, verbose_name=_("status"))
    law_stage = models.CharField(
        max_length=20,
        choices=LawStage.choices,
        blank=True,
        help_text=_("For reports on a law: its stage as reported."),
        verbose_name=_("law stage"),
    )
    statement = models.TextField(help_text=_("What the source reports, in a sentence."), verbose_name=_("statement"))
    reported_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Date of the statement: the article's date, or a date the article gives for it. Empty if unknown."),
        verbose_name=_("reported on"),
    )
    completed_on = models.DateField(
        null=True, blank=True, help_text=_("When the work was completed, if it was."), verbose_name=_("completed on")
    )
    completed_on_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.NONE,
        verbose_name=_("completion date precision"),
    )
    note = models.TextField(
        blank=True,
        help_text=_("Public note for readers: ambiguities and disagreements between sources. Never a guess."),
        verbose_name=_("note"),
    )
    editor_note = models.TextField(
        blank=True,
        help_text=_("For editors only, never shown on the public site or in the API: how the record was curated."),
        verbose_name=_("editor's note"),
    )

    objects = models.Manager.from_queryset(ProgressReportQuerySet)()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = [KNOWN_ON.asc(), "key"]
        # The newest information's date reads the last entry of each (``newest_information_on``).
        indexes = [
            models.Index(fields=["reported_on"], name="report_reported_on"),
            models.Index(fields=["completed_on"], name="report_completed_on"),
        ]
        constraints = [
            exactly_one_of(["task", "law", "document"], "report_has_exactly_one_subject"),
            precision_constraint("completed_on", "completed_on_precision", "report_completed_on_fits_precision"),
            models.CheckConstraint(
                name="report_is_dated",
                condition=Q(reported_on__isnull=False) | Q(completed_on__isnull=False),
                violation_error_message=_("A report needs the date it was made or the date of completion."),
            ),
            models.CheckConstraint(
                name="report_completion_dated",
                condition=~Q(status=ReportStatus.COMPLETED) | Q(completed_on__isnull=False) | Q(law__isnull=False),
                violation_error_message=_("A completion report needs its completion date."),
            ),
            models.CheckConstraint(
                name="report_not_completed_after_reported",
                condition=Q(completed_on__isnull=True)
                | Q(reported_on__isnull=True)
                | Q(completed_on__lte=F("reported_on")),
                violation_error_message=_("Work cannot be reported complete before it was completed."),
            ),
            models.CheckConstraint(
                name="report_in_progress_has_no_completion",
                condition=Q(status=ReportStatus.COMPLETED) | Q(completed_on__isnull=True),
                violation_error_message=_("Only a completion report has a completion date."),
            ),
        ]

    def __str__(self):
        return f"{self.known_on}: {self.statement[:80]}"

    def natural_key(self):
        return (self.key,)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The task whose status periods to recompute too if a save moves the report elsewhere.
        instance._loaded_task_id = instance.__dict__.get("task_id")
        return instance

    @property
    def subject(self):
        return self.task or self.law or self.document

    @property
    def known_on(self):
        return self.reported_on or self.completed_on

    def as_fact(self):
        return ReportFact(known_on=self.known_on, status=self.status, completed_on=self.completed_on, key=self.key)

    def clean(self):
        check_date_precision(self.completed_on, self.completed_on_precision, "completed_on", "completed_on_precision")
        if self.status == ReportStatus.COMPLETED and not self.completed_on and not self.law_id:
            raise ValidationError({"completed_on": _("A completion report needs its completion date.")})
        if self.status != ReportStatus.COMPLETED and self.completed_on:
            raise ValidationError({"completed_on": _("Only a completion report has a completion date.")})
        if not self.reported_on and not self.completed_on:
            raise ValidationError({"reported_on": _("Give the date of the report or of the completion.")})
        if self.completed_on and self.reported_on and self.completed_on > self.reported_on:
            raise ValidationError({"completed_on": _("Work cannot be reported complete before it was completed.")})
        task = self.task if self.task_id else None
        if task and task.assigned_on and self.completed_on and self.completed_on < task.assigned_on:
            raise ValidationError({"completed_on": _("A task cannot be completed before it was assigned.")})
        if self.law_stage and not self.law_id:
            raise ValidationError({"law_stage": _("Only a report on a law has a law stage.")})

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = _generated_key("report")
        super().save(*args, **kwargs)


CITATION_SUBJECTS = ["agency", "document", "law", "review_list", "figure", "meeting", "task", "report"]


class Citation(models.Model):
    """Evidence: a short excerpt, copied verbatim from a source, backing one record."""

    key = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Stable identifier for fixtures; filled in automatically when left empty."),
        verbose_name=_("key"),
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source"))
    excerpt = models.CharField(
        max_length=EXCERPT_MAX_LENGTH,
        help_text=interpolate_lazy(
            _("Copied verbatim from the source, at most %(max)d characters."), {"max": EXCERPT_MAX_LENGTH}
        ),
        verbose_name=_("excerpt"),
    )
    agency = one_of_the_subjects(Agency, "citations", _("agency"))
    document = one_of_the_subjects(Document, "citations", _("document"))
    law = one_of_the_subjects(Law, "citations", _("law"))
    review_list = one_of_the_subjects(LawReviewList, "citations", _("law review list"))
    figure = one_of_the_subjects(Figure, "citations", _("figure"))
    meeting = one_of_the_subjects(Meeting, "citations", _("meeting"))
    task = one_of_the_subjects(Task, "citations", _("task"))
    report = one_of_the_subjects(ProgressReport, "citations", _("progress report"))

    objects = KeyManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["key"]
        constraints = [
            exactly_one_of(CITATION_SUBJECTS, "citation_has_exactly_one_subject"),
            models.CheckConstraint(
                name="citation_excerpt_length",
                condition=Q(excerpt__length__gte=1) & Q(excerpt__length__lte=EXCERPT_MAX_LENGTH),
                violation_error_message=interpolate_lazy(
                    _("An excerpt must have between 1 and %(max)d characters."), {"max": EXCERPT_MAX_LENGTH}
                ),
            ),
        ]

    def __str__(self):
        return f"{self.source.publisher}: “{self.excerpt[:60]}”"

    def natural_key(self):
        return (self.key,)

    @property
    def subject(self):
        return next((getattr(self, name) for name in CITATION_SUBJECTS if getattr(self, f"{name}_id")), None)

    def clean_fields(self, exclude=None):
        # Here rather than in clean(), which also runs when the excerpt field has already failed
        # (too long, say) and would add a second, wrong message about a missing excerpt.
        if exclude is None or "excerpt" not in exclude:
            self.excerpt = (self.excerpt or "").strip()
            if not self.excerpt:
                raise ValidationError({"excerpt": _("A citation needs an excerpt copied from its source.")})
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = _generated_key("cite")
        super().save(*args, **kwargs)


def newest_information_on():
    """The date of the newest information the tracker holds: the latest date a progress report is
    known on, or the newest source's publication date if later; None on an empty database.

    Statuses judged after this date can only turn "overdue" for want of newer reports, so pages
    judge on it by default (``freshness.newest_information_on`` caches it per data version).

    One query of three maxima, each read from the end of an index: a report is known on
    ``reported_on`` or, undated, on ``completed_on``, and never completes after it is reported
    (``report_not_completed_after_reported``), so the latest ``known_on`` is the greater of the
    latest ``reported_on`` and the latest ``completed_on``."""
    quote = connection.ops.quote_name
    report, source = quote(ProgressReport._meta.db_table), quote(Source._meta.db_table)
    reported, completed = quote("reported_on"), quote("completed_on")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX({reported}) FROM {report}), (SELECT MAX({completed}) FROM {report}), "  # noqa: S608
            f"(SELECT MAX({quote('published_on')}) FROM {source})"
        )
        dates = [
            date if isinstance(date, dt.date) or date is None else dt.date.fromisoformat(date)
            for date in cursor.fetchone()
        ]
    return max((date for date in dates if date), default=None)


def no_report_since_deadline(status, deadline, newest_information_date):
    """True when a task reads "overdue" only because its deadline fell on or after the newest
    information: nothing the tracker holds could have said whether it was met."""
    return (
        status == TaskStatus.OVERDUE
        and deadline is not None
        and newest_information_date is not None
        and deadline >= newest_information_date
    )


def _generated_key(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


SEARCHABLE_MODELS = (Agency, Document, Law, Task)
# The curated models in load order, referenced ones first: export_curated numbers its files in
# this order, so that the fixtures also load one by one.
CURATED_MODELS = (Source, Agency, Document, Law, LawReviewList, Figure, Meeting, Task, ProgressReport, Citation)


def _fill_derived_fields(sender, instance, **kwargs):
    # A pre_save receiver rather than save(): loaddata saves raw and skips Model.save().
    if sender is Document:
        instance.code_key = instance.compute_code_key()
    instance.fill_search_fields()


for _model in SEARCHABLE_MODELS:
    models.signals.pre_save.connect(_fill_derived_fields, sender=_model)
