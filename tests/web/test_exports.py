"""CSV, iCalendar and Atom exports of any filtered task view."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from resolutions.deadlines import DatePrecision
from resolutions.models import Agency, Task
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def tasks(db):
    ministry = factories.make_agency(slug="most", name="Ministry of Science and Technology")
    due = factories.make_task(
        slug="issue-decree",
        title="Issue the decree",
        deadline=dt.date(2025, 6, 30),
        precision=DatePrecision.QUARTER,
        deadline_as_stated="in the second quarter of 2025",
        lead_agency=ministry,
    )
    other = factories.make_task(slug="other", title="Another task", deadline=dt.date(2025, 9, 30))
    undated = factories.make_task(slug="undated", title="Keep going", lead_agency=ministry)
    factories.make_report(task=due, reported_on=dt.date(2025, 4, 1), statement="Drafting began.")
    factories.make_report(task=due, completed_on=dt.date(2025, 6, 20), statement="The decree was issued.")
    factories.make_report(task=other, reported_on=dt.date(2025, 5, 1), statement="Other work began.")
    return {"due": due, "other": other, "undated": undated}


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # spreadsheets then read Vietnamese as UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_holds_the_filtered_tasks_with_status_on_the_as_of_date(client, tasks):
    rows = read_csv(client.get(reverse("resolutions:task-csv"), {"agency": "most", "as_of": "2025-07-01"}))

    assert [row["Slug"] for row in rows] == ["issue-decree", "undated"]
    # The columns stay the same whatever the date, so a re-import finds them.
    assert (rows[0]["Status"], rows[0]["Status as of"]) == ("completed_on_time", "2025-07-01")
    assert rows[0]["Status (name)"] == "completed on time"
    assert rows[0]["Quarter"] == "2025-Q2" and rows[0]["Lead agency"] == "most"
    assert rows[0]["Address"] == "http://testserver/en/tasks/issue-decree/"


def test_csv_headers_and_names_follow_the_page_language_beside_the_slugs(client, tasks):
    Agency.objects.filter(slug="most").update(name_vi="Bộ Khoa học và Công nghệ")
    response = client.get("/vi/tasks.csv", {"agency": "most"}, HTTP_ACCEPT_LANGUAGE="vi")
    row = read_csv(response)[0]

    assert row["Mã định danh"] == "issue-decree"
    assert row["Cơ quan chủ trì"] == "most"
    assert row["Cơ quan chủ trì (tên)"] == "Bộ Khoa học và Công nghệ"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, tasks):
    Task.objects.filter(slug="issue-decree").update(title='=HYPERLINK("http://evil.example")', title_vi="@SUM(A1)")
    row = read_csv(client.get(reverse("resolutions:task-csv"), {"agency": "most"}))[0]

    assert row["Title (English)"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Title (Vietnamese)"] == "'@SUM(A1)"


def streamed(response):
    return b"".join(response.streaming_content)


def test_ics_is_a_valid_calendar_with_one_all_day_event_per_deadline(client, tasks):
    response = client.get(reverse("resolutions:task-ics"), {"agency": "most"})

    assert response["Content-Type"].startswith("text/calendar")
    assert response.streaming  # written event by event as the tasks are read
    calendar = icalendar.Calendar.from_ical(streamed(response))
    events = [component for component in calendar.walk("VEVENT")]
    assert [str(event["summary"]) for event in events] == ["Issue the decree"]  # the undated task has no event
    event = events[0]
    assert event["dtstart"].dt == dt.date(2025, 6, 30)
    assert event["dtend"].dt == dt.date(2025, 7, 1)
    assert str(event["uid"]) == "issue-decree@resolution57-tracker"
    assert "in the second quarter of 2025" in str(event["description"])


def test_atom_feed_lists_progress_reports_newest_first_up_to_as_of(client, tasks):
    response = client.get(reverse("resolutions:task-feed"), {"as_of": "2025-06-01"})

    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.streaming
    feed = ET.fromstring(streamed(response))
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Another task: reported in progress", "Issue the decree: reported in progress"]


def test_feed_follows_the_filters(client, tasks):
    response = client.get(reverse("resolutions:task-feed"), {"agency": "most"})

    feed = ET.fromstring(streamed(response))
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Issue the decree: completed", "Issue the decree: reported in progress"]


def test_each_filtered_feed_has_its_own_id_an_author_and_entry_links_judged_on_its_date(client, tasks):
    def feed(params):
        return ET.fromstring(streamed(client.get(reverse("resolutions:task-feed"), params)))

    everything, ministry = feed({}), feed({"agency": "most", "as_of": "2025-07-01"})

    assert everything.find(f"{ATOM}id").text != ministry.find(f"{ATOM}id").text
    assert ministry.find(f"{ATOM}author/{ATOM}name").text == "Resolution 57 Tracker"
    alternate = ministry.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == "http://testserver/en/tasks/?agency=most&as_of=2025-07-01"
    entry_link = ministry.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert entry_link.startswith("http://testserver/en/tasks/issue-decree/?as_of=2025-07-01#")


@pytest.mark.parametrize("name", ["resolutions:task-csv", "resolutions:task-ics", "resolutions:task-feed"])
def test_exports_reject_bad_parameters_with_a_400(client, tasks, name):
    response = client.get(reverse(name), {"quarter": "2025-Q5", "page": "2"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-parameter="quarter"' in html and 'data-parameter="page"' in html


def test_task_list_links_to_exports_with_the_same_filters(client, tasks):
    html = client.get(reverse("resolutions:task-list"), {"agency": "most", "quarter": "2025-Q2"}).content.decode()

    assert 'href="/en/tasks.ics?agency=most&amp;quarter=2025-Q2"' in html
    assert 'href="webcal://testserver/en/tasks.ics?agency=most&amp;quarter=2025-Q2"' in html
    assert 'href="/en/tasks.csv?agency=most&amp;quarter=2025-Q2"' in html
    assert 'href="/en/tasks.atom?agency=most&amp;quarter=2025-Q2"' in html


def test_calendar_events_escape_text_and_fold_long_lines_between_characters(client, db):
    title = "Ban hành nghị định; hướng dẫn, thí điểm\\chuyển đổi số " * 4  # over 75 octets, accented
    factories.make_task(slug="long-title", title=title, deadline=dt.date(2025, 6, 30))

    body = streamed(client.get(reverse("resolutions:task-ics")))

    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # octets, folded between characters
    body.decode("utf-8")
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == title
    assert event["dtstart"].dt == dt.date(2025, 6, 30)
