"""Involvement rows (a status period seen from each agency involved in its task) name exactly the
tasks an agency leads or coordinates, with the status they had on any date, and follow every
edit at once: of the task, of its coordinating agencies from either side, of its reports."""

import datetime as dt
import importlib
import random

from django.core.management import call_command
from django.db import connection

from bench.generate import generate
from resolutions.models import Agency, InvolvementPeriod, Task
from tests.factories import make_agency, make_report, make_task

FILL = importlib.import_module("resolutions.migrations.0012_involvement_periods").FILL_FROM_PERIODS


def from_tasks(as_of):
    """{(task, agency, leads, status, deadline)} of the tasks judged on ``as_of``, one by one."""
    rows = set()
    for task in Task.objects.judged_on(as_of).select_related("lead_agency").prefetch_related("coordinating_agencies"):
        agencies = {task.lead_agency_id: True} if task.lead_agency_id else {}
        for agency in task.coordinating_agencies.all():
            agencies.setdefault(agency.pk, False)
        rows |= {(task.pk, agency, leads, task.status, task.deadline) for agency, leads in agencies.items()}
    return rows


def from_involvements(as_of):
    columns = ("task", "agency", "leads", "status", "deadline")
    rows = list(InvolvementPeriod.objects.judged_on(as_of).values_list(*columns))
    assert len(rows) == len(set(rows)), "a task is judged twice for one agency"
    return set(rows)


def test_involvement_rows_judge_the_tasks_of_every_agency_on_any_date(db):
    generate(300, seed=23, today=dt.date(2026, 6, 30))
    rng = random.Random(3)
    days = [dt.date(2024, 12, 21), dt.date(2025, 9, 25), dt.date(2031, 1, 1)]
    days += [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(900)) for _ in range(8)]
    for as_of in days:
        assert from_involvements(as_of) == from_tasks(as_of), as_of
    # The same tasks as the union of led and coordinated tasks that the agency page lists.
    as_of = dt.date(2025, 9, 25)
    judged = Task.objects.judged_on(as_of)
    for agency in Agency.objects.filter(slug__startswith="gen-")[:10]:
        for lead_only in (False, True):
            rows = InvolvementPeriod.objects.judged_on(as_of).involving(agency, lead_only=lead_only)
            tasks = judged.involving(agency, lead_only=lead_only)
            assert set(rows.values_list("task", flat=True)) == set(tasks.values_list("pk", flat=True))


def test_involvement_rows_follow_every_edit(db):
    first, second, third = make_agency(), make_agency(), make_agency()
    task = make_task(deadline=dt.date(2025, 6, 30), lead_agency=first, assigned_on=dt.date(2025, 1, 10))
    as_of = dt.date(2025, 7, 15)

    def rows():
        assert from_involvements(as_of) == from_tasks(as_of)
        return {(agency, leads, status) for _task, agency, leads, status, _deadline in from_involvements(as_of)}

    assert rows() == {(first.pk, True, "overdue")}
    task.coordinating_agencies.add(second, third)
    assert rows() == {(first.pk, True, "overdue"), (second.pk, False, "overdue"), (third.pk, False, "overdue")}
    task.coordinating_agencies.remove(third)
    assert rows() == {(first.pk, True, "overdue"), (second.pk, False, "overdue")}
    # From the agency's side, and a coordinating agency that also leads counts once, as the lead.
    first.coordinated_tasks.add(task)
    third.coordinated_tasks.add(task)
    assert rows() == {(first.pk, True, "overdue"), (second.pk, False, "overdue"), (third.pk, False, "overdue")}
    third.coordinated_tasks.clear()
    assert rows() == {(first.pk, True, "overdue"), (second.pk, False, "overdue")}
    second.coordinated_tasks.remove(task)
    assert rows() == {(first.pk, True, "overdue")}
    task.coordinating_agencies.set([second])
    assert rows() == {(first.pk, True, "overdue"), (second.pk, False, "overdue")}

    make_report(task, completed_on=dt.date(2025, 6, 1))
    assert rows() == {(first.pk, True, "completed_on_time"), (second.pk, False, "completed_on_time")}
    task.lead_agency = third
    task.save()
    assert rows() == {(third.pk, True, "completed_on_time"), (second.pk, False, "completed_on_time")}
    task.coordinating_agencies.clear()
    assert rows() == {(third.pk, True, "completed_on_time")}

    task.delete()
    assert not InvolvementPeriod.objects.exists()


def test_deleting_a_coordinating_agency_takes_its_rows(db):
    lead, coordinating = make_agency(), make_agency()
    task = make_task(deadline=dt.date(2025, 6, 30), lead_agency=lead)
    task.coordinating_agencies.add(coordinating)
    coordinating.delete()
    assert from_involvements(dt.date(2025, 7, 1)) == from_tasks(dt.date(2025, 7, 1))
    assert set(InvolvementPeriod.objects.values_list("agency", flat=True)) == {lead.pk}


def test_the_migration_fills_the_rows_of_existing_periods(db):
    generate(60, seed=4, today=dt.date(2026, 6, 30))
    expected = from_involvements(dt.date(2025, 9, 25))
    assert expected
    InvolvementPeriod.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(FILL)
    assert from_involvements(dt.date(2025, 9, 25)) == expected == from_tasks(dt.date(2025, 9, 25))


def test_the_curated_load_keeps_the_rows_of_editors_additions(curated):
    task = Task.objects.filter(lead_agency__isnull=False).order_by("slug").first()
    added = Agency.objects.exclude(pk=task.lead_agency_id).exclude(coordinated_tasks=task).order_by("slug").first()
    # An editor's addition made without signals, as load_curated itself puts such additions back.
    Task.coordinating_agencies.through.objects.create(task=task, agency=added)
    call_command("load_curated", verbosity=0)
    today = dt.date.today()
    assert (task.pk, added.pk, False) in {row[:3] for row in from_involvements(today)}
    assert from_involvements(today) == from_tasks(today)
