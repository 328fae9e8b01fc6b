"""The "what changed" page and feed, and "last changed on", built from the edit history."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from resolutions.models import Task
from tests import factories

URL = "/en/changes/"
ATOM = "{http://www.w3.org/2005/Atom}"


def at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def set_history_date(record, when, pk=None):
    """Date the record's latest version ``when``."""
    versions = type(record).history.filter(id=pk or record.pk)
    latest = versions.order_by("-history_date", "-history_id").first()
    versions.filter(history_id=latest.history_id).update(history_date=when)


@pytest.fixture
def edits(db):
    editor = User.objects.create(username="lan-the-editor")
    task = factories.make_task(slug="draft-rules", title="Draft the rules", deadline=dt.date(2025, 6, 30))
    set_history_date(task, at(dt.date(2025, 3, 1)))
    task.title = "Draft the new rules"
    task.editor_note = "Checked with the ministry by phone."
    task._history_user = editor
    task.save()
    set_history_date(task, at(dt.date(2025, 4, 2)))
    report = factories.make_report(task=task, key="rules-drafted", reported_on=dt.date(2025, 4, 3))
    set_history_date(report, at(dt.date(2025, 4, 3)))
    law = factories.make_law(slug="gone-law", name="Repealed Law")
    set_history_date(law, at(dt.date(2025, 1, 5)))
    law_pk = law.pk
    law.delete()
    set_history_date(law, at(dt.date(2025, 5, 1)), pk=law_pk)
    return {"task": task, "report": report}


def test_changes_list_what_changed_when_with_a_link_newest_first_and_no_editor(client, edits):
    html = client.get(URL).content.decode()

    changes = [html.index(text) for text in ("Law deleted", "Progress report added", "Task changed", "Task added")]
    assert changes == sorted(changes)
    assert 'href="/en/tasks/draft-rules/#rules-drafted"' in html
    assert 'href="/en/tasks/draft-rules/">Draft the new rules</a>' in html
    assert "Changed: title" in html
    # Deleted records have no page; editors and their notes stay private.
    assert 'href="/en/laws/gone-law/"' not in html
    assert "lan-the-editor" not in html and "phone" not in html and "editor's note" not in html


def test_changes_are_filtered_by_date_and_a_bad_date_is_a_400_naming_it(client, edits):
    april = client.get(URL, {"changed_after": "2025-04-01", "changed_before": "2025-04-30"}).content.decode()
    reversed_range = client.get(URL, {"changed_after": "2025-05-01", "changed_before": "2025-04-01"})
    bad = client.get(URL, {"changed_after": "1 April"})

    assert "2 changes." in april
    assert "Task changed" in april and "Progress report added" in april and "Task added" not in april
    assert reversed_range.status_code == 400 and 'data-parameter="changed_before"' in reversed_range.content.decode()
    assert bad.status_code == 400 and 'data-parameter="changed_after"' in bad.content.decode()


def test_changes_page_queries_do_not_grow_with_the_history(client, edits, django_assert_num_queries):
    for n in range(60):
        task = Task.objects.get(slug="draft-rules")
        task.deadline_as_stated = f"by June, version {n}"
        task.save()
    # the newest information's date; count; the page of rows (one UNION); for the kinds on the
    # page: task versions with their previous version's id, the previous versions, which tasks
    # still exist; latest change
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.num_pages == 2
    assert "Changed: deadline as stated" in response.content.decode()


def test_the_atom_feed_holds_the_latest_changes(client, edits):
    response = client.get(reverse("resolutions:change-feed"))
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert [entry.find(f"{ATOM}title").text for entry in entries][:2] == [
        "Repealed Law (Law deleted)",
        "Reported. (Progress report added)",
    ]
    assert entries[1].find(f"{ATOM}link").get("href") == "http://testserver/en/tasks/draft-rules/#rules-drafted"


def test_every_record_page_says_when_it_last_changed(client, edits):
    task_page = client.get(edits["task"].get_absolute_url()).content.decode()

    # The report added on 2025-04-03 is the task's latest change.
    assert 'Last changed on <time datetime="2025-04-03T12:00:00' in task_page


def test_pages_say_when_curated_records_last_changed(client, curated):
    for url in ("/en/laws/data-law/", "/en/agencies/government/", "/en/documents/resolution-03-nq-cp/"):
        assert "Last changed on <time" in client.get(url).content.decode(), url


def test_a_submitted_changes_form_with_an_empty_date_redirects_to_the_clean_address(client, edits):
    response = client.get(URL + "?changed_after=&changed_before=2025-04-30")

    assert response.status_code == 302
    assert response["Location"] == "/en/changes/?changed_before=2025-04-30"
