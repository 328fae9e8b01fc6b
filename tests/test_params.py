"""params.bind: one validation of a query string for the website and the API alike."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import translation

from resolutions import params
from resolutions.filters import TaskFilter
from resolutions.models import Task
from tests.factories import make_agency, make_task

TODAY = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def bind(query, **options):
    return params.bind(QueryDict(query), TaskFilter, today=TODAY, **options)


@pytest.mark.django_db
def test_a_valid_query_is_bound_once_with_its_date_and_page():
    agency = make_agency(slug="most")
    bound = bind("agency=most&status=overdue&status=in_progress&as_of=2025-06-01&page=2", page=True)
    assert bound.filters["agency"] == agency
    assert bound.filters["status"] == ["overdue", "in_progress"]
    assert (bound.as_of, bound.as_of_explicit, bound.today, bound.page) == (dt.date(2025, 6, 1), True, TODAY, 2)


@pytest.mark.django_db
def test_without_as_of_the_page_is_judged_on_the_today_it_was_given():
    bound = bind("")
    assert (bound.as_of, bound.as_of_explicit) == (TODAY, False)


@pytest.mark.django_db
def test_every_fault_is_named_at_once_with_what_it_accepts():
    with pytest.raises(params.QueryError) as error:
        bind("stauts=overdue&quarter=2025-Q5&quarter=2025-Q1&as_of=tomorrow&page=first&agency=nobody", page=True)
    errors = error.value.errors
    assert set(errors) == {"stauts", "quarter", "as_of", "page", "agency"}
    assert errors["stauts"][0] == "Unknown parameter." and "status" in errors["stauts"][1]
    assert errors["quarter"] == ("Given more than once.", "a single value")
    assert "YYYY-MM-DD" in errors["as_of"][1]
    assert "/api/agencies/" in errors["agency"][1]


@pytest.mark.django_db
def test_page_size_and_as_of_are_refused_where_a_page_does_not_take_them():
    with pytest.raises(params.QueryError) as error:
        params.bind(QueryDict("as_of=2025-01-01&page_size=5"), None, today=TODAY, as_of=False, page=True)
    assert set(error.value.errors) == {"as_of", "page_size"}


@pytest.mark.django_db
def test_a_page_past_the_end_is_a_query_error_naming_the_last_page():
    make_task()
    bound = bind("page=3", page=True)
    with pytest.raises(params.QueryError) as error:
        params.paginate(Task.objects.all(), bound, per_page=50)
    assert error.value.errors == {"page": ("There is no such page.", "a whole number from 1 to 1")}
