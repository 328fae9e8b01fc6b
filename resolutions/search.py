"""Free-text search shared by the website and the API.

Every searchable model keeps ``search_text``: its searchable fields folded to lower case without
tone marks (see ``models.fold_text``), so "quoc hoi" finds "Quốc hội" on any database. Documents
also match by code however it is written: 57-NQ/TW, 57/NQ-TW and 57NQTW all reduce to 57NQTW.

On PostgreSQL the words are matched with full-text search (the "simple" configuration, since the
text is already folded): each word of the query must begin a word of the record. Elsewhere a
word must appear anywhere in the folded text. Codes match the same way on both.
"""

import re

from django.db import connection
from django.db.models import F, Func, Q, TextField, Value

from .models import Agency, Document, Law, Task, fold_text, normalize_code

# Where each model's search looks: its own folded text and that of rows reached by foreign keys
# (never many-to-many, so results need no DISTINCT), and the codes of related documents.
TEXT_PATHS = {
    Task: ("", "lead_agency__", "document__"),
    Law: ("",),
    Document: ("", "issuing_agency__"),
    Agency: ("",),
}
CODE_PATHS = {
    Task: ("document__", "meeting__concerns__"),
    Law: (),
    Document: ("",),
    Agency: (),
}


MAX_SEARCH_LENGTH = 200
MAX_SEARCH_TERMS = 10


def search_terms(text):
    """The distinct folded words of ``text``, in order."""
    return list(dict.fromkeys(term for term in fold_text(text).split() if term))


def _words(term):
    return re.findall(r"[^\W_]+", term)


def search_queryset(queryset, text):
    """Keep the rows that match every term of ``text`` somewhere in their searched paths."""
    if connection.vendor == "postgresql":
        return _full_text_search(queryset, text)
    model = queryset.model
    for term in search_terms(text):
        condition = Q()
        # "57/nq-tw" is found in text that reads "57-nq/tw": every piece must appear.
        pieces = _words(term) or [term]
        for path in TEXT_PATHS[model]:
            condition |= Q(*(Q(**{f"{path}search_text__contains": piece}) for piece in pieces))
        code = normalize_code(term)
        if code:
            for path in CODE_PATHS[model]:
                condition |= Q(**{f"{path}code_key__contains": code})
        queryset = queryset.filter(condition)
    return queryset


def _words_only(expression):
    # The default parser reads "57-nq/tw" as a file path; plain words give plain lexemes.
    return Func(
        expression,
        Value(r"[^[:alnum:]]+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _full_text_search(queryset, text):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    model = queryset.model
    vector = SearchVector(*(_words_only(F(f"{path}search_text")) for path in TEXT_PATHS[model]), config="simple")
    queryset = queryset.alias(search_vector=vector)
    for term in search_terms(text):
        words = _words(term)
        condition = Q()
        if words:
            prefixes = " & ".join(f"{word}:*" for word in words)
            condition |= Q(search_vector=SearchQuery(prefixes, search_type="raw", config="simple"))
        code = normalize_code(term)
        if code:
            for path in CODE_PATHS[model]:
                condition |= Q(**{f"{path}code_key__contains": code})
        if condition:
            queryset = queryset.filter(condition)
    return queryset
