"""The dashboard's chart of tasks per deadline quarter: drawable in Vietnamese, labelled, titled."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests import factories

AS_OF = "2025-07-01"
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
# .chart-total is 11px in site.css; its digits rise about that far above the baseline.
TOTAL_FONT_SIZE = 11


def quarter_chart(response):
    html = response.content.decode()
    match = re.search(r'<svg[^>]*aria-labelledby="quarter-chart-title".*?</svg>', html, re.S)
    assert match, "no quarter chart on the page"
    return ET.fromstring(match[0])


def view_box(svg):
    min_x, min_y, width, height = (float(number) for number in svg.get("viewBox").split())
    return min_x, min_y, width, height


def column_labels(svg):
    """Each column's axis label, its lines joined by a space."""
    labels = [text for text in svg.iter("text") if text.get("class") == "chart-label"]
    return [" ".join(line.strip() for line in label.itertext() if line.strip()) for label in labels]


def segment_titles(svg):
    return [rect.find("title").text for rect in svg.iter("rect")]


@pytest.fixture
def quarters(db):
    """2025-Q2: three overdue and one completed on time; 2045-Q4: one in progress; two with no
    deadline."""
    for _ in range(3):
        factories.make_task(deadline=dt.date(2025, 5, 15))
    on_time = factories.make_task(deadline=dt.date(2025, 6, 30))
    factories.make_report(task=on_time, completed_on=dt.date(2025, 6, 1))
    factories.make_task(deadline=dt.date(2045, 12, 31))
    factories.make_task()
    factories.make_task()


def test_every_number_in_the_chart_is_plain_on_the_vietnamese_dashboard(client, curated):
    response = client.get("/vi/", {"as_of": AS_OF}, HTTP_ACCEPT_LANGUAGE="vi")
    svg = quarter_chart(response)

    assert all(PLAIN_NUMBER.fullmatch(number) for number in svg.get("viewBox").split()), svg.get("viewBox")
    # No style attribute (the Content-Security-Policy allows none): the width is an attribute.
    assert svg.get("style") is None and PLAIN_NUMBER.fullmatch(svg.get("width")), svg.attrib
    not_plain = [
        f'{element.tag} {name}="{value}"'
        for element in svg.iter()
        for name, value in element.attrib.items()
        if name in {"x", "y", "width", "height"} and not PLAIN_NUMBER.fullmatch(value)
    ]
    assert not_plain == []
    assert [rect for rect in svg.iter("rect") if float(rect.get("height")) > 0], "no bars drawn"


def test_the_tallest_columns_total_is_inside_the_chart(client, quarters):
    svg = quarter_chart(client.get(reverse("resolutions:home"), {"as_of": AS_OF}))
    _min_x, min_y, _width, height = view_box(svg)

    totals = [text for text in svg.iter("text") if text.get("class") == "chart-total"]
    assert [total.text for total in totals] == ["4", "1", "2"]
    for total in totals:
        assert min_y + TOTAL_FONT_SIZE <= float(total.get("y")) <= min_y + height, total.text


def test_columns_are_labelled_with_four_digit_years_and_no_deadline(client, quarters):
    english = quarter_chart(client.get(reverse("resolutions:home"), {"as_of": AS_OF}))
    vietnamese = quarter_chart(client.get("/vi/", {"as_of": AS_OF}, HTTP_ACCEPT_LANGUAGE="vi"))

    assert column_labels(english) == ["2025 Q2", "2045 Q4", "no deadline"]
    assert column_labels(vietnamese) == ["2025 Q2", "2045 Q4", "không có thời hạn"]


def test_each_bar_segment_names_its_quarter_count_and_status(client, quarters):
    english = quarter_chart(client.get(reverse("resolutions:home"), {"as_of": AS_OF}))
    vietnamese = quarter_chart(client.get("/vi/", {"as_of": AS_OF}, HTTP_ACCEPT_LANGUAGE="vi"))

    assert segment_titles(english) == [
        "2025-Q2: 1 completed on time",
        "2025-Q2: 3 overdue",
        "2045-Q4: 1 in progress",
        "no deadline: 2 no deadline",
    ]
    assert "2025-Q2: 3 quá hạn" in segment_titles(vietnamese)


def test_the_chart_keeps_its_title_and_table_of_the_same_figures(client, quarters):
    response = client.get(reverse("resolutions:home"), {"as_of": AS_OF})
    svg = quarter_chart(response)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))

    assert svg.get("role") == "img"
    assert svg.find("title").text == "Tasks per deadline quarter, stacked by status"
    assert "The same figures as a table" in page
    assert "no deadline 0 0 0 0 2 2" in page
