"""The API on the curated data: behaviour, not exact counts (the curation may grow)."""

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from django.core.cache import cache

from resolutions.deadlines import TaskStatus
from resolutions.models import Agency, Document, Law, Task, fold_text

pytestmark = pytest.mark.usefixtures("curated")

AS_OF = "2025-09-30"


def all_tasks(client, **params):
    return client.get("/api/tasks/", {"as_of": AS_OF, "page_size": 100, **params}).json()


# Expected queries per list, the same for a page of 5 and of 100.
LIST_QUERIES = {
    # the newest information's date (the default as_of; the cache is emptied before each request
    # here), count, tasks, coordinating agencies, laws, reports, citations+sources, history
    "tasks": 8,
    # the newest information's date (the stage's default as_of), count, laws, review lists,
    # reports, citations+sources, history (listed, a law links to its tasks)
    "laws": 7,
    # count, review lists+document, laws, citations+sources, history
    "review-lists": 5,
    # documents by pk (for chains), count, documents, implementing documents, citations+sources, history
    "documents": 6,
    # count, figures+document, citations+sources, history
    "figures": 4,
    # count, agencies, citations+sources, history
    "agencies": 4,
    # count, sources with citation counts, history
    "sources": 3,
    # count, reports, citations+sources, history
    "reports": 4,
}


def test_every_list_serves_the_curated_data_at_a_pinned_query_count(client, django_assert_num_queries):
    for name, queries in LIST_QUERIES.items():
        for page_size in (5, 100):
            cache.clear()
            with django_assert_num_queries(queries):
                response = client.get(f"/api/{name}/", {"page_size": page_size})
            assert response.status_code == 200
            assert response.json()["count"] > 0


def test_statuses_partition_the_tasks(client):
    total = all_tasks(client)["count"]
    per_status = {status: all_tasks(client, status=status)["count"] for status in TaskStatus.values}
    assert sum(per_status.values()) == total
    assert per_status[TaskStatus.OVERDUE] + per_status[TaskStatus.IN_PROGRESS] > 0


def test_list_status_agrees_with_the_python_rule_and_the_detail_view(client):
    tasks = {task.slug: task for task in Task.objects.prefetch_related("progress_reports")}
    as_of = dt.date.fromisoformat(AS_OF)
    for record in all_tasks(client)["results"]:
        assert record["status"] == tasks[record["slug"]].status_on(as_of), record["slug"]
    one = all_tasks(client)["results"][0]
    assert client.get(one["url"], {"as_of": AS_OF}).json()["status"] == one["status"]


@pytest.mark.parametrize("as_of", ["2025-01-01", "2025-03-31", AS_OF])
def test_tasks_list_only_the_reports_known_on_as_of(client, as_of):
    tasks = all_tasks(client, as_of=as_of)["results"]
    assert tasks
    for task in tasks:
        assert all(report["known_on"] <= as_of for report in task["progress_reports"]), task["slug"]
        detail = client.get(task["url"], {"as_of": as_of}).json()
        assert detail["progress_reports"] == task["progress_reports"], task["slug"]


def test_a_task_asked_for_before_it_was_assigned_says_when_it_was(client):
    task = Task.objects.exclude(assigned_on=None).first()
    day_before = task.assigned_on - dt.timedelta(days=1)
    response = client.get(f"/api/tasks/{task.slug}/", {"as_of": day_before.isoformat()})
    assert response.status_code == 404
    assert response.json()["errors"] == {
        "as_of": [f"Task “{task.slug}” was assigned on {task.assigned_on}, after {day_before}."]
    }


def test_quarter_filter_keeps_only_that_quarter(client):
    quarters = Counter(task["quarter"] for task in all_tasks(client)["results"] if task["quarter"])
    quarter, expected = quarters.most_common(1)[0]
    filtered = all_tasks(client, quarter=quarter)
    assert filtered["count"] == expected
    assert {task["quarter"] for task in filtered["results"]} == {quarter}


def test_lead_only_agency_filter_is_a_subset_of_any_role(client):
    agency = Agency.objects.filter(led_tasks__isnull=False).distinct().first()
    lead = all_tasks(client, agency=agency.slug, agency_role="lead")["results"]
    any_role = all_tasks(client, agency=agency.slug)["results"]
    assert lead
    assert all(task["lead_agency"]["slug"] == agency.slug for task in lead)
    assert {task["slug"] for task in lead} <= {task["slug"] for task in any_role}


def test_every_task_carries_evidence_with_its_source_address(client):
    for task in all_tasks(client)["results"]:
        assert task["evidence"], task["slug"]
        for citation in task["evidence"]:
            assert citation["excerpt"]
            assert citation["source_url"].startswith("http")


def test_implementing_documents_chain_up_to_resolution_57(client):
    root = Document.objects.get(code="57-NQ/TW")
    response = client.get("/api/documents/", {"implements": root.slug})
    assert response.json()["count"] > 0
    for document in response.json()["results"]:
        assert document["chain"][-1]["slug"] == root.slug
    found = client.get("/api/documents/", {"search": "57/NQ-TW"}).json()["results"]
    assert found[0]["slug"] == root.slug


def test_review_list_states_its_declared_size(client):
    review = client.get("/api/review-lists/").json()["results"][0]
    assert review["declared_count"] >= review["identified_count"]
    assert review["evidence"]


def test_csv_of_all_tasks_matches_the_json_count_and_keeps_vietnamese(client):
    count = all_tasks(client)["count"]
    content = b"".join(client.get("/api/tasks/", {"format": "csv"}).streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == count
    agencies = client.get("/api/agencies/", {"format": "csv"}).content.decode("utf-8-sig")
    vietnamese = Agency.objects.exclude(name_vi="").values_list("name_vi", flat=True).first()
    assert vietnamese in agencies


def test_conditional_get_on_every_list(client):
    for name in LIST_QUERIES:
        etag = client.get(f"/api/{name}/")["ETag"]
        assert client.get(f"/api/{name}/", HTTP_IF_NONE_MATCH=etag).status_code == 304, name


def test_every_stated_figure_is_served_with_its_evidence(client):
    figures = client.get("/api/figures/", {"page_size": 100}).json()
    assert figures["count"] == len(figures["results"]) > 0
    for figure in figures["results"]:
        assert figure["evidence"], figure["slug"]
        assert all(item["source_url"].startswith("https://") for item in figure["evidence"])


SEARCHES = [
    ("data", "dữ liệu", "du lieu"),
    ("budget", "ngân sách", "ngan sach"),
    ("digital transformation", "chuyển đổi số", "chuyen doi so"),
    ("science and technology", "khoa học công nghệ", "khoa hoc cong nghe"),
]


def searched(client, endpoint, query):
    response = client.get(f"/api/{endpoint}/", {"search": query, "page_size": 100})
    assert response.status_code == 200
    assert not response.json()["next"], "more than one page: raise page_size"
    return {record["slug"] for record in response.json()["results"]}


def test_vietnamese_task_searches_find_every_task_the_english_search_finds(client):
    for english, vietnamese, without_tone_marks in SEARCHES:
        expected = searched(client, "tasks", english)
        assert expected, english
        assert expected <= searched(client, "tasks", vietnamese), vietnamese
        assert expected <= searched(client, "tasks", without_tone_marks), without_tone_marks


@pytest.mark.parametrize(("endpoint", "model", "field"), [("laws", Law, "name"), ("documents", Document, "title")])
def test_vietnamese_searches_find_every_law_and_document_whose_english_name_matches(client, endpoint, model, field):
    """Notes stay in English, so a record found only through its note is found in English only;
    every record whose name matches is found in Vietnamese too."""
    for english, vietnamese, without_tone_marks in SEARCHES:
        words = fold_text(english).split()
        expected = {
            record.slug
            for record in model.objects.all()
            if all(word in fold_text(getattr(record, field)) for word in words)
        }
        assert expected <= searched(client, endpoint, english), english
        assert expected <= searched(client, endpoint, vietnamese), vietnamese
        assert expected <= searched(client, endpoint, without_tone_marks), without_tone_marks


def test_editor_notes_stay_out_of_the_api(client):
    task = Task.objects.get(slug="guidance-on-provincial-st-agencies")
    body = client.get(f"/api/tasks/{task.slug}/", {"as_of": AS_OF}).content.decode()

    assert task.editor_note and task.editor_note not in body
    assert "editor_note" not in body
