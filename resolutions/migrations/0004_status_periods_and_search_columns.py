"""Stored status periods per task (resolutions/status.py) and the search columns of
resolutions/search.py: the folded titles, the search text now holding related records' text and
documents' codes, and on PostgreSQL a GIN index on its full-text vector."""

import django.db.models.deletion
from collections import defaultdict

from django.db import migrations, models

from resolutions.deadlines import ReportFact
from resolutions.models import search_words
from resolutions.status import status_periods

# The searched fields as of this migration (models.Searchable subclasses), frozen here.
SEARCH_SPECS = {
    "agency": (("name", "name_vi", "abbreviation", "aliases"), ("name", "name_vi", "abbreviation"), (), ()),
    "document": (
        ("code", "code_variants", "title", "title_vi", "note"),
        ("title", "title_vi"),
        ("issuing_agency",),
        ("",),
    ),
    "law": (("name", "name_vi", "target", "note"), ("name", "name_vi"), (), ()),
    "task": (
        ("title", "title_vi", "description", "deadline_as_stated", "note"),
        ("title", "title_vi"),
        ("lead_agency", "document"),
        ("document", "meeting.concerns"),
    ),
}
SEARCH_INDEXES = {name: f"{name}_search_vector_gin" for name in SEARCH_SPECS}


def own_text(record, model_name):
    return search_words(" ".join(str(getattr(record, name) or "") for name in SEARCH_SPECS[model_name][0]))


def fill_search_columns(apps, schema_editor):
    for model_name, (_fields, titles, relations, code_paths) in SEARCH_SPECS.items():
        model = apps.get_model("resolutions", model_name)
        records = list(model.objects.all())
        for record in records:
            texts = [own_text(record, model_name)]
            for name in relations:
                related = getattr(record, name)
                if related is not None:
                    texts.append(own_text(related, related._meta.model_name))
            codes = []
            for path in code_paths:
                document = record
                for name in path.split(".") if path else ():
                    document = getattr(document, name) if document is not None else None
                if document is not None and document.code_key:
                    codes.extend(document.code_key.lower().split())
            texts.append(" ".join(dict.fromkeys(codes)))
            record.search_text = " ".join(text for text in texts if text)
            folded = [search_words(str(getattr(record, name) or "")) for name in titles]
            record.search_title = "\n" + "".join(f"{title}\n" for title in folded if title)
        model.objects.bulk_update(records, ["search_text", "search_title"], batch_size=1000)


def fill_status_periods(apps, schema_editor):
    Task = apps.get_model("resolutions", "Task")
    ProgressReport = apps.get_model("resolutions", "ProgressReport")
    TaskStatusPeriod = apps.get_model("resolutions", "TaskStatusPeriod")
    facts = defaultdict(list)
    for report in ProgressReport.objects.filter(task__isnull=False):
        known_on = report.reported_on or report.completed_on
        facts[report.task_id].append(ReportFact(known_on, report.status, report.completed_on, report.key))
    TaskStatusPeriod.objects.bulk_create(
        (
            TaskStatusPeriod(task_id=task_id, status=status, valid_from=start, valid_until=until)
            for task_id, deadline in Task.objects.values_list("pk", "deadline")
            for status, start, until in status_periods(deadline, facts[task_id])
        ),
        batch_size=5000,
    )


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex

    from resolutions.search import search_vector

    for model_name, index_name in SEARCH_INDEXES.items():
        model = apps.get_model("resolutions", model_name)
        schema_editor.add_index(model, GinIndex(search_vector(), name=index_name))


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index_name in SEARCH_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name)}")


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0003_none_precision_label'),
    ]

    operations = [
        migrations.AddField(
            model_name='agency',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='document',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='historicalagency',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='historicaldocument',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='historicallaw',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='historicaltask',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='law',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.AddField(
            model_name='task',
            name='search_title',
            field=models.TextField(blank=True, editable=False, help_text='Folded titles and names, one per line, to rank title matches first; kept up to date on save.', verbose_name='search title'),
        ),
        migrations.CreateModel(
            name='TaskStatusPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('completed_on_time', 'completed on time'), ('completed_late', 'completed late'), ('in_progress', 'in progress'), ('overdue', 'overdue'), ('no_deadline', 'no deadline')], max_length=20, verbose_name='status')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(verbose_name='valid until')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_periods', to='resolutions.task', verbose_name='task')),
            ],
            options={
                'verbose_name': 'task status period',
                'verbose_name_plural': 'task status periods',
                'ordering': ['task', 'valid_from'],
                'indexes': [models.Index(fields=['status', 'valid_from', 'valid_until'], name='status_period_by_status')],
                'constraints': [models.UniqueConstraint(fields=('task', 'valid_from'), name='status_period_unique_start'), models.CheckConstraint(condition=models.Q(('valid_from__lte', models.F('valid_until'))), name='status_period_not_reversed')],
            },
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(fill_status_periods, migrations.RunPython.noop),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
