"""The home page does not grow with the number of tasks: its lists are cut (the first overdue
tasks, the next due, the best agencies' records, each with a link to all), its counts come from
grouped queries, and its size stays put when the tasks are multiplied."""

import datetime as dt
import re

import pytest

from bench.generate import generate
from resolutions.selectors import DASHBOARD_ROWS, TOP_AGENCIES

TODAY = dt.date(2025, 9, 1)
HOME = f"/en/?as_of={TODAY.isoformat()}"


def home(client):
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    sections = {
        name: re.search(rf'aria-labelledby="{name}">(.*?)</section>', html, re.S).group(1)
        for name in ("overdue", "due-next", "agency-records")
    }
    rows = {name: section.count('class="task-row"') for name, section in sections.items()}
    rows["agency-records"] = sections["agency-records"].count('<th scope="row">')
    return len(response.content), rows, html


@pytest.mark.django_db
def test_the_dashboard_keeps_its_size_and_rows_when_the_tasks_grow_tenfold(client):
    generate(600, today=TODAY, prefix="small")
    small_bytes, small_rows, small_html = home(client)
    generate(5400, today=TODAY, prefix="large")
    large_bytes, large_rows, large_html = home(client)

    assert "6000 tasks tracked" in large_html  # the counts cover every task
    assert large_rows == {"overdue": DASHBOARD_ROWS, "due-next": DASHBOARD_ROWS, "agency-records": TOP_AGENCIES}
    assert all(small_rows[name] <= large_rows[name] for name in large_rows)
    # Ten times the tasks: the same rows, a few more digits and chart columns at most.
    assert large_bytes < 1.1 * small_bytes, (small_bytes, large_bytes)
    assert large_bytes < 100 * 1024
    # Each cut list links to all of its rows.
    assert 'href="/en/tasks/?status=overdue&amp;as_of=2025-09-01"' in large_html
    assert "deadline_after=2025-09-01&amp;deadline_before=2025-11-30" in large_html
    assert 'href="/en/agencies/?as_of=2025-09-01"' in large_html
