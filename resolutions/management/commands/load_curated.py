"""Load the curated fixtures over the current data, keeping editors' work and the history whole.

loaddata saves raw, so django-simple-history records nothing, and it replaces many-to-many
sets. This command therefore puts back the links editors added to curated records, then records
a version (reason "load_curated") of every record the load created or changed. Before any of
that, it validates every loaded record as the admin would (``full_clean``) and refuses the whole
load, naming the file, record and field, when one is not valid.
"""

from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from resolutions import status
from resolutions.models import LawReviewList, Task

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
CHANGE_REASON = "load_curated"
# The curated records' many-to-many fields, to which editors add as sources name more members.
COORDINATING_AGENCIES = Task._meta.get_field("coordinating_agencies")
CURATED_MANY_TO_MANY = [
    COORDINATING_AGENCIES,
    Task._meta.get_field("laws"),
    LawReviewList._meta.get_field("laws"),
]


def curated_fixture_paths():
    return sorted(FIXTURES_DIR.glob("*.yaml"))


def pairs(field):
    """The (record id, member id) pairs of a many-to-many field."""
    through = field.remote_field.through
    return set(through.objects.values_list(field.m2m_field_name(), field.m2m_reverse_field_name()))


def add_pairs(field, missing):
    through = field.remote_field.through
    record, member = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(through(**{record: record_id, member: member_id}) for record_id, member_id in missing)
    if field is COORDINATING_AGENCIES:
        status.refresh_involvements(record_id for record_id, _member_id in missing)


def skip_history_of_raw_saves(sender, instance, raw, **kwargs):
    # loaddata's many-to-many .set() would record a version per field, the first one half
    # loaded; record_versions() records each record once, complete, after the load.
    if raw:
        instance.skip_history_when_saving = True


class LoadedRecords:
    """The records loaddata saves, in file order: [(model, pk)]. loaddata saves them raw, with no
    validation; they are validated once all are in, when references between them resolve."""

    def __init__(self):
        self.saved = []

    def __call__(self, sender, instance, raw, **kwargs):
        if raw:
            self.saved.append((sender, instance.pk))


def invalid_records(path, saved):
    """One line per field of a record of ``path`` that full_clean() refuses.

    The database has already enforced what it can (foreign keys, uniqueness, CHECK constraints)
    while loading; the queries Django would repeat for those are skipped, and everything else the
    admin checks (field values, the models' clean(): dates that fit their precision, a completion
    not before the task's assignment, ...) runs on every record."""
    instances = {}
    for model in {model for model, _pk in saved}:
        pks = [pk for saved_model, pk in saved if saved_model is model]
        related = [field.name for field in model._meta.concrete_fields if field.is_relation]
        instances[model] = model._default_manager.select_related(*related).in_bulk(pks)
    problems = []
    for number, (model, pk) in enumerate(saved, start=1):
        instance = instances[model][pk]
        relations = [field.name for field in model._meta.concrete_fields if field.is_relation]
        try:
            instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            label = f"{model._meta.label_lower} {'/'.join(map(str, instance.natural_key()))}"
            for field, messages in error.message_dict.items():
                field_name = "(record)" if field == "__all__" else field
                problems.append(f"{path.name}: record {number} ({label}): {field_name}: {' '.join(messages)}")
    return problems


def tracked_models():
    for model in apps.get_app_config("resolutions").get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None):
            yield model


def current_members(field):
    """{record id: {member id: id of the link row}} of a many-to-many field."""
    members = defaultdict(dict)
    rows = field.remote_field.through.objects.values_list("id", field.m2m_field_name(), field.m2m_reverse_field_name())
    for row_id, record_id, member_id in rows:
        members[record_id][member_id] = row_id
    return members


def recorded_members(field, historical_model, versions):
    """{version's history_id: {member id}} of a many-to-many field, as ``versions`` recorded it."""
    members = defaultdict(set)
    rows = getattr(historical_model, field.name).model.objects.filter(history__in=versions.values("history_id"))
    for history_id, member_id in rows.values_list("history", field.m2m_reverse_field_name()):
        members[history_id].add(member_id)
    return members


def record_versions(model, when):
    """Record a version of each record of ``model`` that differs from its latest version or has
    none; returns how many were recorded."""
    history = getattr(model, model._meta.simple_history_manager_attribute)
    historical_model = history.model
    latest_versions = history.latest_of_each()
    latest = {version.id: version for version in latest_versions.order_by("history_date", "history_id")}
    fields = [field.attname for field in historical_model.tracked_fields]
    m2m_fields = historical_model._history_m2m_fields
    members_now = {field: current_members(field) for field in m2m_fields}
    members_recorded = {field: recorded_members(field, historical_model, latest_versions) for field in m2m_fields}

    def differs(instance, version):
        return any(getattr(instance, name) != getattr(version, name) for name in fields) or any(
            set(members_now[field][instance.pk]) != members_recorded[field][version.history_id] for field in m2m_fields
        )

    created, changed = [], []
    for instance in model._default_manager.order_by("pk"):
        version = latest.get(instance.pk)
        if version is None or version.history_type == "-":
            created.append(instance)
        elif differs(instance, version):
            changed.append(instance)
    options = {"default_change_reason": CHANGE_REASON, "default_date": when}
    versions = [
        *history.bulk_history_create(created, **options),
        *history.bulk_history_create(changed, update=True, **options),
    ]
    # bulk_history_create() leaves out many-to-many values; the diffs and reverts read them here.
    for field in m2m_fields:
        m2m_model = getattr(historical_model, field.name).model
        record, member = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        m2m_model.objects.bulk_create(
            m2m_model(history=version, id=row_id, **{record: version.id, member: member_id})
            for version in versions
            for member_id, row_id in members_now[field][version.id].items()
        )
    return len(versions)


class Command(BaseCommand):
    help = (
        "Load the curated fixtures (fixtures/*.yaml, in file-name order). Safe to run again: records "
        "are matched by natural key, so a reload updates them and leaves editors' additions alone, "
        "including laws and agencies they added to curated records. Records a version, with the "
        "reason “load_curated”, of every record the load created or changed."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        paths = curated_fixture_paths()
        if not paths:
            raise CommandError(f"No curated fixtures found in {FIXTURES_DIR}.")
        pairs_before = {field: pairs(field) for field in CURATED_MANY_TO_MANY}
        loaded = {}
        pre_save.connect(skip_history_of_raw_saves)
        try:
            for path in paths:
                loaded[path] = LoadedRecords()
                post_save.connect(loaded[path])
                try:
                    call_command("loaddata", str(path), verbosity=options["verbosity"])
                finally:
                    post_save.disconnect(loaded[path])
        finally:
            pre_save.disconnect(skip_history_of_raw_saves)
        problems = [problem for path, records in loaded.items() for problem in invalid_records(path, records.saved)]
        if problems:
            # Raised inside the transaction: nothing of the load is kept.
            raise CommandError("Invalid curated records; nothing was loaded:\n" + "\n".join(problems))
        kept = 0
        for field, before in pairs_before.items():
            # loaddata sets each curated record's members to the fixture's; editors' additions go back.
            missing = before - pairs(field)
            add_pairs(field, missing)
            kept += len(missing)

        when = timezone.now()
        recorded = {model.__name__: record_versions(model, when) for model in tracked_models()}
        if options["verbosity"] >= 1:
            counts = ", ".join(f"{name} {count}" for name, count in recorded.items() if count)
            summary = f"Recorded {sum(recorded.values())} versions ({counts})" if counts else "Recorded no version"
            self.stdout.write(f"{summary}; kept {kept} links editors added to curated records.")
