"""How current the data is: the newest information's date and the wording of deadlines passed since."""

import datetime as dt

from django import template
from django.utils import formats
from django.utils.translation import get_language

from resolutions import models

register = template.Library()


@register.filter
def long_date(date):
    """A date written out, as the banner says it: "25 September 2025", "25 tháng 9 năm 2025"."""
    if not isinstance(date, dt.date):
        return ""
    if (get_language() or "").startswith("vi"):
        return f"{date.day} tháng {date.month} năm {date.year}"
    return formats.date_format(date, "j F Y")


@register.simple_tag
def no_report_since_deadline(task, newest_information_date):
    """Whether ``task`` reads "overdue" only because nothing newer than its deadline is known;
    ``task.status`` is the status annotated by the selector. A page whose view gives no date (an
    empty template variable) keeps the plain status."""
    if not isinstance(newest_information_date, dt.date):
        return False
    return models.no_report_since_deadline(getattr(task, "status", None), task.deadline, newest_information_date)


@register.simple_tag
def last_reported_on(task, as_of):
    """The date of the latest report on ``task`` known on ``as_of`` (from its prefetched reports)."""
    return task.last_reported_on(as_of)
