"""Text in another language than the page's, marked with its ``lang`` (WCAG 3.1.2), so that a
screen reader reads English titles on a Vietnamese page with English pronunciation."""

from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from ..models import localized


def page_language():
    return (get_language() or "vi").split("-")[0]


def in_language(value, language):
    """``value`` wrapped in ``<span lang="…">`` when ``language`` is not the page's; empty stays empty."""
    if value in (None, ""):
        return ""
    if language == page_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', language, value)


def localized_marked(record, field):
    """``localized`` for the page's text: the English fallback of a record with no Vietnamese
    ``<field>_vi`` is marked ``lang="en"`` on a Vietnamese page."""
    value = localized(record, field)
    shown_language = "vi" if value and value == getattr(record, f"{field}_vi", None) else "en"
    return in_language(value, shown_language)
