"""The home page's and the agencies' counts, grouped over the status periods alone, say what the
tasks themselves say: checked against the tasks counted one by one in Python, on generated data
and on several judging dates."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Prefetch

from bench.generate import generate
from resolutions import selectors
from resolutions.deadlines import TaskStatus
from resolutions.models import ProgressReport, Task

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def tasks(db):
    generate(300, seed=13, today=TODAY)
    reports = Prefetch("progress_reports", queryset=ProgressReport.objects.order_by())
    return list(Task.objects.prefetch_related(reports))


def judged_one_by_one(tasks, as_of):
    """[(task, status on as_of)] of the tasks already assigned on ``as_of``."""
    return [(task, task.status_on(as_of)) for task in tasks if task.assigned_on is None or task.assigned_on <= as_of]


@pytest.mark.parametrize("as_of", [dt.date(2025, 1, 15), dt.date(2025, 9, 25), TODAY, dt.date(2031, 1, 1)])
def test_the_dashboards_counts_are_the_tasks_counted_one_by_one(tasks, as_of):
    judged = judged_one_by_one(tasks, as_of)
    dashboard = selectors.dashboard(as_of)

    per_quarter = {quarter: +statuses for quarter, statuses in dashboard["quarters"]}
    expected = {}
    for task, status in judged:
        expected.setdefault(task.quarter, Counter())[status] += 1
    assert per_quarter == expected
    assert dashboard["total"] == len(judged)
    totals = {value: count for value, _label, count in dashboard["status_counts"]}
    assert totals == {value: sum(1 for _task, status in judged if status == value) for value in TaskStatus.values}
    assert None in per_quarter and len(per_quarter) > 4  # undated tasks and several quarters


def test_overdue_tasks_due_after_the_newest_information_are_counted_apart(tasks):
    as_of, newest = dt.date(2031, 1, 1), TODAY
    overdue = [task for task, status in judged_one_by_one(tasks, as_of) if status == TaskStatus.OVERDUE]
    unreported = [task for task in overdue if task.deadline >= newest]
    dashboard = selectors.dashboard(as_of, newest_information_on=newest)

    assert dashboard["unreported_count"] == len(unreported) > 0
    assert dashboard["overdue_count"] == len(overdue) - len(unreported) > 0
    totals = {value: count for value, _label, count in dashboard["status_counts"]}
    assert totals[TaskStatus.OVERDUE] == len(overdue) - len(unreported)


@pytest.mark.parametrize("as_of", [dt.date(2025, 9, 25), dt.date(2031, 1, 1)])
def test_each_agencys_record_is_its_tasks_counted_one_by_one(tasks, as_of):
    expected = Counter()
    for task, status in judged_one_by_one(tasks, as_of):
        if task.lead_agency_id is None:
            continue
        expected[(task.lead_agency_id, "led")] += 1
        if task.deadline is not None:
            for field, value in [
                ("on_time", TaskStatus.COMPLETED_ON_TIME),
                ("late", TaskStatus.COMPLETED_LATE),
                ("overdue", TaskStatus.OVERDUE),
            ]:
                expected[(task.lead_agency_id, field)] += status == value

    records = [record for _agency, record in selectors.agency_list(as_of) if record is not None]
    counted = Counter()
    for record in records:
        for field in ("led", "on_time", "late", "overdue"):
            counted[(record.agency.pk, field)] = getattr(record, field)
    assert +counted == +expected
    assert sum(record.overdue for record in records) > 0
    # The home page's top agencies are the first of the same records.
    top = selectors.dashboard(as_of)["agency_records"]
    assert [(record.agency.pk, record.led) for record in top] == [
        (record.agency.pk, record.led)
        for record in selectors.agency_records_of(
            {record.agency.pk: (record.led, record.on_time, record.late, record.overdue) for record in records},
            {record.agency.pk: record.agency for record in records},
        )[: selectors.TOP_AGENCIES]
    ]
