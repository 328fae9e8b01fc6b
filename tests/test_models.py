"""The model layer: constraints reject bad data, derived status and search behave."""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from resolutions.deadlines import DatePrecision, ReportStatus, TaskStatus, derive_status
from resolutions.models import Citation, Document, ProgressReport, Task, fold_text, normalize_code
from resolutions.search import search_queryset
from tests.factories import make_agency, make_citation, make_document, make_law, make_report, make_source, make_task

D = dt.date


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English; the site's default language is Vietnamese.
    from django.utils import translation

    with translation.override("en"):
        yield


def assert_rejected_by_database(create):
    # PostgreSQL reports an over-long varchar as DataError; SQLite relies on the CHECK constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create()


@pytest.mark.django_db
class TestConstraints:
    def test_deadline_must_fit_its_precision(self):
        assert_rejected_by_database(lambda: make_task(deadline=D(2025, 5, 31), precision=DatePrecision.QUARTER))
        assert_rejected_by_database(lambda: make_task(deadline=D(2025, 6, 30), precision=DatePrecision.NONE))
        assert_rejected_by_database(lambda: make_task(deadline=None, precision=DatePrecision.YEAR))
        assert make_task(deadline=D(2025, 6, 30), precision=DatePrecision.QUARTER).pk

    def test_clean_explains_a_deadline_that_does_not_fit(self):
        task = Task(slug="t", title="T", deadline=D(2025, 5, 31), deadline_precision=DatePrecision.QUARTER)
        with pytest.raises(ValidationError) as error:
            task.full_clean()
        assert "2025-05-31 does not fit precision" in str(error.value.message_dict["deadline"])

    def test_clean_is_exact_on_leap_years_where_the_database_check_is_coarse(self):
        task = Task(slug="t", title="T", deadline=D(2024, 2, 28), deadline_precision=DatePrecision.MONTH)
        with pytest.raises(ValidationError):
            task.full_clean()

    def test_task_cannot_be_due_before_it_was_assigned(self):
        assert_rejected_by_database(
            lambda: make_task(deadline=D(2025, 3, 31), precision=DatePrecision.MONTH, assigned_on=D(2025, 4, 1))
        )

    def test_slugs_and_codes_are_unique(self):
        make_document(slug="res", code="57-NQ/TW")
        assert_rejected_by_database(lambda: make_document(code="57-NQ/TW"))
        assert_rejected_by_database(lambda: make_document(slug="res"))

    def test_completion_report_needs_a_completion_date(self):
        task = make_task()
        assert_rejected_by_database(
            lambda: ProgressReport.objects.create(
                task=task, status=ReportStatus.COMPLETED, statement="Done.", reported_on=D(2025, 5, 1)
            )
        )
        report = ProgressReport(task=task, status=ReportStatus.COMPLETED, statement="Done.", reported_on=D(2025, 5, 1))
        with pytest.raises(ValidationError) as error:
            report.full_clean()
        assert "completed_on" in error.value.message_dict

    def test_completion_cannot_be_reported_before_it_happened(self):
        task = make_task()
        assert_rejected_by_database(
            lambda: make_report(task=task, completed_on=D(2025, 5, 2), reported_on=D(2025, 5, 1))
        )

    def test_completion_cannot_precede_assignment(self):
        task = make_task(assigned_on=D(2025, 3, 4))
        report = ProgressReport(
            task=task,
            status=ReportStatus.COMPLETED,
            statement="Done.",
            completed_on=D(2025, 3, 1),
            completed_on_precision=DatePrecision.DAY,
        )
        with pytest.raises(ValidationError) as error:
            report.full_clean()
        assert "before it was assigned" in str(error.value.message_dict["completed_on"])

    def test_report_has_exactly_one_subject(self):
        task, law = make_task(), make_law()
        assert_rejected_by_database(lambda: make_report(task=task, law=law))
        assert_rejected_by_database(lambda: make_report(task=None))

    def test_citation_needs_a_short_nonempty_excerpt_and_one_subject(self):
        task, source = make_task(), make_source()
        assert_rejected_by_database(lambda: make_citation(source=source, excerpt="", task=task))
        assert_rejected_by_database(lambda: make_citation(source=source, excerpt="x" * 301, task=task))
        assert_rejected_by_database(lambda: make_citation(source=source, excerpt="Fine."))
        assert make_citation(source=source, excerpt="x" * 300, task=task).key.startswith("cite-")

    def test_citation_form_validation_names_the_excerpt(self):
        citation = Citation(source=make_source(), excerpt="x" * 301, task=make_task())
        with pytest.raises(ValidationError) as error:
            citation.full_clean()
        assert error.value.message_dict["excerpt"] == ["Ensure this value has at most 300 characters (it has 301)."]

        citation.excerpt = "   "
        with pytest.raises(ValidationError) as error:
            citation.full_clean()
        assert error.value.message_dict["excerpt"] == ["A citation needs an excerpt copied from its source."]


@pytest.mark.django_db
def test_database_status_agrees_with_the_pure_function():
    rng = random.Random(57)
    days = [D(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 400, 7)]
    for _ in range(60):
        deadline = rng.choice([None, *days])
        task = make_task(deadline=deadline)
        for _ in range(rng.randint(0, 3)):
            reported = rng.choice(days)
            if rng.random() < 0.5:
                done = reported - dt.timedelta(days=rng.randint(0, 30))
                make_report(task=task, completed_on=done, reported_on=reported)
            else:
                make_report(task=task, reported_on=reported)
    for as_of in [D(2025, 1, 15), D(2025, 6, 30), D(2025, 9, 1), D(2026, 3, 1)]:
        tasks = Task.objects.with_status(as_of).prefetch_related("progress_reports")
        for task in tasks:
            expected = derive_status(task.deadline, [r.as_fact() for r in task.progress_reports.all()], as_of)
            assert task.status == expected, (task.slug, as_of)
            assert task.status_on(as_of) == expected


@pytest.mark.django_db
def test_two_completions_reported_the_same_day_give_one_status_everywhere():
    from resolutions.selectors import status_timeline, task_detail

    task = make_task(slug="tied", deadline=D(2025, 6, 30), precision=DatePrecision.QUARTER)
    # Python used to keep the first of the tied reports, the database the last one made.
    make_report(task=task, key="a-on-time", completed_on=D(2025, 6, 15), reported_on=D(2025, 8, 1))
    make_report(task=task, key="b-late", completed_on=D(2025, 7, 31), reported_on=D(2025, 8, 1))
    as_of = D(2025, 9, 1)

    in_database = Task.objects.with_status(as_of).get(pk=task.pk).status
    in_python = Task.objects.prefetch_related("progress_reports").get(pk=task.pk).status_on(as_of)
    timeline = status_timeline(task_detail("tied", as_of))

    assert in_database == in_python == timeline[-1][1] == TaskStatus.COMPLETED_LATE


@pytest.mark.django_db
def test_task_queryset_helpers():
    agency, partner = make_agency(), make_agency()
    led = make_task(deadline=D(2025, 6, 30), precision=DatePrecision.QUARTER, lead_agency=agency)
    helped = make_task(deadline=D(2025, 9, 30), precision=DatePrecision.QUARTER)
    helped.coordinating_agencies.add(agency, partner)
    assert list(Task.objects.due_in("2025-Q2")) == [led]
    assert set(Task.objects.involving(agency)) == {led, helped}
    assert list(Task.objects.involving(agency, lead_only=True)) == [led]
    assert list(Task.objects.overdue(D(2025, 7, 1))) == [led]
    assert Task.objects.with_status(D(2025, 7, 1)).get(pk=helped.pk).status == TaskStatus.IN_PROGRESS


def test_codes_and_vietnamese_text_fold():
    assert normalize_code("57-NQ/TW") == normalize_code("57/NQ-TW") == "57NQTW"
    assert normalize_code("3260/KH-ĐĐQH15") == normalize_code("3260-KH/DDQH15")
    assert fold_text("Đảng ủy Quốc hội") == "dang uy quoc hoi"


@pytest.mark.django_db
def test_search_matches_codes_however_written_and_text_without_tone_marks():
    resolution = make_document(code="57-NQ/TW", title="Nghị quyết về đột phá", code_variants="57/NQ-TW")
    other = make_document(code="03/NQ-CP", title="Chương trình hành động")
    for query in ["57-NQ/TW", "57/NQ-TW", "57", "nghi quyet", "Nghị quyết"]:
        assert list(search_queryset(Document.objects.all(), query)) == [resolution], query
    assert list(search_queryset(Document.objects.all(), "chuong trinh")) == [other]
    task = make_task(title="Complete the reorganization", document=resolution)
    assert list(search_queryset(Task.objects.all(), "57/NQ-TW")) == [task]


@pytest.mark.django_db
def test_document_chain_reaches_the_root():
    root = make_document(code="57-NQ/TW")
    child = make_document(implements=root)
    grandchild = make_document(implements=child)
    assert grandchild.chain() == [grandchild, child, root]


@pytest.mark.django_db
def test_a_document_cannot_implement_a_document_that_implements_it():
    root = make_document(code="57-NQ/TW")
    child = make_document(implements=root)
    grandchild = make_document(implements=child)

    root.implements = grandchild
    with pytest.raises(ValidationError) as error:
        root.full_clean()
    assert "implements" in error.value.message_dict

    root.implements = None
    root.full_clean()


@pytest.mark.django_db
def test_law_stage_is_the_latest_staged_report_known_on_the_day():
    from resolutions.models import LawReviewList, LawStage

    law = make_law()
    make_report(task=None, law=law, reported_on=D(2025, 2, 11), law_stage=LawStage.PROPOSED)
    make_report(task=None, law=law, reported_on=D(2025, 6, 3), law_stage=LawStage.SUBMITTED)
    make_report(task=None, law=law, reported_on=D(2025, 7, 1))
    assert law.current_stage(D(2025, 12, 1)) == LawStage.SUBMITTED
    assert law.current_stage(D(2025, 3, 1)) == LawStage.PROPOSED
    assert law.current_stage(D(2025, 1, 1)) is None
    review = LawReviewList.objects.create(slug="l", name="L", document=make_document(), declared_count=28)
    review.laws.add(law)
    review = LawReviewList.objects.with_identified_count().get(pk=review.pk)
    assert (review.declared_count, review.identified_count) == (28, 1)


@pytest.mark.django_db
def test_reports_known_by_a_date_are_those_made_by_then_or_undated_and_completed_by_then():
    task = make_task()
    made = make_report(task=task, reported_on=D(2025, 3, 1))
    completed = make_report(task=task, completed_on=D(2025, 4, 1))
    make_report(task=task, reported_on=D(2025, 5, 1))
    assert list(ProgressReport.objects.known_by(D(2025, 4, 1))) == [made, completed]
    assert list(ProgressReport.objects.known_by(D(2025, 2, 1))) == []


@pytest.mark.django_db
def test_a_document_chain_walked_from_a_mapping_makes_no_query(django_assert_num_queries):
    root = make_document()
    child = make_document(implements=root)
    documents_by_pk = {document.pk: document for document in Document.objects.all()}
    with django_assert_num_queries(0):
        assert documents_by_pk[child.pk].chain(documents_by_pk) == [documents_by_pk[child.pk], root]


def test_messages_with_values_are_shown_in_the_language_of_the_moment():
    from django.utils import translation

    excerpt_length = next(c for c in Citation._meta.constraints if c.name == "citation_excerpt_length")
    one_subject = next(c for c in Citation._meta.constraints if c.name == "citation_has_exactly_one_subject")
    excerpt_help = Citation._meta.get_field("excerpt").help_text

    with translation.override("en"):
        assert str(excerpt_length.violation_error_message) == "An excerpt must have between 1 and 300 characters."
        assert str(one_subject.violation_error_message).startswith("Choose exactly one of: agency, document")
        assert str(excerpt_help) == "Copied verbatim from the source, at most 300 characters."
    with translation.override("vi"):
        for message in (excerpt_length.violation_error_message, one_subject.violation_error_message, excerpt_help):
            assert not str(message).startswith(("An excerpt", "Choose", "Copied")), message
        assert "300" in str(excerpt_length.violation_error_message)
