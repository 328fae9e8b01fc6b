"""Synthetic tasks in bulk, on top of the curated data: the one generator of the tests, the
benchmarks and the load test.

    DATABASE_URL=postgres://... .venv/bin/python bench/generate.py --tasks 100000

Fills the database named by DATABASE_URL (or the SQLite default) after migrating it and
loading the curated data when it is missing. Adds agencies, documents, laws, meetings, tasks
(Vietnamese and English titles, deadlines of every precision, coordinating agencies, laws),
progress reports (in progress, completed on time and late, some on the same day), citations of
one synthetic source, and the tasks' status periods and search columns, in bulk: no history
is recorded for generated rows. Prints what it added and how long it took.

From Python: ``generate(tasks)`` with Django set up; it returns a ``Generated`` summary.
"""

import argparse
import datetime as dt
import operator
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AGENCY_NAMES = [
    ("Ministry of {}", "Bộ {}"),
    ("Department of {}", "Cục {}"),
    ("People's Committee of {} Province", "Ủy ban nhân dân tỉnh {}"),
    ("Institute of {}", "Viện {}"),
]
AGENCY_TOPICS = [
    ("Science and Technology", "Khoa học và Công nghệ"),
    ("Information and Communications", "Thông tin và Truyền thông"),
    ("Planning and Investment", "Kế hoạch và Đầu tư"),
    ("Education and Training", "Giáo dục và Đào tạo"),
    ("Home Affairs", "Nội vụ"),
    ("Industry and Trade", "Công Thương"),
    ("Finance", "Tài chính"),
    ("Justice", "Tư pháp"),
    ("Public Security", "Công an"),
    ("Health", "Y tế"),
    ("Agriculture", "Nông nghiệp"),
    ("Construction", "Xây dựng"),
    ("Natural Resources", "Tài nguyên"),
    ("Hà Nam", "Hà Nam"),
    ("Đồng Tháp", "Đồng Tháp"),
    ("Quảng Ninh", "Quảng Ninh"),
    ("Lâm Đồng", "Lâm Đồng"),
    ("Bắc Ninh", "Bắc Ninh"),
    ("Cần Thơ", "Cần Thơ"),
    ("Thừa Thiên Huế", "Thừa Thiên Huế"),
    ("Digital Economy", "Kinh tế số"),
    ("Innovation", "Đổi mới sáng tạo"),
    ("Standards and Quality", "Tiêu chuẩn Đo lường Chất lượng"),
    ("Intellectual Property", "Sở hữu trí tuệ"),
    ("Radio Frequencies", "Tần số vô tuyến điện"),
]
VERBS = [
    ("Issue", "Ban hành"),
    ("Draft", "Xây dựng dự thảo"),
    ("Complete", "Hoàn thiện"),
    ("Review", "Rà soát"),
    ("Submit", "Trình"),
    ("Pilot", "Thí điểm"),
    ("Deploy", "Triển khai"),
    ("Evaluate", "Đánh giá"),
]
OBJECTS = [
    ("a decree on", "nghị định về"),
    ("the plan for", "kế hoạch"),
    ("a circular guiding", "thông tư hướng dẫn"),
    ("the national program on", "chương trình quốc gia về"),
    ("a report on", "báo cáo về"),
    ("the mechanism for", "cơ chế"),
]
DOMAINS = [
    ("digital transformation", "chuyển đổi số"),
    ("artificial intelligence", "trí tuệ nhân tạo"),
    ("the national database", "cơ sở dữ liệu quốc gia"),
    ("science and technology funds", "quỹ phát triển khoa học và công nghệ"),
    ("innovation centres", "trung tâm đổi mới sáng tạo"),
    ("semiconductor training", "đào tạo nhân lực bán dẫn"),
    ("cybersecurity", "an ninh mạng"),
    ("digital infrastructure", "hạ tầng số"),
    ("e-government services", "dịch vụ công trực tuyến"),
    ("research commercialisation", "thương mại hóa kết quả nghiên cứu"),
    ("regulatory sandboxes", "cơ chế thử nghiệm có kiểm soát"),
    ("high-tech parks", "khu công nghệ cao"),
]
LAW_TOPICS = [
    ("Science, Technology and Innovation", "Khoa học, công nghệ và đổi mới sáng tạo"),
    ("Digital Technology Industry", "Công nghiệp công nghệ số"),
    ("Personal Data Protection", "Bảo vệ dữ liệu cá nhân"),
    ("Technology Transfer", "Chuyển giao công nghệ"),
    ("Atomic Energy", "Năng lượng nguyên tử"),
    ("Telecommunications", "Viễn thông"),
    ("E-Transactions", "Giao dịch điện tử"),
    ("Standards and Technical Regulations", "Tiêu chuẩn và quy chuẩn kỹ thuật"),
    ("Product and Goods Quality", "Chất lượng sản phẩm, hàng hóa"),
    ("High Technology", "Công nghệ cao"),
]
PRECISIONS = [("day", 20), ("month", 20), ("quarter", 30), ("half", 10), ("year", 15), ("none", 5)]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
QUARTER_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@dataclass
class Generated:
    tasks: int = 0
    reports: int = 0
    citations: int = 0
    periods: int = 0
    involvements: int = 0
    agencies: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    laws: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    source: object = None
    seconds: float = 0.0


def generate(
    tasks,
    *,
    seed=57,
    prefix="gen",
    today=None,
    reported_share=0.52,
    meeting_share=0.15,
    batch_size=5000,
):
    """Add ``tasks`` synthetic tasks and what they refer to; returns a ``Generated`` summary.

    ``reported_share`` of the tasks get one to three progress reports (1.0: every task), known
    on or before ``today``; ``meeting_share`` of them were assigned at a meeting (1.0: all).
    ``prefix`` starts every generated slug and key, so several sets can live side by side.
    """
    from django.db import connection, transaction

    from resolutions import response_cache

    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or dt.date.today()
    with transaction.atomic():
        result = _generate(tasks, rng, prefix, today, reported_share, meeting_share, batch_size)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner misjudges the new rows until autovacuum gets to them.
        # VACUUM too (outside a transaction): the visibility map lets the planner answer from
        # indexes alone (the distinct deadlines of the quarter facet, for one).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    response_cache.bump_data_version()
    result.seconds = time.perf_counter() - started
    return result


def _generate(count, rng, prefix, today, reported_share, meeting_share, batch_size):
    from resolutions.deadlines import DatePrecision, ReportFact, ReportStatus, end_of_month, end_of_period
    from resolutions.models import (
        Agency,
        AgencyKind,
        Citation,
        Document,
        DocumentKind,
        Law,
        LawAction,
        Meeting,
        ProgressReport,
        Source,
        Task,
    )
    from resolutions.status import involvement_rows, period_rows

    result = Generated()
    root = Document.objects.filter(code="57-NQ/TW").first()
    result.source = Source.objects.create(
        slug=f"{prefix}-source",
        publisher="Synthetic Daily",
        title="Generated articles for load tests",
        url=f"https://example.org/{prefix}/articles",
    )

    agency_count = min(max(count // 1000, 8), 100)
    agencies = []
    for n in range(agency_count):
        (name_en, name_vi), (topic_en, topic_vi) = (
            AGENCY_NAMES[n // len(AGENCY_TOPICS) % len(AGENCY_NAMES)],
            AGENCY_TOPICS[n % len(AGENCY_TOPICS)],
        )
        suffix = f" ({prefix} {n})"
        agencies.append(
            Agency(
                slug=f"{prefix}-agency-{n}",
                name=name_en.format(topic_en) + suffix,
                name_vi=name_vi.format(topic_vi) + suffix,
                kind=AgencyKind.MINISTRY if n % 4 == 0 else AgencyKind.LOCALITY if n % 4 == 2 else AgencyKind.OTHER,
            )
        )
    for agency in agencies:
        agency.fill_search_fields()
    result.agencies = Agency.objects.bulk_create(agencies)

    documents = []
    for n in range(min(max(count // 5000, 4), 20)):
        issued_on = dt.date(2025, 1 + n % 12, 1) + dt.timedelta(days=rng.randrange(27))
        kind = [DocumentKind.PLAN, DocumentKind.DECISION, DocumentKind.PROGRAM, DocumentKind.DECREE][n % 4]
        document = Document(
            slug=f"{prefix}-document-{n}",
            code=f"{100 + n}/{prefix.upper()}-KH",
            kind=kind,
            title=f"Plan {n} implementing Resolution 57 ({prefix})",
            title_vi=f"Kế hoạch {n} thực hiện Nghị quyết 57 ({prefix})",
            issuing_agency=result.agencies[n % len(result.agencies)],
            issued_on=issued_on,
            issued_on_precision=DatePrecision.DAY,
            implements=root,
        )
        document.code_key = document.compute_code_key()
        document.fill_search_fields()
        documents.append(document)
    result.documents = Document.objects.bulk_create(documents)

    laws = []
    for n in range(min(max(count // 3300, 5), 30)):
        topic_en, topic_vi = LAW_TOPICS[n % len(LAW_TOPICS)]
        law = Law(
            slug=f"{prefix}-law-{n}",
            name=f"Law on {topic_en} ({prefix} {n})",
            name_vi=f"Luật {topic_vi} ({prefix} {n})",
            action=[LawAction.NEW_LAW, LawAction.AMENDMENT, LawAction.STUDY_AMENDMENTS][n % 3],
            target=f"Kỳ họp thứ {9 + n % 3}",
        )
        law.fill_search_fields()
        laws.append(law)
    result.laws = Law.objects.bulk_create(laws)

    result.meetings = Meeting.objects.bulk_create(
        Meeting(
            slug=f"{prefix}-meeting-{n}",
            name=f"Hội nghị triển khai Nghị quyết 57 số {n} / Conference {n} on Resolution 57",
            held_on=dt.date(2025, 2 + n, 10),
            convened_by=result.agencies[n],
            concerns=result.documents[n % len(result.documents)],
        )
        for n in range(3)
    )

    task_rows, plans = [], []
    for n in range(count):
        precision = _weighted(rng, PRECISIONS)
        deadline, stated = _deadline(rng, precision, end_of_month, end_of_period)
        assigned_on = None
        if rng.random() < 0.9:
            latest = max(min(deadline or today, today), dt.date(2024, 12, 22))
            assigned_on = dt.date(2024, 12, 22) + dt.timedelta(
                days=rng.randrange((latest - dt.date(2024, 12, 22)).days + 1)
            )
        verb, thing, domain = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(DOMAINS)
        lead = result.agencies[rng.randrange(len(result.agencies))] if rng.random() < 0.92 else None
        document = result.documents[rng.randrange(len(result.documents))]
        meeting = result.meetings[n % len(result.meetings)] if rng.random() < meeting_share else None
        task = Task(
            slug=f"{prefix}-task-{n}",
            title=f"{verb[0]} {thing[0]} {domain[0]}",
            title_vi=f"{verb[1]} {thing[1]} {domain[1]}",
            description=f"Nhiệm vụ tổng hợp số {n}: {verb[1].lower()} {thing[1]} {domain[1]}. Synthetic task {n}.",
            lead_agency=lead,
            document=document,
            meeting=meeting,
            assigned_on=assigned_on,
            deadline=deadline,
            deadline_precision=precision,
            deadline_as_stated=stated,
        )
        task.fill_search_fields()
        task_rows.append(task)
        plans.append(rng.random() < reported_share)
    created = _insert(Task, task_rows, batch_size)
    result.tasks = len(created)

    coordinating, task_laws, reports, citations, periods = [], [], [], [], []
    Coordinating, TaskLaw = Task.coordinating_agencies.through, Task.laws.through
    for n, (task, reported) in enumerate(zip(created, plans, strict=True)):
        others = rng.sample(result.agencies, k=rng.choice((0, 1, 2, 2, 3)))
        coordinating.extend(
            Coordinating(task_id=task.pk, agency_id=agency.pk) for agency in others if agency.pk != task.lead_agency_id
        )
        task_laws.extend(
            TaskLaw(task_id=task.pk, law_id=law.pk) for law in rng.sample(result.laws, k=rng.choice((0, 1, 1, 2)))
        )
        citations.append(
            Citation(
                key=f"{prefix}-task-citation-{n}",
                source=result.source,
                excerpt=f"Giao {task.title_vi.lower()}, hoàn thành {task.deadline_as_stated or 'thường xuyên'}.",
                task_id=task.pk,
            )
        )
        task_reports = _reports(rng, task, n, prefix, today) if reported else []
        reports.extend(task_reports)
        facts = [ReportFact(r.reported_on or r.completed_on, r.status, r.completed_on, r.key) for r in task_reports]
        periods.extend(period_rows(task, facts))

    _insert(Coordinating, coordinating, batch_size)
    _insert(TaskLaw, task_laws, batch_size)
    created_reports = _insert(ProgressReport, reports, batch_size)
    result.reports = len(created_reports)
    citations.extend(
        Citation(
            key=f"{prefix}-report-citation-{n}",
            source=result.source,
            excerpt="Đã hoàn thành." if report.status == ReportStatus.COMPLETED else "Đang triển khai thực hiện.",
            report_id=report.pk,
        )
        for n, report in enumerate(created_reports)
    )
    citations.extend(
        Citation(
            key=f"{prefix}-{record._meta.model_name}-citation-{record.pk}",
            source=result.source,
            excerpt=f"{record}.",
            **{record._meta.model_name: record},
        )
        for record in [*result.agencies, *result.documents, *result.laws, *result.meetings]
    )
    result.citations = len(_insert(Citation, citations, batch_size))
    from resolutions.models import InvolvementPeriod, TaskStatusPeriod

    result.periods = len(_insert(TaskStatusPeriod, periods, batch_size))
    coordinating_by_task = defaultdict(list)
    for row in coordinating:
        coordinating_by_task[row.task_id].append(row.agency_id)
    result.involvements = len(_insert(InvolvementPeriod, involvement_rows(periods, coordinating_by_task), batch_size))
    return result


def _insert(model, objects, batch_size):
    """``bulk_create``, or on PostgreSQL a COPY of the rows with ids drawn from the table's
    sequence beforehand (several times faster for hundreds of thousands of rows)."""
    from django.db import connection

    if connection.vendor != "postgresql" or not objects:
        return model.objects.bulk_create(objects, batch_size=batch_size)
    meta = model._meta
    fields = meta.concrete_fields
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for instance, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            # Plain values (text, dates, numbers, ids): psycopg adapts them as they are.
            values_of = operator.attrgetter(*(field.attname for field in fields))
            for instance in objects:
                copy.write_row(values_of(instance))
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias
    return objects


def _weighted(rng, choices):
    total = sum(weight for _value, weight in choices)
    pick = rng.randrange(total)
    for value, weight in choices:
        if pick < weight:
            return value
        pick -= weight
    raise AssertionError("unreachable")


def _deadline(rng, precision, end_of_month, end_of_period):
    """A deadline of the given precision between 2025 and 2030, and how a source would state it."""
    year = rng.choice((2025, 2025, 2025, 2026, 2026, 2027, 2028, 2030))
    if precision == "none":
        return None, rng.choice(("", "thường xuyên", "hằng năm"))
    if precision == "year":
        return end_of_period(year, "year"), f"năm {year}"
    if precision == "half":
        half = rng.choice((1, 2))
        return end_of_period(year, "half", half), f"{'6 tháng đầu' if half == 1 else '6 tháng cuối'} năm {year}"
    if precision == "quarter":
        quarter = rng.randrange(1, 5)
        return end_of_period(year, "quarter", quarter), f"quý {ROMAN[quarter]}/{year}"
    month = rng.randrange(1, 13)
    if precision == "month":
        return end_of_month(year, month), f"tháng {month}/{year}"
    day = rng.randrange(1, end_of_month(year, month).day + 1)
    return dt.date(year, month, day), f"trước ngày {day}/{month}/{year}"


def _reports(rng, task, n, prefix, today):
    """One to three reports known on or before ``today``: in progress, then often a completion
    (on time or late); sometimes an in-progress statement and a completion on the same day."""
    from resolutions.deadlines import DatePrecision, ReportStatus
    from resolutions.models import ProgressReport

    # A task assigned after ``today`` (data judged in the past, as tests do) is reported on that day.
    assigned = task.assigned_on or dt.date(2025, 1, 1)
    start = min(assigned, today)
    span = (today - start).days

    def report(number, status, statement, reported_on, **completion):
        return ProgressReport(
            key=f"{prefix}-report-{n}-{number}",
            task_id=task.pk,
            status=status,
            statement=statement,
            reported_on=reported_on,
            **completion,
        )

    first = start + dt.timedelta(days=rng.randrange(span + 1))
    work = rng.choice(("xây dựng dự thảo", "lấy ý kiến", "hoàn thiện hồ sơ"))
    reports = [report(1, ReportStatus.IN_PROGRESS, f"Đang {work}. Work under way.", first)]
    if assigned <= today and rng.random() < 0.65:
        # On time about half the time: finished by the deadline when there is one.
        target = task.deadline if task.deadline and rng.random() < 0.55 else today
        latest = max(min(target, today), first)
        completed_on = first + dt.timedelta(days=rng.randrange((latest - first).days + 1))
        same_day = rng.random() < 0.1
        reported_on = completed_on if same_day else min(today, completed_on + dt.timedelta(days=rng.randrange(20)))
        if same_day:
            reports.append(report(2, ReportStatus.IN_PROGRESS, "Đang trình ký. Awaiting signature.", reported_on))
        reports.append(
            report(
                3,
                ReportStatus.COMPLETED,
                "Đã ban hành. Issued.",
                reported_on,
                completed_on=completed_on,
                completed_on_precision=DatePrecision.DAY,
            )
        )
    return reports


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True, help="how many tasks to add")
    parser.add_argument("--seed", type=int, default=57, help="random seed (default 57)")
    parser.add_argument("--prefix", default="gen", help="start of generated slugs and keys (default gen)")
    options = parser.parse_args()
    if options.tasks < 0:
        parser.error("--tasks must be 0 or more")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    # Bulk COPY of 100,000 rows outlasts the site's per-request statement timeout on a busy machine.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from resolutions.models import Document, Source

    call_command("migrate", verbosity=0)
    if not Document.objects.filter(code="57-NQ/TW").exists():
        call_command("load_curated", verbosity=0)
    if Source.objects.filter(slug=f"{options.prefix}-source").exists():
        sys.exit(f"generate.py: the database already holds a set with prefix {options.prefix!r}; use another --prefix.")
    result = generate(options.tasks, seed=options.seed, prefix=options.prefix)
    print(
        f"{connection.vendor}: added {result.tasks} tasks, {result.reports} reports, {result.citations} citations, "
        f"{result.periods} status periods ({result.involvements} involvement rows), {len(result.agencies)} agencies, "
        f"{len(result.documents)} documents, {len(result.laws)} laws in {result.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
