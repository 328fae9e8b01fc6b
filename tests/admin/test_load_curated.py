"""Reloading the curated fixtures records what it changed and keeps what editors added."""

import datetime as dt

from django.apps import apps
from django.core.management import call_command
from django.utils.http import parse_http_date

from resolutions.models import Agency, Law, LawReviewList, Task
from tests.admin.formdata import change_url, form_data


def tracked_models():
    for model in apps.get_app_config("resolutions").get_models():
        if getattr(model._meta, "simple_history_manager_attribute", None):
            yield model


def version_count():
    return sum(model.history.count() for model in tracked_models())


def edit_in_admin(client, obj, **changes):
    data = form_data(client.get(change_url(obj))) | changes
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response


def test_the_first_load_records_one_version_of_every_curated_record(db):
    call_command("load_curated", verbosity=0)

    for model in tracked_models():
        assert model.objects.exists(), model
        versions = model.history.all()
        assert versions.count() == model.objects.count(), model
        assert set(versions.values_list("history_type", "history_change_reason")) == {("+", "load_curated")}, model


def test_a_second_load_in_a_row_records_nothing(curated):
    versions_before = version_count()

    call_command("load_curated", verbosity=0)

    assert version_count() == versions_before


def test_the_first_load_records_the_many_to_many_values_too(curated):
    task = Task.objects.filter(laws__isnull=False, coordinating_agencies__isnull=False).distinct().first()

    version = task.history.get()

    assert set(version.laws.values_list("law", flat=True)) == set(task.laws.values_list("pk", flat=True))
    assert set(version.coordinating_agencies.values_list("agency", flat=True)) == set(
        task.coordinating_agencies.values_list("pk", flat=True)
    )


def test_a_reload_puts_a_curated_title_back_as_a_new_version(curated, editor_client, editor):
    task = Task.objects.order_by("slug").first()
    curated_title = task.title

    edit_in_admin(editor_client, task, title="Retitled by an editor")
    edited, first = task.history.all()[:2]
    assert [change.field for change in edited.diff_against(first).changes] == ["title"]

    call_command("load_curated", verbosity=0)

    restored, edited = task.history.all()[:2]
    assert (restored.title, restored.history_change_reason, restored.history_type) == (
        curated_title,
        "load_curated",
        "~",
    )
    assert edited.history_user == editor
    delta = restored.diff_against(edited)
    assert [(change.field, change.old, change.new) for change in delta.changes] == [
        ("title", "Retitled by an editor", curated_title)
    ]


def test_links_editors_added_to_curated_records_survive_a_reload(curated, editor_client):
    task = Task.objects.filter(laws__isnull=False, coordinating_agencies__isnull=False).distinct().first()
    curated_agencies, curated_laws = set(task.coordinating_agencies.all()), set(task.laws.all())
    added_agency = Agency.objects.exclude(pk__in=[agency.pk for agency in curated_agencies]).first()
    added_law = Law.objects.exclude(pk__in=[law.pk for law in curated_laws]).first()
    review_list = LawReviewList.objects.get()
    edit_in_admin(
        editor_client,
        task,
        coordinating_agencies=[str(agency.pk) for agency in [*curated_agencies, added_agency]],
        laws=[str(law.pk) for law in [*curated_laws, added_law]],
    )
    edit_in_admin(editor_client, review_list, laws=[str(added_law.pk)])
    versions_before = version_count()

    call_command("load_curated", verbosity=0)

    assert set(task.coordinating_agencies.all()) == curated_agencies | {added_agency}
    assert set(task.laws.all()) == curated_laws | {added_law}
    assert list(review_list.laws.all()) == [added_law]
    assert version_count() == versions_before  # nothing changed, so nothing is recorded


def test_the_api_last_modified_moves_after_a_reload_that_changed_a_record(curated, client):
    law = Law.objects.order_by("slug").first()
    curated_name = law.name
    law.name = "A name the fixtures no longer hold"
    law.save()
    for model in tracked_models():
        model.history.update(history_date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    before = client.get(f"/api/laws/{law.slug}/")

    call_command("load_curated", verbosity=0)

    after = client.get(f"/api/laws/{law.slug}/")
    assert after.json()["name"] == curated_name
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    assert client.get(f"/api/laws/{law.slug}/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
