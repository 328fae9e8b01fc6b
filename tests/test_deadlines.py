"""Deadline, quarter and status arithmetic, without a database."""

import datetime as dt

import pytest

from resolutions.deadlines import (
    DatePrecision,
    ReportFact,
    ReportStatus,
    TaskStatus,
    derive_status,
    end_of_period,
    parse_quarter,
    precision_fits,
    quarter_bounds,
    quarter_of,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "precision", "period", "expected"),
    [
        (2025, DatePrecision.QUARTER, 2, D(2025, 6, 30)),
        (2025, DatePrecision.QUARTER, 1, D(2025, 3, 31)),
        (2025, DatePrecision.YEAR, None, D(2025, 12, 31)),
        (2025, DatePrecision.HALF, 1, D(2025, 6, 30)),
        (2025, DatePrecision.MONTH, 2, D(2025, 2, 28)),
        (2024, DatePrecision.MONTH, 2, D(2024, 2, 29)),
        (2030, DatePrecision.YEAR, None, D(2030, 12, 31)),
    ],
)
def test_stated_period_is_due_on_its_last_day(year, precision, period, expected):
    assert end_of_period(year, precision, period) == expected


@pytest.mark.parametrize(
    ("deadline", "precision", "fits"),
    [
        (D(2025, 6, 30), DatePrecision.QUARTER, True),
        (D(2025, 5, 31), DatePrecision.QUARTER, False),
        (D(2025, 6, 29), DatePrecision.QUARTER, False),
        (D(2025, 12, 31), DatePrecision.YEAR, True),
        (D(2025, 6, 30), DatePrecision.YEAR, False),
        (D(2025, 2, 28), DatePrecision.MONTH, True),
        (D(2024, 2, 28), DatePrecision.MONTH, False),
        (D(2025, 6, 30), DatePrecision.HALF, True),
        (D(2025, 9, 30), DatePrecision.HALF, False),
        (D(2025, 6, 15), DatePrecision.DAY, True),
        (None, DatePrecision.NONE, True),
        (D(2025, 6, 30), DatePrecision.NONE, False),
        (None, DatePrecision.QUARTER, False),
    ],
)
def test_precision_fits_only_period_ends(deadline, precision, fits):
    assert precision_fits(deadline, precision) is fits


def test_quarter_is_the_quarter_the_deadline_falls_in():
    assert quarter_of(D(2025, 6, 30)) == "2025-Q2"
    assert quarter_of(D(2025, 4, 1)) == "2025-Q2"
    assert quarter_of(D(2025, 3, 31)) == "2025-Q1"
    assert quarter_of(D(2045, 12, 31)) == "2045-Q4"
    assert quarter_of(None) is None


def test_quarter_bounds_cover_three_months():
    assert quarter_bounds("2025-Q2") == (D(2025, 4, 1), D(2025, 6, 30))
    assert quarter_bounds("2024-Q1") == (D(2024, 1, 1), D(2024, 3, 31))


@pytest.mark.parametrize("text", ["2025-Q5", "2025-Q0", "2025Q2", "Q2-2025", "", "2025-q2 ", None])
def test_malformed_quarter_is_rejected_with_the_accepted_form(text):
    with pytest.raises(ValueError, match="YYYY-QN"):
        parse_quarter(text)


def completed(on, known_on=None):
    return ReportFact(known_on=known_on or on, status=ReportStatus.COMPLETED, completed_on=on)


def in_progress(known_on):
    return ReportFact(known_on=known_on, status=ReportStatus.IN_PROGRESS)


Q2_2025 = D(2025, 6, 30)


def test_task_completed_by_its_deadline_is_on_time():
    assert derive_status(Q2_2025, [completed(D(2025, 6, 30))], D(2025, 12, 1)) == TaskStatus.COMPLETED_ON_TIME


def test_task_completed_after_its_deadline_is_late():
    assert derive_status(Q2_2025, [completed(D(2025, 7, 1))], D(2025, 12, 1)) == TaskStatus.COMPLETED_LATE


def test_unfinished_task_is_in_progress_until_its_deadline_and_overdue_after():
    assert derive_status(Q2_2025, [], D(2025, 6, 30)) == TaskStatus.IN_PROGRESS
    assert derive_status(Q2_2025, [], D(2025, 7, 1)) == TaskStatus.OVERDUE
    assert derive_status(Q2_2025, [in_progress(D(2025, 5, 1))], D(2025, 7, 1)) == TaskStatus.OVERDUE


def test_task_without_deadline_has_no_deadline_status_until_completed():
    assert derive_status(None, [in_progress(D(2025, 5, 1))], D(2025, 7, 1)) == TaskStatus.NO_DEADLINE
    assert derive_status(None, [completed(D(2025, 1, 10))], D(2025, 7, 1)) == TaskStatus.COMPLETED_ON_TIME


def test_as_of_ignores_reports_not_yet_known():
    # Completed in January but only reported in September: in June it was still open.
    late_news = completed(D(2025, 1, 10), known_on=D(2025, 9, 25))
    assert derive_status(D(2025, 3, 31), [late_news], D(2025, 6, 1)) == TaskStatus.OVERDUE
    assert derive_status(D(2025, 3, 31), [late_news], D(2025, 9, 25)) == TaskStatus.COMPLETED_ON_TIME


def test_latest_known_report_decides():
    reports = [completed(D(2025, 3, 1)), in_progress(D(2025, 4, 1))]
    assert derive_status(Q2_2025, reports, D(2025, 4, 2)) == TaskStatus.IN_PROGRESS
    assert derive_status(Q2_2025, reports, D(2025, 3, 15)) == TaskStatus.COMPLETED_ON_TIME


def test_completion_outranks_in_progress_statement_of_the_same_day():
    reports = [in_progress(D(2025, 3, 1)), completed(D(2025, 3, 1))]
    assert derive_status(Q2_2025, reports, D(2025, 3, 1)) == TaskStatus.COMPLETED_ON_TIME
