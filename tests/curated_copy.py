"""The curated data for tests, loaded by ``load_curated`` once a session and copied afterwards.

``load_curated`` matches 524 records by natural key and records a version of each: about 3,400
queries, 2.2 s a test on PostgreSQL, most of the suite's time when every test that reads the
curated data ran it. The first test that asks for the data on an empty database runs the command
and keeps the rows it wrote; each later test on an empty database gets the same rows back with
one insert a table (and the ids' sequences moved past them). A test whose database already holds
data of the app (made by another fixture first) still runs the command, as does any test that
calls it itself.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from resolutions.management.commands import load_curated

APP = "resolutions"


def app_models():
    # Auto-created models too: the many-to-many tables.
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.app_label == APP]


def other_models():
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.app_label != APP]


def row_counts(models):
    return {model: model._base_manager.count() for model in models}


def app_is_empty():
    return not any(model._base_manager.exists() for model in app_models())


class CuratedCopy:
    def __init__(self):
        # {fixtures directory: [(model, field names, rows)]}
        self.copies = {}

    def load(self):
        """The curated data in the test database, as ``load_curated`` leaves it."""
        directory = load_curated.FIXTURES_DIR
        if not app_is_empty():
            call_command("load_curated", verbosity=0)
        elif directory in self.copies:
            self.restore(self.copies[directory])
        else:
            others_before = row_counts(other_models())
            call_command("load_curated", verbosity=0)
            # Kept only if the command wrote nothing outside the app, so that copying the app's
            # tables back is the whole of its work.
            if row_counts(other_models()) == others_before:
                self.copies[directory] = self.capture()

    @staticmethod
    def capture():
        tables = []
        for model in app_models():
            names = [field.attname for field in model._meta.concrete_fields]
            rows = list(model._base_manager.order_by("pk").values_list(*names))
            if rows:
                tables.append((model, names, rows))
        return tables

    @staticmethod
    @transaction.atomic
    def restore(tables):
        # In one transaction, whose commit checks the foreign keys (Django declares them
        # deferrable): the tables' order does not matter, even for a test that commits.
        for model, names, rows in tables:
            model._base_manager.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _, _ in tables]):
                cursor.execute(statement)


curated_copy = CuratedCopy()
