"""The curated data: it loads, reloads without change, carries evidence, and cites verbatim."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from resolutions import models
from resolutions.deadlines import DatePrecision, TaskStatus, precision_fits
from tests.factories import make_report, make_task

SOURCES_DIR = Path(settings.BASE_DIR).parent / "shared" / "sources"
# The curated records that cite their evidence: all but the sources and the citations themselves.
CITED_MODELS = [model for model in models.CURATED_MODELS if model not in (models.Source, models.Citation)]
needs_sources = pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason=f"{SOURCES_DIR} (the archived articles) is absent")


def snapshot():
    return {
        model.__name__: sorted(
            model.objects.values_list(*[f.attname for f in model._meta.concrete_fields if f.attname != "id"])
        )
        for model in models.CURATED_MODELS
    }


def test_every_curated_record_carries_evidence(curated):
    for model in CITED_MODELS:
        assert model.objects.exists(), model.__name__
        unbacked = model.objects.filter(citations__isnull=True)
        assert not unbacked.exists(), f"{model.__name__} without citation: {list(unbacked)}"


def test_loading_the_fixtures_twice_changes_nothing(curated):
    before = snapshot()
    call_command("load_curated", verbosity=0)
    assert snapshot() == before


def test_editors_additions_survive_a_reload(curated):
    task = make_task(slug="editor-added-task", title="Added by an editor")
    report = make_report(
        task=models.Task.objects.get(slug="resolution-57-implementation-index"), reported_on=dt.date(2025, 7, 1)
    )
    call_command("load_curated", verbosity=0)
    assert models.Task.objects.filter(pk=task.pk, title="Added by an editor").exists()
    assert models.ProgressReport.objects.filter(pk=report.pk).exists()


def test_curated_deadlines_fit_their_precision(curated):
    for task in models.Task.objects.all():
        assert precision_fits(task.deadline, task.deadline_precision), task.slug
        if task.deadline is None:
            assert task.note or task.deadline_as_stated or task.lead_agency_id, task.slug


def test_curated_key_facts(curated):
    resolution_57 = models.Document.objects.get(code="57-NQ/TW")
    assert resolution_57.issued_on == dt.date(2024, 12, 22)
    for code in ["193/2025/QH15", "03/NQ-CP", "3260/KH-DDQH15"]:
        assert models.Document.objects.get(code=code).implements == resolution_57
    review_list = models.LawReviewList.objects.get(slug="resolution-03-28-laws")
    assert review_list.declared_count == 28
    assert review_list.document.code == "03/NQ-CP"
    renamed = models.Agency.objects.get(slug="na-party-committee")
    assert renamed.predecessor.name == "Party Delegation of the National Assembly"
    q2_task = models.Task.objects.get(slug="complete-institutions-for-resolution-57-q2-2025")
    assert (q2_task.deadline, q2_task.deadline_precision, q2_task.quarter) == (
        dt.date(2025, 6, 30),
        DatePrecision.QUARTER,
        "2025-Q2",
    )
    in_2025 = models.Task.objects.get(slug="develop-27-laws-19-decrees-2025")
    assert (in_2025.deadline, in_2025.deadline_precision) == (dt.date(2025, 12, 31), DatePrecision.YEAR)
    assert models.Source.objects.filter(published_on__isnull=True).count() == 3


def test_ambiguous_deadline_is_recorded_not_guessed(curated):
    decree = models.Task.objects.get(slug="decree-guiding-resolution-193")
    assert decree.deadline is None
    assert "Ambiguous" in decree.note


def test_as_of_judges_curated_statuses_with_the_reports_known_then(curated):
    plan_task = models.Task.objects.with_status(dt.date(2025, 1, 9)).get(slug="develop-plan-3260")
    assert plan_task.status == TaskStatus.NO_DEADLINE  # Plan 3260 was issued on 10 January 2025
    plan_task = models.Task.objects.with_status(dt.date(2025, 1, 10)).get(slug="develop-plan-3260")
    assert plan_task.status == TaskStatus.COMPLETED_ON_TIME


def test_reports_are_dated_by_the_event_the_article_gives(curated):
    """Documents issued in January read as issued on 1 July 2025, though the article saying so is of September."""
    for key, event in [
        ("plan-3260-issued", dt.date(2025, 1, 10)),
        ("resolution-03-issued-dbnd", dt.date(2025, 1, 9)),
        ("preliminary-review-report-completed", dt.date(2025, 2, 11)),
        ("law-on-science-technology-and-innovation-submitted-9th-session", dt.date(2025, 6, 2)),
    ]:
        report = models.ProgressReport.objects.get(key=key)
        assert report.known_on == event, key
        assert "Dated by the event" in report.note, key
    for report in models.ProgressReport.objects.all():
        assert "Dated by" in report.note, f"{report.key}: the note does not say how the report is dated"


def test_the_9th_session_laws_task_carries_its_evidence_and_its_open_clause(curated):
    task = models.Task.objects.get(slug="laws-for-9th-session")
    excerpts = " ".join(task.citations.values_list("excerpt", flat=True))
    assert "a number of related laws according to Resolution No. 193/2025/NQ-QH15" in excerpts
    assert "related laws" in task.note
    assert task.deadline == dt.date(2025, 6, 30)
    assert models.Task.objects.with_status(dt.date(2025, 6, 3)).get(pk=task.pk).status == TaskStatus.IN_PROGRESS
    statements = task.progress_reports.values_list("statement", flat=True)
    assert any("Law on Digital Technology Industry" in statement for statement in statements)


def test_the_law_on_science_technology_and_innovation_is_passed_by_september_2025(curated):
    law = models.Law.objects.get(slug="law-on-science-technology-and-innovation")
    assert law.current_stage(dt.date(2025, 9, 25)) == "passed"
    assert law.current_stage(dt.date(2025, 7, 1)) == "submitted"


def test_no_coordinating_body_that_the_article_does_not_give(curated):
    guidance = models.Task.objects.get(slug="guidance-on-provincial-st-agencies")
    assert not guidance.coordinating_agencies.exists()
    assert "half-month" not in guidance.note  # an editor's remark, kept out of the public note
    assert "half-month" in guidance.editor_note


def test_editor_remarks_are_not_in_public_notes_or_titles(curated):
    for model in models.CURATED_MODELS:
        for record in model.objects.all():
            public = " ".join(str(getattr(record, name, "")) for name in ("note", "title", "name", "label"))
            for remark in ["the model has no", "archived text has no headline", "reference list"]:
                assert remark not in public, f"{model.__name__} {record}: {remark}"


@needs_sources
def test_verify_citations_passes_on_the_curated_data(curated, capsys):
    call_command("verify_citations", str(SOURCES_DIR))
    assert f"All {models.Citation.objects.count()} citations" in capsys.readouterr().out


@needs_sources
def test_verify_citations_names_each_failing_excerpt(curated, capsys):
    models.Citation.objects.filter(key="task-develop-plan-3260-1").update(
        excerpt="The Party Delegation assigned nothing at all"
    )
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_citations", str(SOURCES_DIR))
    assert "The Party Delegation assigned nothing at all" in capsys.readouterr().err


def test_verify_citations_collapses_whitespace_and_flags_unknown_sources(db, tmp_path, capsys):
    from tests.factories import make_citation, make_source

    source = make_source(url="https://example.org/a")
    make_citation(source=source, excerpt="spread   over\ntwo lines", task=make_task())
    (tmp_path / "a.txt").write_text("Text spread over\n  two lines here.\nSource: https://example.org/a\n")
    call_command("verify_citations", str(tmp_path))
    make_citation(source=make_source(url="https://example.org/missing"), excerpt="x", task=make_task())
    with pytest.raises(CommandError):
        call_command("verify_citations", str(tmp_path))
    assert "no archived article" in capsys.readouterr().err


def test_verify_citations_rejects_a_missing_folder(db):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("verify_citations", "/nonexistent/folder")


def test_newest_information_is_the_latest_report_or_source_date_and_moves_with_a_newer_report(curated):
    assert models.newest_information_on() == dt.date(2025, 9, 25)
    make_report(
        task=models.Task.objects.get(slug="resolution-57-implementation-index"), reported_on=dt.date(2025, 10, 2)
    )
    assert models.newest_information_on() == dt.date(2025, 10, 2)


def test_newest_information_on_an_empty_database_is_none(db):
    assert models.newest_information_on() is None


@pytest.mark.parametrize(
    ("status", "deadline", "reads_no_report"),
    [
        (TaskStatus.OVERDUE, dt.date(2025, 12, 31), True),  # fell due after the newest information
        (TaskStatus.OVERDUE, dt.date(2025, 9, 25), True),  # due on its day: it could not yet say
        (TaskStatus.OVERDUE, dt.date(2025, 6, 30), False),  # due before: a report could have said so
        (TaskStatus.IN_PROGRESS, dt.date(2025, 12, 31), False),
        (TaskStatus.COMPLETED_LATE, dt.date(2025, 12, 31), False),
        (TaskStatus.OVERDUE, None, False),
    ],
)
def test_no_report_since_deadline_only_for_deadlines_after_the_newest_information(status, deadline, reads_no_report):
    assert models.no_report_since_deadline(status, deadline, dt.date(2025, 9, 25)) is reads_no_report
    assert models.no_report_since_deadline(status, deadline, None) is False


def test_every_task_figure_meeting_document_and_law_has_vietnamese(curated):
    for model, field in [
        (models.Task, "title_vi"),
        (models.Figure, "label_vi"),
        (models.Meeting, "name_vi"),
        (models.Document, "title_vi"),
        (models.Law, "name_vi"),
    ]:
        missing = model.objects.filter(**{field: ""}).values_list("slug", flat=True)
        assert not missing, f"{model.__name__} without {field}: {list(missing)}"
    # Task titles and figure labels are the tracker's own translations, and say so.
    assert not models.Task.objects.filter(vietnamese_is_translation=False).exists()
    assert not models.Figure.objects.filter(vietnamese_is_translation=False).exists()


def test_every_official_vietnamese_name_is_listed_with_the_page_that_shows_it(curated):
    """docs/vietnamese-names.md lists each name used in the data; names not verified there are
    marked as translations (documents, laws, meetings) or left empty (bodies)."""
    reference = (Path(settings.BASE_DIR) / "docs" / "vietnamese-names.md").read_text()
    rows = [line for line in reference.splitlines() if line.startswith("| ")]
    verified = {row.split("|")[2].strip(): row for row in rows}
    for model, field in [
        (models.Agency, "name_vi"),
        (models.Document, "title_vi"),
        (models.Law, "name_vi"),
        (models.Meeting, "name_vi"),
    ]:
        for record in model.objects.exclude(**{field: ""}):
            name = getattr(record, field)
            if record.vietnamese_is_translation:
                continue
            assert name in verified, f"{model.__name__} {record.slug}: {name!r} is not in docs/vietnamese-names.md"
            assert "http" in verified[name] or "reference list" in verified[name], f"{name!r} has no source page"
    for agency in models.Agency.objects.filter(name_vi=""):
        assert agency.slug in reference, f"{agency.slug} is neither named nor listed as unverified"


def test_readme_counts_table_matches_the_curated_data(curated):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for label, model in [
        ("Agencies", models.Agency),
        ("Documents", models.Document),
        ("Laws", models.Law),
        ("Figures (counts)", models.Figure),
        ("Meetings and conferences", models.Meeting),
        ("Tasks", models.Task),
        ("Progress reports", models.ProgressReport),
        ("Citations", models.Citation),
    ]:
        assert re.search(rf"^\| {re.escape(label)} \| {model.objects.count()}\b", readme, re.M), label
