"""Free-text search shared by the website, the API and the admin.

Every searchable model (``models.Searchable``) stores ``search_text``: its searched fields, those
of the records it is found through (a task's lead agency and document) and the normalized codes
of its documents (57-NQ/TW, 57/NQ-TW and 57NQTW all give ``57nqtw``), folded to lower case
without tone marks, so "quoc hoi" finds "Quốc hội". One stored column per row means a search
reads one table and, on PostgreSQL, one GIN index.

A term matches when each of its words begins a word of the record, or when its letters and
digits run together (its code) do: "khoa hoc" finds "Khoa học", "57/NQ-TW" finds 57-NQ/TW. On
PostgreSQL this is a full-text prefix search ("simple" configuration) on ``search_vector``, the
stored and GIN-indexed vector of those words that the database writes with them (migration
0013); elsewhere, LIKE on the same stored words, with the same results.

``ranked_search`` also orders the matches: an exact code or title first, then matches in the
title, then the rest.
"""

import re

from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.signals import post_save, pre_save

from .models import Agency, Document, Law, Meeting, Task, fold_text, normalize_code

SEARCHABLE_MODELS = (Task, Law, Document, Agency)
# Kept for callers that ask whether a model is searchable.
TEXT_PATHS = {model: ("",) for model in SEARCHABLE_MODELS}

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 10

RANK_EXACT, RANK_TITLE, RANK_OTHER = 0, 1, 2


def search_terms(text):
    """The distinct folded words of ``text``, in order."""
    return list(dict.fromkeys(term for term in fold_text(text).split() if term))


def _words(term):
    return re.findall(r"[^\W_]+", term)


def search_vector():
    """The full-text vector of ``search_text``, as migration 0010 indexed it; since migration 0013
    PostgreSQL stores it in ``search_vector`` instead (computing it on each row a search read in
    the list's order cost 65 microseconds a row). The stored text is already plain words
    (``models.search_words``), so the parser never sees "57-nq/tw" as a file path."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("search_text", config="simple")


def _begins_a_word(field, word):
    # The stored text is words separated by single spaces (``models.search_words``).
    return Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})


def search_queryset(queryset, text):
    """Keep the rows that match every term of ``text``."""
    terms = [(_words(term), normalize_code(term).lower()) for term in search_terms(text)]
    terms = [(words, code) for words, code in terms if words or code]
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return _full_text_search(queryset, terms)
    for words, code in terms:
        condition = Q(*(_begins_a_word("search_text", word) for word in words)) if words else Q(pk__in=[])
        if code:
            condition |= _begins_a_word("search_text", code)
        queryset = queryset.filter(condition)
    return queryset


def _full_text_search(queryset, terms):
    from django.contrib.postgres.search import SearchQuery

    # One tsquery for the whole text, so the index answers it in one scan:
    # (57:* & nq:* & tw:*) | 57nqtw:*  for each term, the terms joined by &.
    clauses = []
    for words, code in terms:
        options = [" & ".join(f"{word}:*" for word in words)] if words else []
        if code and [code] != words:
            options.append(f"{code}:*")
        clauses.append("(" + " | ".join(f"({option})" for option in options) + ")")
    query = SearchQuery(" & ".join(clauses), search_type="raw", config="simple")
    return queryset.filter(search_vector=query)


def search_rank(model, text):
    """0 for an exact code or title, 1 when every word begins a word of a title, 2 otherwise."""
    words = [word for term in search_terms(text) for word in _words(term)]
    exact = Q(search_title__contains="\n" + " ".join(words) + "\n") if words else Q(pk__in=[])
    code = normalize_code(text)
    if code and model is Document:
        exact |= (
            Q(code_key=code)
            | Q(code_key__startswith=f"{code} ")
            | Q(code_key__endswith=f" {code}")
            | Q(code_key__contains=f" {code} ")
        )
    in_title = Q(*(Q(search_title__contains=f"\n{word}") | Q(search_title__contains=f" {word}") for word in words))
    return Case(
        When(exact, then=Value(RANK_EXACT)),
        When(in_title, then=Value(RANK_TITLE)),
        default=Value(RANK_OTHER),
        output_field=IntegerField(),
    )


def ranked_search(queryset, text):
    """``search_queryset`` annotated with ``search_rank`` and ordered by it, then by the
    queryset's own order (its model's default order when it has none)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    matches = search_queryset(queryset, text)
    if not search_terms(text):
        return matches
    return matches.annotate(search_rank=search_rank(queryset.model, text)).order_by("search_rank", *ordering)


def refresh_search_fields(queryset, batch_size=1000):
    """Recompute ``search_text`` of the rows in ``queryset`` (after a record they are found
    through changed); returns how many rows were rewritten."""
    model = queryset.model
    related = [path.replace(".", "__") for path in (*model.searched_relations, *model.searched_codes) if path]
    changed = []
    for record in queryset.select_related(*related).order_by("pk").iterator(chunk_size=batch_size):
        before = record.search_text
        record.fill_search_fields()
        if record.search_text != before:
            changed.append(record)
    model.objects.bulk_update(changed, ["search_text"], batch_size=batch_size)
    return len(changed)


# Records other rows are found through: when what they lend changes, those rows are refreshed.
LENDERS = {
    Agency: [(Task, "lead_agency"), (Document, "issuing_agency")],
    Document: [(Task, "document"), (Task, "meeting__concerns")],
    Meeting: [(Task, "meeting")],
}


def _lent_text(record):
    if record is None:
        return None
    if isinstance(record, Meeting):
        return record.concerns_id
    return (record.own_search_text(), getattr(record, "code_key", ""))


def _remember_lent_text(sender, instance, **kwargs):
    stored = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._lent_text_before = _lent_text(stored)


def _refresh_borrowers(sender, instance, created, **kwargs):
    if created or _lent_text(instance) == getattr(instance, "_lent_text_before", None):
        return
    for model, path in LENDERS[sender]:
        refresh_search_fields(model.objects.filter(**{path: instance}))


def connect():
    for model in LENDERS:
        label = model._meta.label_lower
        pre_save.connect(_remember_lent_text, sender=model, dispatch_uid=f"search_{label}_remember")
        post_save.connect(_refresh_borrowers, sender=model, dispatch_uid=f"search_{label}_refresh")
