"""Deadline, quarter and status arithmetic: small pure functions, tested without a database."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half-year")
    YEAR = "year", _("year")
    NONE = "none", _("none (no date)")


class TaskStatus(models.TextChoices):
    """The Government Office's task-monitoring categories, plus tasks with no deadline."""

    COMPLETED_ON_TIME = "completed_on_time", _("completed on time")
    COMPLETED_LATE = "completed_late", _("completed late")
    IN_PROGRESS = "in_progress", _("in progress")
    OVERDUE = "overdue", _("overdue")
    NO_DEADLINE = "no_deadline", _("no deadline")


class ReportStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("reported in progress")
    COMPLETED = "completed", _("completed")


# Years 0001 to 9999, the range of Python's dates.
QUARTER_PATTERN = re.compile(r"^(?P<year>(?!0000)[0-9]{4})-Q(?P<quarter>[1-4])\Z")


def end_of_month(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def end_of_period(year, precision, period=None):
    """The last day of a stated period: ``period`` is the month (1-12), quarter (1-4) or half (1-2)."""
    if precision == DatePrecision.YEAR:
        return dt.date(year, 12, 31)
    if precision == DatePrecision.HALF:
        return end_of_month(year, 6 * period)
    if precision == DatePrecision.QUARTER:
        return end_of_month(year, 3 * period)
    if precision == DatePrecision.MONTH:
        return end_of_month(year, period)
    raise ValueError(f"end_of_period does not apply to precision {precision!r}")


def precision_fits(deadline, precision):
    """Whether a deadline date is the last day of a period of the given precision."""
    if precision == DatePrecision.NONE:
        return deadline is None
    if deadline is None:
        return False
    if precision == DatePrecision.DAY:
        return True
    if precision == DatePrecision.MONTH:
        return deadline == end_of_month(deadline.year, deadline.month)
    if precision == DatePrecision.QUARTER:
        return deadline.month % 3 == 0 and deadline == end_of_month(deadline.year, deadline.month)
    if precision == DatePrecision.HALF:
        return deadline.month in (6, 12) and deadline == end_of_month(deadline.year, deadline.month)
    if precision == DatePrecision.YEAR:
        return (deadline.month, deadline.day) == (12, 31)
    return False


def quarter_of(date):
    """``2025-Q2`` for any date in April to June 2025; None for no date."""
    if date is None:
        return None
    return f"{date.year}-Q{(date.month - 1) // 3 + 1}"


def parse_quarter(text):
    """``"2025-Q2"`` -> (2025, 2). Raises ValueError naming the accepted form."""
    match = QUARTER_PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a quarter; use the form YYYY-QN with N from 1 to 4, e.g. 2025-Q2.")
    return int(match["year"]), int(match["quarter"])


def quarter_bounds(text):
    """First and last day of a quarter given as ``2025-Q2``."""
    year, quarter = parse_quarter(text)
    return dt.date(year, 3 * quarter - 2, 1), end_of_month(year, 3 * quarter)


@dataclass(frozen=True)
class ReportFact:
    """What status derivation needs of a progress report."""

    known_on: dt.date
    status: str
    completed_on: dt.date | None = None
    key: str = ""  # breaks a full tie, as the database does


def derive_status(deadline, reports, as_of):
    """A task's status on ``as_of`` from its deadline and the reports known by then.

    The latest report known on or before ``as_of`` decides whether the task is complete; a
    completion is on time when it falls on or before the deadline (a task without a deadline
    cannot be late). Reports known only after ``as_of`` are ignored.
    """
    known = [report for report in reports if report.known_on <= as_of]
    # On a tie, a completion outranks an in-progress statement of the same day, then the
    # greater key wins (``TaskQuerySet.with_status`` orders the same way).
    latest = max(
        known,
        key=lambda report: (report.known_on, report.status == ReportStatus.COMPLETED, report.key),
        default=None,
    )
    if latest is not None and latest.status == ReportStatus.COMPLETED and latest.completed_on:
        if deadline is None or latest.completed_on <= deadline:
            return TaskStatus.COMPLETED_ON_TIME
        return TaskStatus.COMPLETED_LATE
    if deadline is None:
        return TaskStatus.NO_DEADLINE
    if deadline < as_of:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_PROGRESS
