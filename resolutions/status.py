"""Stored status periods: each task's derived status over time, so the status on any date is
one indexed join (``TaskQuerySet.with_status``) instead of a search through reports per task.

A task's status (``deadlines.derive_status``) can change only on the day a report becomes known
and on the day after its deadline, so it is constant between those days. ``status_periods`` cuts
the calendar there and asks ``derive_status`` itself for each stretch: the stored periods follow
the Python rule by construction. The receivers below recompute a task's periods whenever its
deadline, lead agency or assignment date (which the periods copy) or one of its reports is saved
or deleted, including by loaddata (raw saves), the admin and history reverts. Writes that skip
signals (``QuerySet.update``, ``bulk_create``) must call ``refresh_status_periods`` themselves, or
build the rows with ``period_rows`` as ``bench/generate.py`` does.

Each period has one ``InvolvementPeriod`` per agency involved in its task (the lead, then each
other coordinating agency), rebuilt with the periods and whenever the task's coordinating
agencies change; a bulk write of coordinating agencies calls ``refresh_involvements``.
"""

import datetime as dt
import threading
from collections import defaultdict

from django.db.models import DEFERRED
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from .deadlines import derive_status
from .models import InvolvementPeriod, ProgressReport, Task, TaskStatusPeriod

Coordinating = Task.coordinating_agencies.through

FIRST_DAY = dt.date.min
LAST_DAY = dt.date.max


def status_periods(deadline, facts):
    """[(status, valid_from, valid_until)] covering every date from FIRST_DAY to LAST_DAY, the
    status on each day being ``derive_status(deadline, facts, day)``."""
    changes = {fact.known_on for fact in facts}
    if deadline is not None and deadline < LAST_DAY:
        changes.add(deadline + dt.timedelta(days=1))
    starts = [FIRST_DAY, *sorted(day for day in changes if day > FIRST_DAY)]
    periods = []
    for start in starts:
        status = str(derive_status(deadline, facts, start))
        if periods and periods[-1][0] == status:
            continue
        if periods:
            periods[-1][2] = start - dt.timedelta(days=1)
        periods.append([status, start, LAST_DAY])
    return [tuple(period) for period in periods]


def period_rows(task, facts):
    """The stored periods of ``task`` (its pk and ``Task.PERIOD_COLUMNS`` loaded) given its facts."""
    copied = {"deadline": task.deadline, "lead_agency_id": task.lead_agency_id, "assigned_on": task.assigned_on}
    return [
        TaskStatusPeriod(task_id=task.pk, status=status, valid_from=start, valid_until=until, **copied)
        for status, start, until in status_periods(task.deadline, facts)
    ]


def involvement_rows(periods, coordinating):
    """The ``InvolvementPeriod`` rows of stored ``periods`` (their pks set), given the agencies
    coordinating each task ({task id: [agency id]})."""
    rows = []
    for period in periods:
        # A coordinating agency that also leads the task has one row, as the lead.
        agencies = dict.fromkeys(coordinating.get(period.task_id, ()), False)
        if period.lead_agency_id is not None:
            agencies[period.lead_agency_id] = True
        rows.extend(
            InvolvementPeriod(
                period_id=period.pk,
                task_id=period.task_id,
                agency_id=agency_id,
                leads=leads,
                status=period.status,
                valid_from=period.valid_from,
                valid_until=period.valid_until,
                deadline=period.deadline,
                assigned_on=period.assigned_on,
            )
            for agency_id, leads in agencies.items()
        )
    return rows


def coordinating_agencies_of(task_ids):
    """{task id: [agency id]} of the agencies coordinating the given tasks."""
    coordinating = defaultdict(list)
    for task_id, agency_id in Coordinating.objects.filter(task__in=task_ids).values_list("task", "agency"):
        coordinating[task_id].append(agency_id)
    return coordinating


def refresh_involvements(task_ids):
    """Rebuild the involvement rows of the given tasks from their stored periods."""
    task_ids = {task_id for task_id in task_ids if task_id is not None} - _tasks_being_deleted()
    if not task_ids:
        return
    periods = TaskStatusPeriod.objects.filter(task__in=task_ids)
    InvolvementPeriod.objects.filter(task__in=task_ids).delete()
    InvolvementPeriod.objects.bulk_create(involvement_rows(periods, coordinating_agencies_of(task_ids)))


def refresh_status_periods(task_ids):
    """Recompute the stored periods of the given tasks from their deadlines and reports."""
    task_ids = {task_id for task_id in task_ids if task_id is not None} - _tasks_being_deleted()
    if not task_ids:
        return
    tasks = list(Task.objects.filter(pk__in=task_ids).only(*Task.PERIOD_COLUMNS))
    facts = defaultdict(list)
    for report in ProgressReport.objects.filter(task__in=tasks).only(
        "key", "task", "status", "reported_on", "completed_on"
    ):
        facts[report.task_id].append(report.as_fact())
    coordinating = coordinating_agencies_of(task_ids)
    TaskStatusPeriod.objects.filter(task__in=task_ids).delete()  # and their involvement rows
    periods = TaskStatusPeriod.objects.bulk_create(row for task in tasks for row in period_rows(task, facts[task.pk]))
    InvolvementPeriod.objects.bulk_create(involvement_rows(periods, coordinating))


# Tasks whose deletion is under way in this thread: the cascade deletes their reports first, and
# recomputing periods for a task about to disappear would leave rows pointing at it.
_deleting = threading.local()


def _tasks_being_deleted():
    return getattr(_deleting, "task_ids", set())


def _task_saved(sender, instance, created, raw, **kwargs):
    loaded = getattr(instance, "_loaded_period_columns", DEFERRED)
    if created or raw or loaded is DEFERRED or loaded != instance.period_columns():
        refresh_status_periods([instance.pk])
    instance._loaded_period_columns = instance.period_columns()


def _task_deleting(sender, instance, **kwargs):
    _deleting.task_ids = _tasks_being_deleted() | {instance.pk}


def _task_deleted(sender, instance, **kwargs):
    _deleting.task_ids = _tasks_being_deleted() - {instance.pk}


def _report_saved(sender, instance, raw, **kwargs):
    refresh_status_periods([instance.task_id, getattr(instance, "_loaded_task_id", None)])
    instance._loaded_task_id = instance.task_id


def _report_deleted(sender, instance, **kwargs):
    refresh_status_periods([instance.task_id])


def _coordinating_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Rebuild the involvement rows of the tasks whose coordinating agencies changed, from either
    side (``task.coordinating_agencies`` or ``agency.coordinated_tasks``)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            refresh_involvements([instance.pk])
    elif action == "pre_clear":
        instance._coordinated_before_clear = set(
            Coordinating.objects.filter(agency=instance).values_list("task", flat=True)
        )
    elif action == "post_clear":
        refresh_involvements(instance.__dict__.pop("_coordinated_before_clear", ()))
    elif action in ("post_add", "post_remove"):
        refresh_involvements(pk_set)


def connect():
    post_save.connect(_task_saved, sender=Task, dispatch_uid="status_periods_task_saved")
    pre_delete.connect(_task_deleting, sender=Task, dispatch_uid="status_periods_task_deleting")
    post_delete.connect(_task_deleted, sender=Task, dispatch_uid="status_periods_task_deleted")
    post_save.connect(_report_saved, sender=ProgressReport, dispatch_uid="status_periods_report_saved")
    post_delete.connect(_report_deleted, sender=ProgressReport, dispatch_uid="status_periods_report_deleted")
    m2m_changed.connect(_coordinating_changed, sender=Coordinating, dispatch_uid="status_periods_coordinating")
