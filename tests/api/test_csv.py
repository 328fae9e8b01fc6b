"""CSV for list endpoints: UTF-8 with a byte-order mark, flat columns, the whole filtered list.
The tasks' CSV is the website's (resolutions.exports), headed by its column keys."""

import csv
import io

import pytest

from resolutions.exports import TASK_COLUMNS
from resolutions.models import Figure, FigureUnit, Task

pytestmark = pytest.mark.usefixtures("tracker")


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_format_csv_gives_one_flat_row_per_task_with_vietnamese_intact(client):
    response = client.get("/api/tasks/", {"format": "csv", "as_of": "2025-06-01"})
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == [
        "overdue-task",
        "late-task",
        "on-time-task",
        "future-task",
        "open-ended-task",
    ]
    overdue = rows[0]
    assert overdue["title_vi"] == "Ban hành kế hoạch chuyển đổi số quốc gia"
    assert overdue["status"] == "overdue"
    assert overdue["quarter"] == "2025-Q1"
    assert overdue["status_as_of"] == "2025-06-01"
    # Slugs for machines, and beside them names in the API's language (English).
    assert (overdue["lead_agency"], overdue["lead_agency_name"]) == (
        "ministry-of-science",
        "Ministry of Science and Technology",
    )
    assert (overdue["laws"], overdue["law_names"]) == ("data-law", "Data Law")
    # The same row as the website's CSV: the task's page.
    assert overdue["url"] == "http://testserver/vi/tasks/overdue-task/"
    assert rows[4]["deadline"] == ""
    assert response["Content-Disposition"] == 'attachment; filename="tasks.csv"'


def test_accept_header_text_csv_works_like_format_csv(client):
    rows = read_csv(client.get("/api/tasks/", {"status": "overdue", "as_of": "2025-06-01"}, HTTP_ACCEPT="text/csv"))
    assert [row["slug"] for row in rows] == ["overdue-task"]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/csv;q=0.9, application/json;q=0.1", "text/csv; charset=utf-8"),
        ("application/json;q=0.5, text/csv", "text/csv; charset=utf-8"),
        ("text/csv;q=0.5, application/json", "application/json"),
        ("text/csv;q=0, */*;q=0.1", "application/json"),
        # Equal preferences keep the endpoint's order: JSON first.
        ("text/csv, application/json", "application/json"),
    ],
)
def test_accept_header_preferences_choose_the_format(client, accept, content_type):
    response = client.get("/api/tasks/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_a_format_refused_with_q_0_alone_is_a_406(client):
    assert client.get("/api/tasks/", HTTP_ACCEPT="text/csv;q=0").status_code == 406


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, start):
    Task.objects.filter(slug="overdue-task").update(title=f'{start}HYPERLINK("http://evil.example")')
    rows = {row["slug"]: row for row in read_csv(client.get("/api/tasks/", {"format": "csv"}))}
    assert rows["overdue-task"]["title"] == f'\'{start}HYPERLINK("http://evil.example")'


def test_other_lists_neutralise_formulas_too(client, tracker):
    tracker["ministry"].__class__.objects.filter(slug="ministry-of-finance").update(name="=1+1")
    rows = {row["slug"]: row for row in read_csv(client.get("/api/agencies/", {"format": "csv"}))}
    assert rows["ministry-of-finance"]["name"] == "'=1+1"


def test_csv_exports_the_whole_filtered_list_unless_a_page_is_asked_for(client):
    assert len(read_csv(client.get("/api/tasks/", {"format": "csv"}))) == 5
    assert len(read_csv(client.get("/api/tasks/", {"format": "csv", "page_size": 2}))) == 2
    assert len(read_csv(client.get("/api/tasks/", {"format": "csv", "page_size": 2, "page": 3}))) == 1


def test_several_values_share_a_cell_separated_by_bars(client, tracker):
    tracker["tasks"][1].coordinating_agencies.add(tracker["partner"])
    rows = read_csv(client.get("/api/tasks/", {"format": "csv", "search": "budget"}))
    assert rows[0]["coordinating_agencies"] == "ministry-of-finance | ministry-of-science"
    assert rows[0]["coordinating_agency_names"] == "Ministry of Finance | Ministry of Science and Technology"


def test_empty_csv_still_has_its_header(client):
    response = client.get("/api/tasks/", {"format": "csv", "search": "nothing matches"})
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [column.key for column in TASK_COLUMNS]


@pytest.mark.parametrize(
    "path", ["/api/laws/", "/api/documents/", "/api/figures/", "/api/agencies/", "/api/sources/", "/api/reports/"]
)
def test_every_list_is_offered_as_csv(client, path):
    Figure.objects.create(slug="pilot-mechanisms", label="Pilot mechanisms", value=12, unit=FigureUnit.MECHANISMS)
    rows = read_csv(client.get(path, {"format": "csv"}))
    assert rows
    assert all(row["url"].startswith("http://testserver/api/") for row in rows)


def test_document_chain_is_flattened_to_slugs(client):
    rows = read_csv(client.get("/api/documents/", {"format": "csv", "implements": "resolution-57"}))
    assert rows[0]["chain"] == "program-03 | resolution-57"
