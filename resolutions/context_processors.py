"""Template context every public page shares: the date statuses are judged on."""

from urllib.parse import urlencode


def as_of(request):
    bound = getattr(request, "bound_query", None)
    if bound is None:  # the admin, or a page that failed before binding
        return {"as_of": None, "as_of_explicit": False, "as_of_query": ""}
    return {
        "as_of": bound.as_of,
        "as_of_explicit": bound.as_of_explicit,
        # Appended to links so that a page judged on a past date links to pages judged likewise.
        "as_of_query": "?" + urlencode({"as_of": bound.as_of.isoformat()}) if bound.as_of_explicit else "",
    }
