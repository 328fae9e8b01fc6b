"""What changed, from the edit history (django-simple-history): the /changes/ page and its Atom
feed, and the "last changed on" line of each record's page.

The history of every tracked model is read as one list, newest first: a UNION ALL of the
history tables, each filtered by the bound ``filters.ChangeFilter`` and ordered by its indexed
``history_date``, so a page costs the same at 100,000 history rows as at 100. A page's entries
are then completed with a bounded number of queries (at most three per kind of record on the
page, and one per kind of record a report or excerpt is about), never one per row. Editors' names and their
notes are never shown.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Max, OuterRef, Subquery, Value
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import localized

# Fields a reader is not shown: the editors' own, and the search columns derived on save.
HIDDEN_FIELDS = {"editor_note", "search_text", "search_title", "search_vector"}
ACTIONS = {"+": _("%(kind)s added"), "~": _("%(kind)s changed"), "-": _("%(kind)s deleted")}
# What a record without a page of its own is about, in the order looked at.
SUBJECT_FIELDS = ("task", "law", "document", "review_list", "agency", "figure")
LABEL_FIELDS = ("title", "name", "label", "statement", "excerpt", "slug", "key")


def tracked_models():
    """The tracker's models whose changes are recorded, in a fixed order."""
    models = [
        model
        for model in apps.get_app_config("resolutions").get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]
    return sorted(models, key=lambda model: model._meta.model_name)


def history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def change_rows(filterset):
    """(history_date, history_id, kind) of every recorded change the bound ``filterset``
    (``filters.ChangeFilter``) lets through, newest first; ``kind`` indexes ``tracked_models()``."""
    parts = [
        filterset.filter_queryset(history_model(model).objects.all())
        .order_by()
        .annotate(tracked_kind=Value(index))
        .values_list("history_date", "history_id", "tracked_kind")
        for index, model in enumerate(tracked_models())
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id", "tracked_kind")


@dataclass
class Change:
    when: object
    kind: str
    action: str
    name: str
    url: str | None
    fields: list = field(default_factory=list)
    key: str = ""


def record_label(row):
    for name in LABEL_FIELDS:
        value = getattr(row, name, None)
        if value:
            text = localized(row, name) if hasattr(row, f"{name}_vi") else str(value)
            return text if len(text) <= 120 else text[:119] + "…"
    return str(row.pk)


def public_fields(model):
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.name not in HIDDEN_FIELDS and not model_field.primary_key
    ]


def changed_fields(model, row, previous):
    """Verbose names of the public fields that differ between two versions."""
    if previous is None:
        return []
    return [
        str(model_field.verbose_name)
        for model_field in public_fields(model)
        if getattr(row, model_field.attname) != getattr(previous, model_field.attname)
    ]


def entries(rows):
    """[Change] for ``rows`` from ``change_rows``, in their order."""
    models = tracked_models()
    by_kind = {}
    for _when, history_id, kind in rows:
        by_kind.setdefault(kind, []).append(history_id)

    versions, previous, wanted, existing = {}, {}, {}, set()
    for kind, ids in by_kind.items():
        historical = history_model(models[kind])
        earlier = historical.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
            "-history_date", "-history_id"
        )
        fetched = list(
            historical.objects.filter(history_id__in=ids).annotate(
                previous_id=Subquery(earlier.values("history_id")[:1])
            )
        )
        versions.update({(kind, row.history_id): row for row in fetched})
        previous_ids = [row.previous_id for row in fetched if row.previous_id and row.history_type == "~"]
        if previous_ids:
            previous.update(
                {(kind, row.history_id): row for row in historical.objects.filter(history_id__in=previous_ids)}
            )
        if hasattr(models[kind], "get_absolute_url"):
            # A record deleted since has no page to link to.
            ids = {row.id for row in fetched}
            existing.update((kind, pk) for pk in models[kind].objects.filter(pk__in=ids).values_list("pk", flat=True))
        else:
            for row in fetched:
                name = subject_field(row)
                if name:
                    related = historical._meta.get_field(name).related_model
                    wanted.setdefault(related, set()).add(getattr(row, f"{name}_id"))
    subjects = {related: related.objects.only("pk", "slug").in_bulk(ids) for related, ids in wanted.items()}

    changes = []
    for when, history_id, kind in rows:
        model, row = models[kind], versions[(kind, history_id)]
        changes.append(
            Change(
                when=when,
                kind=model._meta.verbose_name,
                action=capfirst(ACTIONS[row.history_type] % {"kind": model._meta.verbose_name}),
                name=record_label(row),
                url=record_url(model, row, subjects, (kind, row.id) in existing),
                fields=changed_fields(model, row, previous.get((kind, row.previous_id))),
                key=f"{model._meta.model_name}-{history_id}",
            )
        )
    return changes


def subject_field(row):
    """The name of the foreign key naming what a report or an excerpt is about; None if none."""
    return next((name for name in SUBJECT_FIELDS if getattr(row, f"{name}_id", None) is not None), None)


def record_url(model, row, subjects, exists):
    """The page of the record, or of what a report or excerpt is about; None when it has none."""
    if hasattr(model, "get_absolute_url"):
        # A bare record with the version's slug, which is all an address needs: ``row.instance``
        # reads the fields the history leaves out (the search vector) again, a query a row.
        return model(id=row.id, slug=row.slug).get_absolute_url() if exists else None
    name = subject_field(row)
    if name is None:
        return None
    related = type(row)._meta.get_field(name).related_model
    subject = subjects.get(related, {}).get(getattr(row, f"{name}_id"))
    if subject is None:
        return None
    anchor = getattr(row, "key", "")
    return subject.get_absolute_url() + (f"#{anchor}" if anchor else "")


def last_changed(record):
    """When ``record`` or a report or excerpt about it last changed (its latest recorded version);
    None when no change is recorded. One query."""
    model = type(record)
    parts = [history_model(model).objects.filter(id=record.pk)]
    for related in tracked_models():
        for related_field in related._meta.concrete_fields:
            if related_field.is_relation and related_field.related_model is model and related is not model:
                parts.append(history_model(related).objects.filter(**{related_field.attname: record.pk}))
    latest = [
        part.order_by().annotate(everything=Value(1)).values("everything").annotate(latest=Max("history_date"))
        for part in parts
    ]
    dates = [row["latest"] for row in latest[0].union(*latest[1:], all=True) if row["latest"] is not None]
    return max(dates, default=None)
