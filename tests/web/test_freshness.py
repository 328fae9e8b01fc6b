"""Statuses a reader can trust: judged by default on the date of the newest information, said on
every page, and deadlines passed since read "no report since the deadline", not "overdue"."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse, translate_url

from resolutions import freshness, history, params, response_cache
from resolutions.deadlines import TaskStatus
from resolutions.models import Agency, Document, Law, LawReviewList, ProgressReport, Source, Task
from tests import factories

NEWEST = dt.date(2025, 9, 25)  # the newest source; no curated report is later
LATER = dt.date(2026, 3, 1)
# Due 31 December 2025, after the newest information: nothing the tracker holds could say.
DUE_AFTER = "develop-27-laws-19-decrees-2025"
# Due 30 June 2025, before it: a report could have said it was done.
DUE_BEFORE = "resolution-57-implementation-index"


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def current_status(response):
    return response.content.decode().split('class="current-status"')[1].split("</p>")[0]


def public_pages():
    return [
        reverse("resolutions:home"),
        reverse("resolutions:task-list"),
        Task.objects.get(slug=DUE_AFTER).get_absolute_url(),
        reverse("resolutions:law-list"),
        Law.objects.order_by("slug").first().get_absolute_url(),
        LawReviewList.objects.first().get_absolute_url(),
        reverse("resolutions:document-list"),
        Document.objects.order_by("slug").first().get_absolute_url(),
        reverse("resolutions:agency-list"),
        Agency.objects.order_by("slug").first().get_absolute_url(),
        reverse("resolutions:source-list"),
        Source.objects.order_by("slug").first().get_absolute_url(),
        reverse("resolutions:search") + "?q=du+lieu",
    ]


def test_every_public_page_says_statuses_are_as_of_the_newest_information_in_both_languages(client, curated):
    for url in public_pages():
        english = text_of(client.get(url))
        vietnamese = text_of(client.get(translate_url(url, "vi"), HTTP_ACCEPT_LANGUAGE="vi"))
        assert "Statuses as of 25 September 2025, the date of the newest information; choose a later date" in english
        assert "Tình trạng tính đến ngày 25 tháng 9 năm 2025, ngày của thông tin mới nhất" in vietnamese, url


def test_the_banner_offers_a_later_date_keeping_the_pages_filters(client, curated):
    html = client.get(reverse("resolutions:task-list"), {"status": "overdue", "page": "1"}).content.decode()
    form = html.split('class="choose-date"')[1].split("</form>")[0]
    assert 'name="as_of"' in form and 'min="2025-09-25"' in form
    assert '<input type="hidden" name="status" value="overdue">' in form
    assert 'name="page"' not in form


def test_without_as_of_statuses_are_judged_on_the_newest_information_on_the_site_and_the_api(client, curated):
    # On today's date the task would read overdue; on the newest information's date it is not yet due.
    assert Task.objects.with_status(LATER).get(slug=DUE_AFTER).status == TaskStatus.OVERDUE
    page = client.get(Task.objects.get(slug=DUE_AFTER).get_absolute_url())
    assert "in progress" in current_status(page)
    api = client.get(reverse("api:task-detail", args=[DUE_AFTER])).json()
    assert api["status"] == "in_progress" and api["no_report_since_deadline"] is False

    default_home = text_of(client.get(reverse("resolutions:home")))
    chosen_home = text_of(client.get(reverse("resolutions:home"), {"as_of": NEWEST.isoformat()}))
    counts = re.compile(r"Tasks by status (.*?) Overdue")
    assert counts.search(default_home)[1] == counts.search(chosen_home)[1]
    default_list = client.get(reverse("api:task-list"), {"page_size": 100}).json()["results"]
    chosen_list = client.get(reverse("api:task-list"), {"page_size": 100, "as_of": NEWEST.isoformat()}).json()
    assert [(task["slug"], task["status"]) for task in default_list] == [
        (task["slug"], task["status"]) for task in chosen_list["results"]
    ]


def test_as_of_still_chooses_any_date_and_the_banner_says_it_was_chosen(client, curated):
    earlier = text_of(client.get(reverse("resolutions:home"), {"as_of": "2025-03-01"}))
    assert "Statuses as of 1 March 2025, which you chose; the newest information is dated 25 September 2025." in earlier
    assert "Only the progress reports known by that date count." in earlier
    later = client.get(reverse("resolutions:task-list"), {"as_of": LATER.isoformat(), "status": "overdue"})
    assert "Statuses as of 1 March 2026, which you chose" in text_of(later)
    assert '<a href="/en/tasks/?status=overdue">Show the statuses as of the newest information</a>' in (
        later.content.decode()
    )
    home_vi = translate_url(reverse("resolutions:home"), "vi")
    vietnamese = text_of(client.get(home_vi, {"as_of": "2025-03-01"}, HTTP_ACCEPT_LANGUAGE="vi"))
    assert "Tình trạng tính đến ngày 1 tháng 3 năm 2025, ngày bạn chọn" in vietnamese


def test_a_deadline_passed_after_the_newest_information_reads_no_report_since_the_deadline(client, curated):
    after = client.get(Task.objects.get(slug=DUE_AFTER).get_absolute_url(), {"as_of": LATER.isoformat()})
    assert "no report since the deadline" in current_status(after)
    assert "Last reported on 2025-09-25." in text_of(after)
    assert "status-overdue" not in current_status(after)
    before = client.get(Task.objects.get(slug=DUE_BEFORE).get_absolute_url(), {"as_of": LATER.isoformat()})
    assert "status-overdue" in current_status(before)
    assert "no report since the deadline" not in current_status(before)

    rows = client.get(reverse("resolutions:task-list"), {"as_of": LATER.isoformat()}).content.decode()
    row_after = rows.split(f'data-slug="{DUE_AFTER}"')[1].split("</tr>")[0]
    row_before = rows.split(f'data-slug="{DUE_BEFORE}"')[1].split("</tr>")[0]
    assert "no report since the deadline" in row_after and "status-overdue" not in row_after
    assert "status-overdue" in row_before


def test_the_dashboard_counts_and_lists_unreported_deadlines_apart_from_overdue_ones(client, curated):
    judged = Task.objects.with_status(LATER).filter(status=TaskStatus.OVERDUE)
    unreported = judged.filter(deadline__gte=NEWEST).count()
    overdue = judged.count() - unreported
    assert unreported and overdue

    response = client.get(reverse("resolutions:home"), {"as_of": LATER.isoformat()})
    html = response.content.decode()
    assert (
        f'?status=overdue&amp;deadline_before=2025-09-24&amp;as_of=2026-03-01"><span class="count">{overdue}</span>'
        in html
    )
    assert (
        f'?status=overdue&amp;deadline_after=2025-09-25&amp;as_of=2026-03-01"><span class="count">{unreported}</span>'
        ' <span class="label">no report since the deadline</span>' in html
    )
    no_report = html.split('id="no-report"')[1].split("</section>")[0]
    overdue_section = html.split('id="overdue"')[1].split("</section>")[0]
    assert f'data-slug="{DUE_AFTER}"' in no_report and f'data-slug="{DUE_AFTER}"' not in overdue_section
    overdue_slugs = re.findall(r'data-slug="([^"]+)"', overdue_section)
    assert overdue_slugs and all(task.deadline < NEWEST for task in Task.objects.filter(slug__in=overdue_slugs))
    # The links lead to exactly those tasks.
    listed = client.get(
        reverse("resolutions:task-list"),
        {"status": "overdue", "deadline_after": NEWEST.isoformat(), "as_of": LATER.isoformat()},
    )
    assert f"{unreported} tasks match." in text_of(listed)


def test_a_task_page_says_when_it_was_last_reported_on(client, curated):
    url = reverse("resolutions:task-detail", args=["develop-plan-3260"])
    assert "Last reported on 2025-01-10." in text_of(client.get(url))
    assert "No progress report on this task yet." in text_of(client.get(url, {"as_of": "2025-01-09"}))


def test_the_api_says_when_a_task_was_last_reported_on_and_whether_no_report_is_known_since_its_deadline(
    client, curated
):
    reported = client.get(reverse("api:task-detail", args=["develop-plan-3260"])).json()
    assert reported["last_reported_on"] == "2025-01-10"
    unreported = client.get(reverse("api:task-detail", args=[DUE_AFTER]), {"as_of": LATER.isoformat()}).json()
    assert unreported["status"] == "overdue" and unreported["no_report_since_deadline"] is True
    # Reported in progress on the newest information's date, before its deadline.
    assert unreported["last_reported_on"] == "2025-09-25"
    due_before = client.get(reverse("api:task-detail", args=[DUE_BEFORE]), {"as_of": LATER.isoformat()}).json()
    assert due_before["status"] == "overdue" and due_before["no_report_since_deadline"] is False
    assert "editor_note" not in unreported


def test_a_newer_report_moves_the_default_date_at_once(client, curated):
    assert "Statuses as of 25 September 2025" in text_of(client.get(reverse("resolutions:home")))
    task = Task.objects.get(slug=DUE_BEFORE)
    ProgressReport.objects.create(task=task, status="in_progress", statement="Still at work.", reported_on=LATER)
    home = text_of(client.get(reverse("resolutions:home")))
    assert "Statuses as of 1 March 2026, the date of the newest information" in home
    assert client.get(reverse("api:task-detail", args=[DUE_AFTER])).json()["no_report_since_deadline"] is False


def test_the_default_is_today_when_the_newest_information_is_later(db):
    factories.make_task(slug="future", deadline=dt.date(2030, 12, 31))
    factories.make_report(task=Task.objects.get(slug="future"), reported_on=dt.date(2030, 1, 1))
    bound = params.bind(QueryDict(""), today=dt.date(2025, 7, 1))
    assert (bound.as_of, bound.newest_information_on, bound.as_of_explicit) == (
        dt.date(2025, 7, 1),
        dt.date(2030, 1, 1),
        False,
    )


def test_an_empty_tracker_is_judged_on_today(client, db):
    bound = params.bind(QueryDict(""), today=dt.date(2025, 7, 1))
    assert (bound.as_of, bound.newest_information_on) == (dt.date(2025, 7, 1), None)
    assert "(today); choose another date" in text_of(client.get(reverse("resolutions:home")))


def test_the_newest_information_is_read_once_per_data_version(curated, django_assert_num_queries):
    cache.clear()
    # Expect 1 query: the three maxima (reports made, reports completed, sources published).
    with django_assert_num_queries(1):
        assert freshness.newest_information_on() == NEWEST
    with django_assert_num_queries(0):
        assert freshness.newest_information_on() == NEWEST
    response_cache.bump_data_version()
    with django_assert_num_queries(1):
        assert freshness.newest_information_on() == NEWEST


def test_the_latest_recorded_change_is_read_once_per_data_version_and_moves_with_an_edit(
    curated, django_assert_num_queries
):
    cache.clear()
    # Expect 1 query: the greatest history_date of every history table, in one UNION ALL.
    with django_assert_num_queries(1):
        before = history.latest_recorded_change_kept()
    with django_assert_num_queries(0):
        assert history.latest_recorded_change_kept() == before
    assert before == history.latest_recorded_change()
    agency = Agency.objects.first()
    agency.name += " (renamed)"
    agency.save()  # records a version and replaces the data version
    with django_assert_num_queries(1):
        after = history.latest_recorded_change_kept()
    assert after == history.latest_recorded_change() > before


def test_an_unreachable_cache_costs_the_query_not_the_page(client, curated, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    broken = response_cache.response_cache()
    monkeypatch.setattr(broken, "get", unreachable)
    monkeypatch.setattr(broken, "set", unreachable)
    monkeypatch.setattr(broken, "add", unreachable)
    assert freshness.newest_information_on() == NEWEST
    response = client.get(reverse("resolutions:home"))
    assert response.status_code == 200
    assert "Statuses as of 25 September 2025" in text_of(response)
    assert "newest information date read from the database" in caplog.text


@pytest.mark.parametrize("url", ["/en/?as_of=2025-09-31", "/api/tasks/?as_of=soon"])
def test_a_bad_as_of_is_still_a_400_naming_it(client, curated, url):
    response = client.get(url)
    assert response.status_code == 400 and "as_of" in response.content.decode()
