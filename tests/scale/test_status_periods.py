"""Stored status periods agree with ``deadlines.derive_status`` and follow every edit at once."""

import datetime as dt
import importlib
import random

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Prefetch
from django.test.utils import CaptureQueriesContext

from bench.generate import generate
from resolutions.deadlines import DatePrecision, ReportFact, ReportStatus, TaskStatus, derive_status
from resolutions.models import ProgressReport, Task, TaskStatusPeriod
from resolutions.status import FIRST_DAY, LAST_DAY, status_periods
from tests.factories import make_agency, make_report, make_task

DAY = dt.timedelta(days=1)


def periods_of(task):
    return list(task.status_periods.order_by("valid_from").values_list("status", "valid_from", "valid_until"))


def status_today(task, as_of):
    return Task.objects.with_status(as_of).get(pk=task.pk).status


def test_periods_cover_every_day_and_change_only_where_the_rule_does():
    deadline = dt.date(2025, 6, 30)
    facts = [
        ReportFact(dt.date(2025, 3, 1), ReportStatus.IN_PROGRESS, key="a"),
        ReportFact(dt.date(2025, 8, 1), ReportStatus.COMPLETED, dt.date(2025, 7, 20), key="b"),
    ]

    assert status_periods(deadline, facts) == [
        (TaskStatus.IN_PROGRESS, FIRST_DAY, deadline),
        (TaskStatus.OVERDUE, deadline + DAY, dt.date(2025, 7, 31)),
        (TaskStatus.COMPLETED_LATE, dt.date(2025, 8, 1), LAST_DAY),
    ]
    assert status_periods(None, []) == [(TaskStatus.NO_DEADLINE, FIRST_DAY, LAST_DAY)]


def test_a_same_day_completion_outranks_an_in_progress_report_whatever_the_keys(db):
    task = make_task(deadline=dt.date(2025, 6, 30))
    # By key alone ("z" > "a") the in-progress statement would win; the completion must.
    make_report(task, reported_on=dt.date(2025, 5, 1), key="z-in-progress")
    make_report(task, completed_on=dt.date(2025, 5, 1), key="a-completed")
    as_of = dt.date(2025, 5, 1)

    assert status_today(task, as_of) == TaskStatus.COMPLETED_ON_TIME
    assert Task.objects.with_status_from_reports(as_of).get(pk=task.pk).status_from_reports == (
        TaskStatus.COMPLETED_ON_TIME
    )
    facts = [report.as_fact() for report in task.progress_reports.all()]
    assert derive_status(task.deadline, facts, as_of) == TaskStatus.COMPLETED_ON_TIME


def test_two_same_day_in_progress_reports_tie_on_the_greater_key(db):
    task = make_task(deadline=dt.date(2025, 6, 30))
    make_report(task, completed_on=dt.date(2025, 4, 1), reported_on=dt.date(2025, 5, 1), key="b")
    make_report(task, reported_on=dt.date(2025, 5, 1), status=ReportStatus.IN_PROGRESS, key="a")
    as_of = dt.date(2025, 5, 2)
    expected = TaskStatus.COMPLETED_ON_TIME
    assert status_today(task, as_of) == expected
    assert Task.objects.with_status_from_reports(as_of).get(pk=task.pk).status_from_reports == expected


def change_days(tasks):
    """Every day on which some status may change, and the day before it."""
    days = set()
    for task in tasks:
        if task.deadline:
            days |= {task.deadline, task.deadline + DAY}
        for report in task.progress_reports.all():
            days |= {report.known_on - DAY, report.known_on}
    return days


def test_sql_and_python_agree_on_generated_data_across_many_dates(db):
    generate(400, seed=9, today=dt.date(2026, 6, 30))
    reports = Prefetch("progress_reports", queryset=ProgressReport.objects.order_by())
    tasks = list(Task.objects.prefetch_related(reports))
    statuses = {task.status_on(FIRST_DAY) for task in tasks}
    assert statuses  # prefetched reports: derive_status itself
    rng = random.Random(3)
    days = sorted(change_days(tasks))
    as_of_dates = sorted(
        {*rng.sample(days, 60), dt.date(2024, 1, 1), dt.date(2026, 6, 30), dt.date(2031, 1, 1), dt.date.today()}
    )
    seen = set()
    for as_of in as_of_dates:
        expected = {task.pk: task.status_on(as_of) for task in tasks}
        stored = dict(Task.objects.with_status(as_of).values_list("pk", "status"))
        from_reports = dict(Task.objects.with_status_from_reports(as_of).values_list("pk", "status_from_reports"))
        assert stored == expected, as_of
        assert from_reports == expected, as_of
        seen |= set(expected.values())
    # The data exercise every status.
    assert seen == set(TaskStatus.values)


def test_filtering_counting_and_ordering_by_status_read_the_periods(db):
    generate(200, seed=5, today=dt.date(2026, 6, 30))
    as_of = dt.date(2025, 9, 30)
    tasks = list(Task.objects.prefetch_related("progress_reports"))
    expected = {status: sum(1 for task in tasks if task.status_on(as_of) == status) for status in TaskStatus.values}

    counts = dict(
        Task.objects.with_status(as_of).order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    assert counts == {status: count for status, count in expected.items() if count}
    assert Task.objects.with_status(as_of).filter(status=TaskStatus.OVERDUE).count() == expected["overdue"]
    ordered = list(Task.objects.with_status(as_of).order_by("status", "pk").values_list("status", flat=True))
    assert ordered == sorted(ordered) and len(ordered) == len(tasks)


def test_counts_leave_the_status_join_out_only_when_nothing_reads_the_status(db):
    generate(200, seed=5, today=dt.date(2026, 6, 30))
    as_of = dt.date(2025, 9, 30)
    judged = Task.objects.judged_on(as_of)
    agency = Task.objects.exclude(lead_agency=None).values_list("lead_agency", flat=True).first()
    cases = {
        "every task": (judged, False),
        "an agency's": (judged.involving(agency), False),
        "overdue": (judged.filter(status=TaskStatus.OVERDUE), True),
        "not overdue": (judged.exclude(status=TaskStatus.OVERDUE), True),
        "ordered by status": (judged.order_by("status"), True),
        "overdue, in a subquery": (judged.filter(pk__in=judged.filter(status=TaskStatus.OVERDUE).values("pk")), False),
    }
    for name, (tasks, reads_status) in cases.items():
        with CaptureQueriesContext(connection) as captured:
            count = tasks.count()
        assert count == len(list(tasks.values_list("pk", flat=True))), name
        joins_outside_subqueries = captured.captured_queries[0]["sql"].count(' JOIN "resolutions_taskstatusperiod"')
        assert (tasks.without_unread_status() is tasks) == reads_status, name
        assert joins_outside_subqueries == (1 if reads_status else 0) or "subquery" in name, name
    assert judged.filter(status=TaskStatus.OVERDUE).count() > 0


def test_every_edit_moves_the_periods_at_once(db):
    task = make_task(deadline=dt.date(2025, 6, 30), precision=DatePrecision.QUARTER)
    july = dt.date(2025, 7, 15)
    assert status_today(task, july) == TaskStatus.OVERDUE

    report = make_report(task, completed_on=dt.date(2025, 6, 1))
    assert status_today(task, july) == TaskStatus.COMPLETED_ON_TIME

    task.deadline = dt.date(2025, 3, 31)
    task.save()
    assert status_today(task, july) == TaskStatus.COMPLETED_LATE

    other = make_task(deadline=dt.date(2025, 12, 31), precision=DatePrecision.QUARTER)
    report.task = other
    report.save()
    assert status_today(task, july) == TaskStatus.OVERDUE
    assert status_today(other, july) == TaskStatus.COMPLETED_ON_TIME

    report.delete()
    assert status_today(other, july) == TaskStatus.IN_PROGRESS

    # Reverting to an older version through the history (as the admin does) counts too.
    task.history.earliest().instance.save()
    assert Task.objects.get(pk=task.pk).deadline == dt.date(2025, 6, 30)
    assert status_today(task, dt.date(2025, 6, 30)) == TaskStatus.IN_PROGRESS


def judged_rows(as_of):
    """What a count by status reads of each task judged on ``as_of``: from the tasks joined to
    their periods, and from the periods alone (``TaskStatusPeriod.objects.judged_on``)."""
    columns = ("status", "deadline", "lead_agency")
    from_tasks = set(Task.objects.judged_on(as_of).values_list("pk", *columns))
    from_periods = set(TaskStatusPeriod.objects.judged_on(as_of).values_list("task", *columns))
    return from_tasks, from_periods


def test_the_periods_alone_judge_the_same_tasks_on_generated_data_on_any_date(db):
    generate(300, seed=11, today=dt.date(2026, 6, 30))
    rng = random.Random(5)
    days = sorted(change_days(Task.objects.prefetch_related("progress_reports")))
    for as_of in sorted({*rng.sample(days, 25), dt.date(2024, 12, 21), dt.date(2025, 9, 25), dt.date(2031, 1, 1)}):
        from_tasks, from_periods = judged_rows(as_of)
        assert from_periods == from_tasks, as_of
        # One row per task: no task is judged twice, none assigned later is judged.
        assert len(from_periods) == TaskStatusPeriod.objects.judged_on(as_of).count(), as_of
    assert len(judged_rows(dt.date(2024, 12, 21))[1]) < len(judged_rows(dt.date(2031, 1, 1))[1])


def test_the_periods_copies_follow_every_edit_of_the_task(db):
    first, second = make_agency(), make_agency()
    task = make_task(deadline=dt.date(2025, 6, 30), lead_agency=first, assigned_on=dt.date(2025, 1, 10))
    make_report(task, reported_on=dt.date(2025, 3, 1))
    as_of = dt.date(2025, 5, 1)
    assert judged_rows(as_of)[1] == {(task.pk, TaskStatus.IN_PROGRESS, dt.date(2025, 6, 30), first.pk)}

    task.lead_agency = second
    task.save()
    assert judged_rows(as_of)[1] == {(task.pk, TaskStatus.IN_PROGRESS, dt.date(2025, 6, 30), second.pk)}

    # A task loaded with some columns deferred is recomputed, whatever changed.
    partial = Task.objects.only("slug").get(pk=task.pk)
    partial.assigned_on = dt.date(2025, 5, 2)
    partial.save()
    assert judged_rows(as_of) == (set(), set())
    assert judged_rows(dt.date(2025, 5, 2))[1] == {(task.pk, TaskStatus.IN_PROGRESS, dt.date(2025, 6, 30), second.pk)}

    task = Task.objects.get(pk=task.pk)
    task.lead_agency, task.assigned_on, task.deadline = None, dt.date(2025, 4, 1), dt.date(2025, 4, 30)
    task.save()
    from_tasks, from_periods = judged_rows(dt.date(2025, 5, 2))
    assert from_periods == from_tasks == {(task.pk, TaskStatus.OVERDUE, dt.date(2025, 4, 30), None)}


def test_the_migration_fills_the_copies_of_existing_periods(db):
    migration = importlib.import_module("resolutions.migrations.0009_status_periods_copy_task_columns")
    generate(50, seed=2, today=dt.date(2026, 6, 30))
    expected = judged_rows(dt.date(2025, 9, 25))[0]
    TaskStatusPeriod.objects.update(deadline=None, lead_agency=None, assigned_on=None)
    assert judged_rows(dt.date(2025, 9, 25))[1] != expected

    migration.copy_task_columns(django_apps, connection.schema_editor())
    assert judged_rows(dt.date(2025, 9, 25))[1] == expected


def test_deleting_a_task_with_reports_leaves_no_periods(db):
    task = make_task(deadline=dt.date(2025, 6, 30))
    make_report(task, reported_on=dt.date(2025, 5, 1))
    make_report(task, completed_on=dt.date(2025, 5, 2))
    task.delete()
    assert not TaskStatusPeriod.objects.exists()


def test_each_task_has_one_period_on_each_day(db):
    task = make_task(deadline=dt.date(2025, 6, 30))
    make_report(task, reported_on=dt.date(2025, 4, 1))
    make_report(task, completed_on=dt.date(2025, 7, 3))
    periods = periods_of(task)
    assert periods[0][1] == FIRST_DAY and periods[-1][2] == LAST_DAY
    for (_status, _start, until), (_next_status, next_start, _until) in zip(periods, periods[1:], strict=False):
        assert next_start == until + DAY
    assert Task.objects.with_status(dt.date(2025, 7, 1)).count() == 1


def test_the_curated_load_fills_the_periods_of_every_task(curated):
    today = dt.date.today()
    tasks = list(Task.objects.prefetch_related("progress_reports"))
    assert tasks
    assert dict(Task.objects.with_status(today).values_list("pk", "status")) == {
        task.pk: task.status_on(today) for task in tasks
    }
    # Loading again changes nothing.
    call_command("load_curated", verbosity=0)
    assert dict(Task.objects.with_status(today).values_list("pk", "status")) == {
        task.pk: task.status_on(today) for task in tasks
    }


def test_status_on_without_prefetch_reads_the_stored_period(db, django_assert_num_queries):
    task = make_task(deadline=dt.date(2025, 6, 30))
    make_report(task, completed_on=dt.date(2025, 6, 2))
    task = Task.objects.get(pk=task.pk)
    with django_assert_num_queries(1):  # the period covering the day
        assert task.status_on(dt.date(2025, 6, 3)) == TaskStatus.COMPLETED_ON_TIME
