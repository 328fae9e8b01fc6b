"""Free-text search shared by the website and the API.

Every searchable model keeps ``search_text``: its searchable fields folded to lower case without
tone marks (see ``models.fold_text``), so "quoc hoi" finds "Quốc hội" on any database. Documents
also match by code however it is written: 57-NQ/TW, 57/NQ-TW and 57NQTW all reduce to 57NQTW.
"""

from django.db.models import Q

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


def search_terms(text):
    return [term for term in fold_text(text).split() if term]


def search_queryset(queryset, text):
    """Keep the rows that match every term of ``text`` somewhere in their searched paths."""
    model = queryset.model
    for term in search_terms(text):
        condition = Q()
        for path in TEXT_PATHS[model]:
            condition |= Q(**{f"{path}search_text__contains": term})
        code = normalize_code(term)
        if code:
            for path in CODE_PATHS[model]:
                condition |= Q(**{f"{path}code_key__contains": code})
        queryset = queryset.filter(condition)
    return queryset
