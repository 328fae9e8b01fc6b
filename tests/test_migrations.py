"""The squashed migration: a new database gets the whole schema in one step, and a database
already at 0005 (the five migrations it replaces) has nothing of them left to apply."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

SQUASHED = "0001_squashed_0005_editor_notes_and_vietnamese_translations"
REPLACED = [
    "0001_initial",
    "0002_verbose_names",
    "0003_none_precision_label",
    "0004_status_periods_and_search_columns",
    "0005_editor_notes_and_vietnamese_translations",
]


def unapplied(executor):
    """The names of the migrations up to the squashed one that are still to apply (the later
    migrations, which follow it, are not this test's concern)."""
    target = [("resolutions", SQUASHED)]
    return [migration.name for migration, _backwards in executor.migration_plan(target)]


def test_a_database_at_0005_has_nothing_to_apply(db):
    recorded = MigrationRecorder.Migration.objects.filter(app="resolutions")
    recorded.all().delete()
    recorded.bulk_create(MigrationRecorder.Migration(app="resolutions", name=name) for name in REPLACED)
    executor = MigrationExecutor(connection)
    assert executor.loader.replacements[("resolutions", SQUASHED)].replaces == [("resolutions", n) for n in REPLACED]
    assert unapplied(executor) == []


def test_a_database_with_none_of_them_applies_the_squashed_migration_alone(db):
    MigrationRecorder.Migration.objects.filter(app="resolutions").delete()
    assert unapplied(MigrationExecutor(connection)) == [SQUASHED]
