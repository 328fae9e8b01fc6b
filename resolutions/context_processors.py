"""Template context every public page shares: the date statuses are judged on."""

from urllib.parse import urlencode


def as_of(request):
    explicit = getattr(request, "as_of_explicit", False)
    date = getattr(request, "as_of", None)
    others = request.GET.copy()
    others.pop("as_of", None)
    return {
        "as_of": date,
        "as_of_explicit": explicit,
        # Appended to links so that a page judged on a past date links to pages judged likewise.
        "as_of_query": "?" + urlencode({"as_of": date.isoformat()}) if explicit and date else "",
        # This page judged today, with its other parameters kept.
        "today_url": request.path + (f"?{others.urlencode()}" if others else ""),
    }
