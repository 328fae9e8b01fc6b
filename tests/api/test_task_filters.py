"""Every task filter alone and a few combined, on five tasks judged on 2025-06-01."""

import pytest

from resolutions.models import Meeting

from .conftest import slugs

pytestmark = pytest.mark.usefixtures("tracker")

ALL = ["overdue-task", "late-task", "on-time-task", "future-task", "open-ended-task"]


def get_tasks(client, **params):
    response = client.get("/api/tasks/", {"as_of": "2025-06-01", **params})
    assert response.status_code == 200, response.content
    return slugs(response)


def test_unfiltered_list_has_every_task_by_deadline_with_no_deadline_last(client):
    assert get_tasks(client) == ALL


def test_agency_matches_any_role_by_default(client):
    assert get_tasks(client, agency="ministry-of-science") == ["overdue-task", "on-time-task"]


def test_agency_role_lead_keeps_only_tasks_the_agency_leads(client):
    assert get_tasks(client, agency="ministry-of-science", agency_role="lead") == ["overdue-task"]
    assert get_tasks(client, agency="ministry-of-science", agency_role="any") == ["overdue-task", "on-time-task"]


def test_quarter_keeps_deadlines_in_that_quarter(client):
    assert get_tasks(client, quarter="2025-Q2") == ["late-task", "on-time-task"]


def test_quarter_range_is_inclusive_at_both_ends(client):
    assert get_tasks(client, quarter_from="2025-Q2") == ["late-task", "on-time-task", "future-task"]
    assert get_tasks(client, quarter_to="2025-Q2") == ["overdue-task", "late-task", "on-time-task"]
    assert get_tasks(client, quarter_from="2025-Q2", quarter_to="2025-Q3") == ["late-task", "on-time-task"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("overdue", ["overdue-task"]),
        ("completed_on_time", ["on-time-task"]),
        ("completed_late", ["late-task"]),
        ("in_progress", ["future-task"]),
        ("no_deadline", ["open-ended-task"]),
    ],
)
def test_status_keeps_tasks_with_that_derived_status(client, status, expected):
    assert get_tasks(client, status=status) == expected


def test_status_may_be_repeated(client):
    assert get_tasks(client, status=["completed_on_time", "completed_late"]) == ["late-task", "on-time-task"]


def test_as_of_judges_statuses_on_that_date_with_reports_known_by_then(client):
    response = client.get("/api/tasks/", {"as_of": "2025-03-01"})
    statuses = {task["slug"]: task["status"] for task in response.json()["results"]}
    # Before any report was known and before any deadline passed.
    assert statuses == {
        "overdue-task": "in_progress",
        "late-task": "in_progress",
        "on-time-task": "in_progress",
        "future-task": "in_progress",
        "open-ended-task": "no_deadline",
    }
    assert get_tasks(client, as_of="2025-04-20", status="overdue") == ["overdue-task", "late-task"]


def test_document_matches_tasks_it_assigned_directly_or_through_a_meeting(client):
    assert get_tasks(client, document="resolution-57") == ["overdue-task"]
    assert get_tasks(client, document="program-03") == ["future-task"]


def test_law_keeps_tasks_about_that_law(client):
    assert get_tasks(client, law="data-law") == ["overdue-task"]


def test_deadline_after_and_before_are_inclusive(client):
    assert get_tasks(client, deadline_after="2025-04-15") == ["late-task", "on-time-task", "future-task"]
    assert get_tasks(client, deadline_before="2025-04-15") == ["overdue-task", "late-task"]
    assert get_tasks(client, deadline_after="2025-04-15", deadline_before="2025-06-30") == ["late-task", "on-time-task"]


def test_search_ignores_tone_marks_and_case(client):
    assert get_tasks(client, search="chuyen doi so") == ["overdue-task"]
    assert get_tasks(client, search="BUDGET law") == ["on-time-task"]
    assert get_tasks(client, search="57/NQ-TW") == ["overdue-task"]


def test_ordering_by_title_and_reversed_deadline(client):
    assert get_tasks(client, ordering="title")[:2] == ["on-time-task", "overdue-task"]
    assert get_tasks(client, ordering="-deadline")[0] == "future-task"


def test_filters_combine(client):
    assert get_tasks(client, agency="ministry-of-science", quarter="2025-Q2", status="completed_on_time") == [
        "on-time-task"
    ]
    assert get_tasks(client, agency="ministry-of-finance", status="completed_late", search="data") == ["late-task"]
    assert get_tasks(client, agency="ministry-of-science", agency_role="lead", quarter="2025-Q2") == []


def test_a_task_carries_deadline_quarter_status_agencies_and_evidence(client):
    response = client.get("/api/tasks/on-time-task/", {"as_of": "2025-06-01"})
    task = response.json()
    assert task["deadline"] == "2025-06-30"
    assert task["deadline_precision"] == "quarter"
    assert task["quarter"] == "2025-Q2"
    assert task["status"] == "completed_on_time"
    assert task["lead_agency"]["slug"] == "ministry-of-finance"
    assert task["lead_agency"]["url"] == "http://testserver/api/agencies/ministry-of-finance/"
    assert [agency["slug"] for agency in task["coordinating_agencies"]] == ["ministry-of-science"]
    assert task["evidence"][0]["excerpt"] == "Hoàn thành trong quý II năm 2025."
    assert task["evidence"][0]["source_url"] == "https://vnexpress.net/a"
    assert task["progress_reports"][0]["completed_on"] == "2025-05-01"
    assert task["html_url"] == "http://testserver/vi/tasks/on-time-task/"


def test_a_task_lists_only_the_reports_known_on_as_of(client):
    # The completion of 2025-05-01 was not known on 2025-04-01: in progress, and no report yet.
    before = client.get("/api/tasks/on-time-task/", {"as_of": "2025-04-01"}).json()
    assert (before["status"], before["progress_reports"]) == ("in_progress", [])
    after = client.get("/api/tasks/on-time-task/", {"as_of": "2025-05-01"}).json()
    assert [report["known_on"] for report in after["progress_reports"]] == ["2025-05-01"]
    listed = client.get("/api/tasks/", {"as_of": "2025-05-15"}).json()["results"]
    reports = {task["slug"]: [report["known_on"] for report in task["progress_reports"]] for task in listed}
    assert reports == {
        "overdue-task": [],
        "late-task": ["2025-05-10"],
        "on-time-task": ["2025-05-01"],
        "future-task": [],
        "open-ended-task": [],
    }


def test_a_task_carries_the_meeting_that_assigned_it(client, tracker):
    Meeting.objects.filter(slug="steering-meeting").update(held_on="2025-02-10", convened_by=tracker["ministry"])
    meeting = client.get("/api/tasks/future-task/").json()["meeting"]
    assert meeting == {
        "slug": "steering-meeting",
        "name": "Steering meeting",
        "held_on": "2025-02-10",
        "convened_by": {
            "url": "http://testserver/api/agencies/ministry-of-science/",
            "slug": "ministry-of-science",
            "name": "Ministry of Science and Technology",
        },
    }
    assert client.get("/api/tasks/overdue-task/").json()["meeting"] is None


def test_detail_status_follows_as_of(client):
    assert client.get("/api/tasks/on-time-task/", {"as_of": "2025-04-01"}).json()["status"] == "in_progress"
    assert client.get("/api/tasks/on-time-task/", {"as_of": "2025-05-02"}).json()["status"] == "completed_on_time"


def test_pagination_gives_count_and_links_and_honours_page_size(client):
    first = client.get("/api/tasks/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/tasks/?page=2&page_size=2"
    last = client.get("/api/tasks/", {"page_size": 2, "page": 3}).json()
    assert [task["slug"] for task in last["results"]] == ["open-ended-task"]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/tasks/?page=2&page_size=2"


def test_tasks_without_deadline_sort_last_in_both_directions(client):
    assert get_tasks(client, ordering="deadline")[-1] == "open-ended-task"
    assert get_tasks(client, ordering="-deadline") == [
        "future-task",
        "on-time-task",
        "late-task",
        "overdue-task",
        "open-ended-task",
    ]


def test_ordering_with_an_agency_filter_and_ties_broken_stably(client):
    assert get_tasks(client, agency="ministry-of-science", ordering="-deadline") == ["on-time-task", "overdue-task"]
