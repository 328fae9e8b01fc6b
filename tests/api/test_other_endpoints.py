"""Laws, review lists, documents, figures, agencies, sources and progress reports: their filters and links."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from resolutions.deadlines import ReportStatus
from resolutions.models import (
    AgencyKind,
    DocumentKind,
    Figure,
    FigureUnit,
    LawAction,
    LawReviewList,
    LawStage,
    Task,
)
from resolutions.selectors import DETAIL_TASKS
from tests.factories import make_agency, make_citation, make_law, make_report, make_source, make_task

from .conftest import slugs


def keys(response):
    return [record["key"] for record in response.json()["results"]]


def test_root_lists_every_endpoint(client, db):
    response = client.get("/api/")
    assert response.status_code == 200
    assert set(response.json()) == {
        "tasks",
        "laws",
        "review-lists",
        "documents",
        "figures",
        "agencies",
        "sources",
        "reports",
    }


def test_laws_filter_by_action_stage_review_list_and_search(client, tracker):
    amended = make_law(slug="budget-law", name="State Budget Law", action=LawAction.AMENDMENT)
    make_report(law=amended, reported_on=dt.date(2025, 5, 1), law_stage=LawStage.SUBMITTED)
    review = LawReviewList.objects.create(
        slug="28-laws", name="28 laws", document=tracker["program"], declared_count=28
    )
    review.laws.add(amended)

    assert slugs(client.get("/api/laws/", {"action": "amendment"})) == ["budget-law"]
    assert slugs(client.get("/api/laws/", {"stage": "submitted"})) == ["budget-law"]
    assert slugs(client.get("/api/laws/", {"review_list": "28-laws"})) == ["budget-law"]
    assert slugs(client.get("/api/laws/", {"search": "data"})) == ["data-law"]
    assert slugs(client.get("/api/laws/", {"ordering": "-name"})) == ["budget-law", "data-law"]
    law = client.get("/api/laws/data-law/").json()
    assert [task["slug"] for task in law["tasks"]] == ["overdue-task"]


def test_a_law_lists_its_first_tasks_by_deadline_and_links_to_them_all(client, tracker):
    law = make_law(slug="big-law", name="Big Law")
    due = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(DETAIL_TASKS + 5)]
    for n, deadline in enumerate(reversed(due)):
        make_task(slug=f"big-{n:03d}", deadline=deadline, assigned_on=dt.date(2024, 12, 1)).laws.add(law)
    later = make_task(slug="assigned-later", deadline=dt.date(2024, 12, 31), assigned_on=dt.date(2024, 12, 20))
    later.laws.add(law)

    record = client.get("/api/laws/big-law/", {"as_of": "2024-12-15"}).json()
    first = list(Task.objects.filter(laws=law, deadline__in=due[:DETAIL_TASKS]).values_list("slug", flat=True))
    assert [task["slug"] for task in record["tasks"]] == sorted(first, key=lambda slug: -int(slug[4:]))
    assert len(record["tasks"]) == DETAIL_TASKS
    assert record["tasks_url"] == "http://testserver/api/tasks/?law=big-law"
    # Not yet assigned on 2024-12-15; first by deadline once it is.
    assert client.get("/api/laws/big-law/", {"as_of": "2025-03-01"}).json()["tasks"][0]["slug"] == "assigned-later"

    listed = client.get("/api/laws/", {"search": "big"}).json()["results"]
    assert [law["slug"] for law in listed] == ["big-law"] and "tasks" not in listed[0]
    assert listed[0]["tasks_url"] == record["tasks_url"]
    all_tasks = client.get(urlsplit(record["tasks_url"]).path + "?" + urlsplit(record["tasks_url"]).query).json()
    assert all_tasks["count"] == DETAIL_TASKS + 6


def test_review_list_gives_declared_and_identified_counts(client, tracker):
    review = LawReviewList.objects.create(
        slug="28-laws", name="28 laws", document=tracker["program"], declared_count=28
    )
    review.laws.add(tracker["data_law"])
    record = client.get("/api/review-lists/28-laws/").json()
    assert record["declared_count"] == 28
    assert record["identified_count"] == 1
    assert record["document"]["slug"] == "program-03"
    assert [law["slug"] for law in record["laws"]] == ["data-law"]


def test_figures_filter_by_document_and_unit_and_carry_their_evidence(client, tracker):
    laws = Figure.objects.create(
        slug="laws-2025", label="Laws in 2025", value=27, unit=FigureUnit.LAWS, as_stated="27 laws"
    )
    Figure.objects.create(
        slug="decrees-2025",
        label="Decrees in 2025",
        value=19,
        unit=FigureUnit.DECREES,
        as_stated="19 decrees",
        document=tracker["program"],
    )
    make_citation(tracker["source"], excerpt="27 laws and 19 decrees in 2025", figure=laws)

    assert slugs(client.get("/api/figures/", {"unit": "laws"})) == ["laws-2025"]
    assert slugs(client.get("/api/figures/", {"document": "program-03"})) == ["decrees-2025"]
    assert slugs(client.get("/api/figures/", {"ordering": "value"})) == ["decrees-2025", "laws-2025"]
    record = client.get("/api/figures/laws-2025/").json()
    assert (record["value"], record["as_stated"], record["document"]) == (27, "27 laws", None)
    assert record["html_url"] == "http://testserver/vi/documents/#laws-2025"
    assert [(item["excerpt"], item["source_url"]) for item in record["evidence"]] == [
        ("27 laws and 19 decrees in 2025", "https://vnexpress.net/a")
    ]
    errors = client.get("/api/figures/", {"unit": "bills", "document": "no-such"}).json()["errors"]
    assert set(errors) == {"unit", "document"}


def test_documents_filter_and_carry_their_chain_up_to_the_resolution(client, tracker):
    assert slugs(client.get("/api/documents/", {"implements": "resolution-57"})) == ["program-03"]
    assert slugs(client.get("/api/documents/", {"search": "57/NQ-TW"})) == ["resolution-57"]
    assert slugs(client.get("/api/documents/", {"kind": DocumentKind.RESOLUTION, "ordering": "code"})) == [
        "program-03",
        "resolution-57",
    ]
    program = client.get("/api/documents/program-03/").json()
    assert [document["slug"] for document in program["chain"]] == ["program-03", "resolution-57"]
    assert program["implements"]["url"] == "http://testserver/api/documents/resolution-57/"


def test_documents_filter_by_issuing_agency(client, tracker):
    tracker["program"].issuing_agency = tracker["partner"]
    tracker["program"].save()
    assert slugs(client.get("/api/documents/", {"issuing_agency": "ministry-of-finance"})) == ["program-03"]


def test_agencies_filter_by_kind_parent_and_search(client, tracker):
    make_agency(slug="vietnam-government", name="Government", kind=AgencyKind.GOVERNMENT)
    make_agency(slug="science-department", name="Department of Science", parent=tracker["ministry"])
    assert slugs(client.get("/api/agencies/", {"kind": "government"})) == ["vietnam-government"]
    assert slugs(client.get("/api/agencies/", {"parent": "ministry-of-science"})) == ["science-department"]
    assert slugs(client.get("/api/agencies/", {"search": "bo khoa hoc"})) == ["ministry-of-science"]


def test_sources_filter_by_publisher_and_count_their_excerpts(client, tracker):
    response = client.get("/api/sources/", {"publisher": "vnexp"})
    assert slugs(response) == ["vnexpress"]
    source = response.json()["results"][0]
    assert source["article_url"] == "https://vnexpress.net/a"
    assert source["citation_count"] == 1


def test_reports_filter_by_subject_status_and_dates(client, tracker):
    make_report(law=tracker["data_law"], reported_on=dt.date(2025, 2, 1), key="data-law-drafting")
    by_task = client.get("/api/reports/", {"task": "on-time-task"}).json()["results"]
    assert [report["task"]["slug"] for report in by_task] == ["on-time-task"]
    assert keys(client.get("/api/reports/", {"law": "data-law"})) == ["data-law-drafting"]
    completed = client.get("/api/reports/", {"status": ReportStatus.COMPLETED}).json()["results"]
    assert {report["completed_on"] for report in completed} == {"2025-05-01", "2025-05-10"}
    window = client.get("/api/reports/", {"reported_after": "2025-05-02", "reported_before": "2025-05-31"})
    assert [report["reported_on"] for report in window.json()["results"]] == ["2025-05-10", "2025-05-20"]
    assert keys(client.get("/api/reports/", {"document": "program-03"})) == []


def test_report_detail_is_found_by_key_with_its_evidence(client, tracker):
    report = make_report(law=tracker["data_law"], reported_on=dt.date(2025, 2, 1), key="data-law-drafting")
    make_citation(tracker["source"], excerpt="Dự thảo Luật Dữ liệu.", report=report)
    record = client.get("/api/reports/data-law-drafting/").json()
    assert record["law"]["slug"] == "data-law"
    assert record["evidence"][0]["excerpt"] == "Dự thảo Luật Dữ liệu."


@pytest.mark.parametrize(
    "path",
    [
        "/api/tasks/overdue-task/",
        "/api/laws/data-law/",
        "/api/documents/resolution-57/",
        "/api/agencies/ministry-of-science/",
        "/api/sources/vnexpress/",
    ],
)
def test_every_record_links_to_itself_and_its_web_page(client, tracker, path):
    record = client.get(path).json()
    assert record["url"] == f"http://testserver{path}"
    assert record["html_url"].startswith("http://testserver/")
    assert resolve(urlsplit(record["html_url"]).path).url_name.endswith("-detail")


def test_agencies_sources_and_reports_can_be_reordered(client, tracker):
    assert slugs(client.get("/api/agencies/", {"ordering": "-slug"})) == ["ministry-of-science", "ministry-of-finance"]
    make_report(law=tracker["data_law"], completed_on=dt.date(2025, 1, 2), key="data-law-passed", law_stage="passed")
    reports = client.get("/api/reports/", {"ordering": "-completed_on"}).json()["results"]
    # Reports without a completion date come last whichever the direction.
    assert [report["completed_on"] for report in reports] == ["2025-05-10", "2025-05-01", "2025-01-02", None]
    later = make_source(slug="later-article", published_on=dt.date(2025, 7, 1))
    assert slugs(client.get("/api/sources/", {"ordering": "-published_on"}))[0] == later.slug
    assert slugs(client.get("/api/sources/", {"ordering": "published_on"}))[-1] == "vnexpress"
