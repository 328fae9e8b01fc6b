"""Template context every public page shares: the date statuses are judged on, and how current
the data is (the date of the newest information, shown in the banner of every page)."""

from urllib.parse import urlencode


def as_of(request):
    bound = getattr(request, "bound_query", None)
    if bound is None:  # the admin, or a page that failed before binding
        return {"as_of": None, "as_of_explicit": False, "as_of_query": "", "newest_information_on": None}
    return {
        "as_of": bound.as_of,
        "as_of_explicit": bound.as_of_explicit,
        # Appended to links so that a page judged on a chosen date links to pages judged likewise.
        "as_of_query": "?" + urlencode({"as_of": bound.as_of.isoformat()}) if bound.as_of_explicit else "",
        "newest_information_on": bound.newest_information_on,
    }
