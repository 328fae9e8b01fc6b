"""Admin forms for the editors.

The exact rules live on the models (``clean()`` and named constraints, which ModelForm runs);
these forms only add what a single row cannot know, such as a document code that is already
taken under another spelling, and keep inline forms to the fields an editor fills in there.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from .models import Citation, Document, LawReviewList, ProgressReport, Task, normalize_code


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
    """A progress report edited on its task's or document's page."""

    class Meta:
        model = ProgressReport
        fields = ["status", "statement", "reported_on", "completed_on", "completed_on_precision", "note"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2, "cols": 32}),
            "note": forms.Textarea(attrs={"rows": 2, "cols": 20}),
        }


class TaskProgressReportFormSet(forms.BaseInlineFormSet):
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
