"""Admin forms for the editors.

The exact rules live on the models (``clean()`` and named constraints, which ModelForm runs);
these forms only add what a single row cannot know, such as a document code that is already
taken under another spelling, and keep inline forms to the fields an editor fills in there.
"""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from .models import Citation, Document, LawReviewList, ProgressReport, Source, Task, normalize_code

EVIDENCE_REQUIRED = _(
    "A progress report needs its evidence: choose the source and copy the verbatim excerpt that reports it."
)


class TrackerForm(forms.ModelForm):
    """Every admin form: the model's own fields, plus an optional reason kept in the history."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=100,  # django-simple-history's history_change_reason column
        help_text=_("Optional; shown in the history, e.g. the source that prompted the change."),
    )


class HistoricalManyToManyForm(TrackerForm):
    """On the admin's revert page the instance is an old version, but its many-to-many values
    would be read from the current row; take them from the historical record instead, so that
    a revert restores the laws and agencies of that version too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if record is None:
            return
        for field in record._history_m2m_fields:
            if field.name in self.fields:
                target = f"{get_m2m_reverse_field_name(field)}_id"
                self.initial[field.name] = list(getattr(record, field.name).values_list(target, flat=True))


class TaskAdminForm(HistoricalManyToManyForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "title_vi",
            "vietnamese_is_translation",
            "slug",
            "description",
            "lead_agency",
            "coordinating_agencies",
            "document",
            "meeting",
            "laws",
            "assigned_on",
            "deadline",
            "deadline_precision",
            "deadline_as_stated",
            "note",
            "editor_note",
        ]


class LawReviewListAdminForm(HistoricalManyToManyForm):
    class Meta:
        model = LawReviewList
        fields = ["name", "slug", "document", "declared_count", "laws", "note", "editor_note"]


class DocumentAdminForm(TrackerForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "title_vi",
            "vietnamese_is_translation",
            "slug",
            "code",
            "code_variants",
            "kind",
            "issuing_agency",
            "issued_on",
            "issued_on_precision",
            "implements",
            "note",
            "editor_note",
        ]

    def clean_code(self):
        code = self.cleaned_data.get("code") or None
        self.check_code_is_free(code)
        return code

    def clean_code_variants(self):
        variants = self.cleaned_data.get("code_variants", "")
        # A variant answers to searches and links like the code itself, so it must be free too.
        for variant in variants.splitlines():
            self.check_code_is_free(variant.strip())
        return variants

    def check_code_is_free(self, code):
        normalized = normalize_code(code or "")
        if not normalized:
            return
        # The unique index only catches the same spelling; 57/NQ-TW duplicates 57-NQ/TW too.
        candidates = Document.objects.filter(code_key__contains=normalized).exclude(pk=self.instance.pk)
        for other in candidates.only("slug", "code", "code_key"):
            if normalized in other.code_key.split():
                raise forms.ValidationError(
                    _("The code %(code)s is already used by “%(other)s” (%(slug)s), however it is written.")
                    % {"code": code, "other": other.code or other.slug, "slug": other.slug},
                    code="duplicate_code",
                )


class CitationInlineForm(forms.ModelForm):
    """A citation edited on the page of the record it backs: the subject is that record."""

    class Meta:
        model = Citation
        fields = ["source", "excerpt"]
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 2, "cols": 60})}


class ProgressReportInlineForm(forms.ModelForm):
    """A progress report edited on its task's or document's page. Every report needs its
    evidence: a report without a citation yet takes one here (a source and the verbatim excerpt),
    saved with it by ``TrackerAdmin.save_formset``; its further citations are edited on its own page."""

    evidence_source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("publisher", "title"),
        required=False,
        label=_("Evidence: source"),
        help_text=_("The article that reports this progress: required for a new report or one without a citation yet."),
    )
    evidence_excerpt = forms.CharField(
        required=False,
        max_length=Citation._meta.get_field("excerpt").max_length,
        label=_("Evidence: verbatim excerpt"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 32}),
        help_text=_("Copied word for word from the source; further citations are added on the report's own page."),
    )

    def has_evidence(self):
        return self.instance.pk is not None and self.instance.citations.exists()

    def clean(self):
        cleaned_data = super().clean()
        source, excerpt = cleaned_data.get("evidence_source"), (cleaned_data.get("evidence_excerpt") or "").strip()
        if (source is None) != (not excerpt):
            # One without the other: name the one missing.
            missing = "evidence_excerpt" if source is not None else "evidence_source"
            self.add_error(missing, _("Give both the source and the verbatim excerpt."))
        elif source is None and (self.instance.pk is None or self.has_changed()) and not self.has_evidence():
            # A report saved now (added or changed) must have its evidence; an untouched one is not saved.
            raise forms.ValidationError(EVIDENCE_REQUIRED, code="evidence_required")
        return cleaned_data

    def save_evidence(self, reason=None):
        """The citation typed with the report, once the report is saved; None when none was typed."""
        source = self.cleaned_data.get("evidence_source")
        excerpt = (self.cleaned_data.get("evidence_excerpt") or "").strip()
        if source is None or not excerpt:
            return None
        citation = Citation(report=self.instance, source=source, excerpt=excerpt)
        citation._change_reason = reason
        citation.full_clean()
        citation.save()
        return citation

    class Meta:
        model = ProgressReport
        fields = [
            "status",
            "statement",
            "reported_on",
            "completed_on",
            "completed_on_precision",
            "note",
            "evidence_source",
            "evidence_excerpt",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2, "cols": 32}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 20}),
        }


class ProgressReportFormSet(forms.BaseInlineFormSet):
    """Progress reports inline: the sources offered for their evidence are read once for all rows."""

    @cached_property
    def source_choices(self):
        field = self.form.base_fields["evidence_source"]
        # .all(): a fresh query, not the class-level field's queryset, whose cache would keep the
        # sources of the first form ever built.
        return [("", field.empty_label), *((source.pk, str(source)) for source in field.queryset.all())]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["evidence_source"].choices = self.source_choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["evidence_source"].choices = self.source_choices
        return form


class TaskProgressReportFormSet(ProgressReportFormSet):
    """A task's progress reports, checked against the assignment date submitted with them: a
    report's own clean() skips that check while its task is unsaved, as on the task's add page."""

    def clean(self):
        super().clean()
        assigned_on = self.instance.assigned_on
        if assigned_on is None:
            return
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            completed_on = form.cleaned_data.get("completed_on")
            if completed_on and completed_on < assigned_on:
                form.add_error("completed_on", _("A task cannot be completed before it was assigned."))


class LawProgressReportInlineForm(ProgressReportInlineForm):
    class Meta(ProgressReportInlineForm.Meta):
        fields = ["status", "law_stage", *ProgressReportInlineForm.Meta.fields[1:]]


class ReportCitationFormSet(forms.BaseInlineFormSet):
    """The citations on a progress report's own page: at least one must remain."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk is not None or form.has_changed())
        ]
        if not kept:
            raise forms.ValidationError(EVIDENCE_REQUIRED, code="evidence_required")
