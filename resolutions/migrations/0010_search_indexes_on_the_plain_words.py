"""The PostgreSQL GIN indexes of the search text rebuilt on ``search.search_vector()`` as it is
now: the vector of the stored words without the ``regexp_replace`` that the squashed migration's
indexes wrapped them in (a no-op on text ``models.search_words`` wrote, but half the cost of the
vector wherever a search reads rows in the list's order instead of from the index)."""

from django.db import migrations

SEARCH_INDEXES = {name: f"{name}_search_vector_gin" for name in ("agency", "document", "law", "task")}


def rebuild_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from resolutions.search import search_vector

    for model_name, index_name in SEARCH_INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name)}")
        schema_editor.add_index(apps.get_model("resolutions", model_name), GinIndex(search_vector(), name=index_name))


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0009_status_periods_copy_task_columns"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_indexes, rebuild_search_indexes),
    ]
