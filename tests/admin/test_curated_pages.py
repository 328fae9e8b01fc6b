"""Every admin page works on the curated data, at the same flat query counts."""

import datetime as dt

from django.contrib import admin
from django.urls import reverse

from resolutions.models import Document, Task
from tests.admin.test_queries import CHANGELIST_MAX_QUERIES

TRACKER_MODELS = [model for model in admin.site._registry if model._meta.app_label == "resolutions"]


def admin_url(model, view, *args):
    return reverse(f"admin:resolutions_{model._meta.model_name}_{view}", args=args)


def test_every_page_of_every_model_opens_on_the_curated_data(curated, editor_client):
    # One test rather than one per model: loading the curated data is the slow part.
    for model in TRACKER_MODELS:
        record = model.objects.order_by("pk").first()
        assert record is not None, f"no curated {model.__name__}"
        for url in [
            admin_url(model, "changelist"),
            admin_url(model, "add"),
            admin_url(model, "change", record.pk),
            admin_url(model, "history", record.pk),
            # The revert page of the version load_curated recorded.
            admin_url(model, "simple_history", record.pk, record.history.get().history_id),
        ]:
            assert editor_client.get(url).status_code == 200, url


def test_curated_change_lists_stay_flat(curated, editor_client, django_assert_max_num_queries):
    for model, max_queries in CHANGELIST_MAX_QUERIES.items():
        with django_assert_max_num_queries(max_queries):
            response = editor_client.get(admin_url(model, "changelist"))
        assert response.context["cl"].result_count == model.objects.count(), model


def test_curated_task_list_shows_derived_statuses(curated, editor_client):
    response = editor_client.get(admin_url(Task, "changelist"), {"status": "overdue"})

    shown = {task.pk for task in response.context["cl"].result_list}
    assert shown
    assert shown <= set(Task.objects.overdue(dt.date.today()).values_list("pk", flat=True))


def test_document_autocomplete_finds_a_code_however_written(curated, editor_client):
    resolution = Document.objects.get(code="57-NQ/TW")
    url = reverse("admin:autocomplete")
    params = {"app_label": "resolutions", "model_name": "task", "field_name": "document"}

    for spelling in ["57-NQ/TW", "57/NQ-TW", "nghi quyet 57"]:
        results = editor_client.get(url, {**params, "term": spelling}).json()["results"]
        assert str(resolution.pk) in [result["id"] for result in results], spelling
