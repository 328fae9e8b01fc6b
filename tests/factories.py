"""Small factories for tests that need a few records beyond the curated fixtures; many records at
once come from the one generator, ``bench.generate.generate``."""

import datetime as dt
import itertools

from resolutions.deadlines import DatePrecision, ReportStatus
from resolutions.models import Agency, AgencyKind, Citation, Document, DocumentKind, Law, ProgressReport, Source, Task

_counter = itertools.count(1)


def make_source(**fields):
    n = next(_counter)
    fields = {
        "slug": f"source-{n}",
        "publisher": "Test Daily",
        "title": f"Article {n}",
        "url": f"https://example.org/article-{n}",
        **fields,
    }
    return Source.objects.create(**fields)


def make_agency(**fields):
    n = next(_counter)
    fields = {"slug": f"agency-{n}", "name": f"Agency {n}", "kind": AgencyKind.MINISTRY, **fields}
    return Agency.objects.create(**fields)


def make_document(**fields):
    n = next(_counter)
    defaults = {"slug": f"document-{n}", "code": f"{n}/NQ-CP", "kind": DocumentKind.RESOLUTION, "title": f"Doc {n}"}
    return Document.objects.create(**{**defaults, **fields})


def make_law(**fields):
    n = next(_counter)
    return Law.objects.create(**{"slug": f"law-{n}", "name": f"Law {n}", **fields})


def make_task(deadline=None, precision=None, **fields):
    n = next(_counter)
    if precision is None:
        precision = DatePrecision.DAY if deadline else DatePrecision.NONE
    return Task.objects.create(
        **{"slug": f"task-{n}", "title": f"Task {n}", "deadline": deadline, "deadline_precision": precision, **fields}
    )


def make_report(task=None, completed_on=None, reported_on=None, **fields):
    status = ReportStatus.COMPLETED if completed_on else ReportStatus.IN_PROGRESS
    fields = {
        "task": task,
        "status": status,
        "statement": "Reported.",
        "reported_on": reported_on or completed_on or dt.date(2025, 1, 1),
        "completed_on": completed_on,
        "completed_on_precision": DatePrecision.DAY if completed_on else DatePrecision.NONE,
        **fields,
    }
    return ProgressReport.objects.create(**fields)


def make_citation(source=None, excerpt="An excerpt.", **subject):
    return Citation.objects.create(source=source or make_source(), excerpt=excerpt, **subject)
