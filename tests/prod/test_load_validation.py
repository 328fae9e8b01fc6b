"""load_curated validates every record as the admin would and refuses the whole load, naming the
file, the record and the field; a plain loaddata records what the README says it does."""

import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from resolutions.management.commands import load_curated
from resolutions.management.commands.load_curated import tracked_models
from resolutions.models import HistoricalProgressReport, HistoricalTask, ProgressReport, Task

CURATED = load_curated.FIXTURES_DIR / "curated.yaml"


def records():
    return yaml.safe_load(CURATED.read_text(encoding="utf-8"))


def write_fixtures(directory, rows, monkeypatch):
    directory.mkdir(exist_ok=True)
    (directory / "curated.yaml").write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(load_curated, "FIXTURES_DIR", directory)


def first(rows, model, condition):
    return next((number, row) for number, row in enumerate(rows, start=1) if row["model"] == model and condition(row))


def test_a_month_deadline_that_is_not_a_month_end_refuses_the_whole_load(db, tmp_path, monkeypatch):
    rows = records()
    number, task = first(rows, "resolutions.task", lambda row: row["fields"]["deadline"])
    task["fields"].update(deadline="2024-02-28", deadline_precision="month", assigned_on=None)
    write_fixtures(tmp_path / "fixtures", rows, monkeypatch)

    with pytest.raises(CommandError) as refused:
        call_command("load_curated", verbosity=0)

    message = str(refused.value)
    assert f"curated.yaml: record {number} (resolutions.task {task['fields']['slug']}): deadline:" in message
    assert Task.objects.count() == 0 and HistoricalTask.objects.count() == 0


def test_a_completion_before_the_task_was_assigned_refuses_the_whole_load(db, tmp_path, monkeypatch):
    rows = records()
    assigned = {
        row["fields"]["slug"]: row["fields"]["assigned_on"]
        for row in rows
        if row["model"] == "resolutions.task" and row["fields"]["assigned_on"]
    }
    number, report = first(
        rows,
        "resolutions.progressreport",
        lambda row: row["fields"]["task"] and row["fields"]["task"][0] in assigned,
    )
    report["fields"].update(status="completed", completed_on="2020-01-01", completed_on_precision="day")
    write_fixtures(tmp_path / "fixtures", rows, monkeypatch)

    with pytest.raises(CommandError) as refused:
        call_command("load_curated", verbosity=0)

    message = str(refused.value)
    assert f"curated.yaml: record {number} (resolutions.progressreport {report['fields']['key']}): completed_on:" in (
        message
    )
    assert ProgressReport.objects.count() == 0 and HistoricalProgressReport.objects.count() == 0


def test_the_curated_fixtures_are_valid(db):
    call_command("load_curated", verbosity=0)
    assert Task.objects.exists()


def test_a_plain_loaddata_records_versions_only_for_many_to_many_changes(db, tmp_path):
    """What the README says of a plain loaddata: the raw saves record no version, but setting a
    record's many-to-many fields records "changed" versions of it; nothing else is recorded."""
    shutil.copy(CURATED, tmp_path / "curated.yaml")
    call_command("loaddata", str(tmp_path / "curated.yaml"), verbosity=0)

    linked = Task.objects.exclude(coordinating_agencies=None, laws=None).count()
    assert linked and HistoricalTask.objects.values("id").distinct().count() == linked
    assert set(HistoricalTask.objects.values_list("history_type", flat=True)) == {"~"}
    for model in tracked_models():
        if model is not Task:
            assert not model.history.exists(), model
