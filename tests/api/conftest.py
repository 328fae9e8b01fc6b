import datetime as dt

import pytest
from rest_framework.test import APIClient

from resolutions.deadlines import DatePrecision
from resolutions.models import Meeting
from tests.factories import make_agency, make_citation, make_document, make_law, make_report, make_source, make_task

AS_OF = dt.date(2025, 6, 1)


@pytest.fixture
def client():
    return APIClient()


def slugs(response):
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def tracker(db):
    """Five tasks, judged on AS_OF (2025-06-01): overdue, completed on time, completed late,
    in progress, and without deadline."""
    ministry = make_agency(slug="ministry-of-science", name="Ministry of Science and Technology", name_vi="Bộ Khoa học")
    partner = make_agency(slug="ministry-of-finance", name="Ministry of Finance")
    resolution = make_document(slug="resolution-57", code="57-NQ/TW", title="Resolution 57")
    program = make_document(slug="program-03", code="03/NQ-CP", title="Action program", implements=resolution)
    meeting = Meeting.objects.create(slug="steering-meeting", name="Steering meeting", concerns=program)
    data_law = make_law(slug="data-law", name="Data Law")
    source = make_source(slug="vnexpress", publisher="VnExpress", url="https://vnexpress.net/a")

    overdue = make_task(
        dt.date(2025, 3, 31),
        DatePrecision.MONTH,
        slug="overdue-task",
        title="Issue the digital plan",
        title_vi="Ban hành kế hoạch chuyển đổi số quốc gia",
        lead_agency=ministry,
        document=resolution,
    )
    overdue.laws.add(data_law)
    on_time = make_task(dt.date(2025, 6, 30), DatePrecision.QUARTER, slug="on-time-task", title="Amend the budget law")
    on_time.coordinating_agencies.add(ministry)
    on_time.lead_agency = partner
    on_time.save()
    make_report(on_time, completed_on=dt.date(2025, 5, 1))
    late = make_task(dt.date(2025, 4, 15), slug="late-task", title="Open the data exchange", lead_agency=partner)
    make_report(late, completed_on=dt.date(2025, 5, 10))
    in_progress = make_task(dt.date(2025, 12, 31), DatePrecision.YEAR, slug="future-task", meeting=meeting)
    make_report(in_progress, reported_on=dt.date(2025, 5, 20))
    no_deadline = make_task(slug="open-ended-task", title="Keep improving institutions")
    make_citation(source, excerpt="Hoàn thành trong quý II năm 2025.", task=on_time)
    return {
        "ministry": ministry,
        "partner": partner,
        "resolution": resolution,
        "program": program,
        "data_law": data_law,
        "source": source,
        "tasks": [overdue, on_time, late, in_progress, no_deadline],
    }
