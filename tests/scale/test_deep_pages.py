"""Deep pages read their rows' keys first (``params.paginate``): the same rows, in the same
order, as the plain ``OFFSET``, for every paginated list of model records; the first pages are
read as before."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from bench.generate import generate
from resolutions import params
from resolutions.filters import TaskFilter
from resolutions.models import Citation, Source, Task
from resolutions.selectors import CITATIONS_PER_PAGE, TASKS_PER_PAGE, filtered_tasks

DEEP = 20
KEYS_OF_CITATIONS = 'SELECT "resolutions_citation"."id" AS "pk" FROM'


@pytest.fixture
def generated_tasks(db, monkeypatch):
    generate(120)
    monkeypatch.setattr(params, "DEEP_OFFSET", DEEP)


def slugs_of(response):
    assert response.status_code == 200
    return re.findall(r'class="task-row" data-slug="([^"]+)"', response.content.decode())


def plain_pages(queryset, per_page):
    """Every page's slugs by the plain slice the paginator took before."""
    everything = list(queryset.values_list("slug", flat=True))
    return [everything[start : start + per_page] for start in range(0, len(everything), per_page)]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"ordering": "-deadline"},
        {"ordering": "title"},
        {"status": ["overdue", "in_progress"], "as_of": "2027-06-30"},
        {"search": "a"},
    ],
)
def test_every_page_of_the_task_list_holds_the_rows_the_plain_offset_gives(client, generated_tasks, query):
    bound = params.bind(QueryDict(urlencode(query, doseq=True)), TaskFilter, today=params.local_today(), page=True)
    pages = plain_pages(filtered_tasks(bound), TASKS_PER_PAGE)
    assert len(pages) > 1, "some pages start past DEEP_OFFSET"
    for number, expected in enumerate(pages, start=1):
        response = client.get("/en/tasks/", {**query, "page": number})
        assert slugs_of(response) == expected, (query, number)


def test_api_deep_pages_match_the_plain_offset(client, generated_tasks):
    expected = plain_pages(Task.objects.judged_on(params.local_today()).by_deadline(), 25)
    for number, slugs in enumerate(expected, start=1):
        answer = client.get("/api/tasks/", {"page": number, "as_of": params.local_today().isoformat()}).json()
        assert [task["slug"] for task in answer["results"]] == slugs, number


def test_only_deep_pages_read_their_keys_first(client, generated_tasks):
    source = Source.objects.annotate(backed=Count("citations")).order_by("-backed").first()
    keys = list(Citation.objects.filter(source=source).order_by("key").values_list("key", flat=True))
    per_page = CITATIONS_PER_PAGE
    assert len(keys) > 2 * per_page, "the generated source backs more than two pages"
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(source.get_absolute_url(), {"page": number}).content.decode()
        shown = re.findall(r'class="citation" id="([^"]+)"', html)
        assert shown == keys[(number - 1) * per_page : number * per_page]
        narrow = [query for query in queries.captured_queries if query["sql"].startswith(KEYS_OF_CITATIONS)]
        assert len(narrow) == (0 if (number - 1) * per_page < DEEP else 1), number
