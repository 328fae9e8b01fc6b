"""The tests' copy of the curated data (``tests/curated_copy.py``) is what ``load_curated`` writes."""

from django.db import transaction

from resolutions.models import Agency, Task, TaskStatusPeriod
from tests.curated_copy import CuratedCopy
from tests.factories import make_agency, make_task


class Rollback(Exception):
    pass


def test_the_copy_holds_every_row_the_command_wrote_and_new_rows_take_new_ids(db):
    copy = CuratedCopy()
    try:
        with transaction.atomic():
            copy.load()  # runs load_curated on the empty database, and keeps its rows
            loaded = CuratedCopy.capture()
            raise Rollback
    except Rollback:
        pass
    assert not Task.objects.exists()

    copy.load()  # copies them back

    assert CuratedCopy.capture() == loaded
    assert {model.__name__ for model, _names, _rows in loaded} >= {"Task", "HistoricalTask", "TaskStatusPeriod"}
    # The ids' sequences moved past the copied rows: a new task and its period insert cleanly.
    task = make_task(lead_agency=make_agency())
    assert task.pk > max(Task.objects.exclude(pk=task.pk).values_list("pk", flat=True))
    assert TaskStatusPeriod.objects.filter(task=task).exists()


def test_a_database_already_holding_data_gets_the_command_itself(db):
    copy = CuratedCopy()
    agency = make_agency()

    copy.load()

    assert copy.copies == {}
    assert Task.objects.exists()
    assert Agency.objects.filter(pk=agency.pk).exists()
