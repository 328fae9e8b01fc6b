"""What pages show beside the records themselves: facet choices, groups, agency records, status
timelines. Plain Python over rows the selectors fetched; no queries here."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from .deadlines import TaskStatus, derive_status, quarter_of
from .models import Agency, localized


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


def document_label(document):
    title = localized(document, "title")
    return f"{document.code} {title}" if document.code else title


def group_by_quarter(tasks):
    """[(quarter or None, [tasks])] in the given order; tasks without a deadline come last."""
    groups = []
    for task in tasks:
        quarter = quarter_of(task.deadline)
        if not groups or groups[-1][0] != quarter:
            groups.append((quarter, []))
        groups[-1][1].append(task)
    return groups


@dataclass(frozen=True)
class QuarterEntry:
    quarter: str | None
    count: int
    page: int


def quarter_index(counts, per_page):
    """[QuarterEntry] from ``selectors.quarter_counts``: each quarter with its count and the page
    of the list where its tasks begin."""
    entries, before = [], 0
    for quarter, count in counts:
        entries.append(QuarterEntry(quarter, count, before // per_page + 1))
        before += count
    return entries


@dataclass
class AgencyRecord:
    agency: Agency
    led: int
    on_time: int
    late: int
    overdue: int

    @property
    def judged(self):
        return self.on_time + self.late + self.overdue

    @property
    def on_time_rate(self):
        """Share of the tasks that were due or are done that were done on time; None if none."""
        return round(100 * self.on_time / self.judged) if self.judged else None


def agency_records(rows, agencies):
    """Each lead agency's record from (lead_agency_id, deadline, status) rows, best on-time rate
    first. Only tasks with a deadline count towards the rate: one with none cannot be late."""
    led = Counter()
    by_agency = defaultdict(Counter)
    for agency_id, deadline, status in rows:
        if agency_id is None:
            continue
        led[agency_id] += 1
        if deadline is not None:
            by_agency[agency_id][status] += 1
    records = [
        AgencyRecord(
            agency=agencies[agency_id],
            led=led[agency_id],
            on_time=by_agency[agency_id][TaskStatus.COMPLETED_ON_TIME],
            late=by_agency[agency_id][TaskStatus.COMPLETED_LATE],
            overdue=by_agency[agency_id][TaskStatus.OVERDUE],
        )
        for agency_id in led
    ]
    return sorted(records, key=lambda record: (-record.judged, -(record.on_time_rate or 0), record.agency.name))


def status_timeline(task):
    """[(report, status after it)] for each report already prefetched on ``task``."""
    facts = []
    timeline = []
    for report in task.progress_reports.all():
        facts.append(report.as_fact())
        timeline.append((report, TaskStatus(derive_status(task.deadline, facts, report.known_on))))
    return timeline


def status_totals(statuses):
    """[(status, label, how many)] for every status, in the order of TaskStatus."""
    counts = Counter(statuses)
    return [(value, label, counts[value]) for value, label in TaskStatus.choices]


def statuses_per_quarter(rows):
    """[(quarter, Counter of statuses)] from (deadline, status) rows, by quarter; tasks without
    a deadline last, as quarter None."""
    per_quarter = defaultdict(Counter)
    for deadline, status in rows:
        per_quarter[quarter_of(deadline)][status] += 1
    return quarters_in_order(per_quarter)


def quarters_in_order(per_quarter):
    """[(quarter, Counter of statuses)] from {quarter or None: Counter}, by quarter; tasks without
    a deadline last, as quarter None."""
    quarters = [(quarter, per_quarter[quarter]) for quarter in sorted(q for q in per_quarter if q)]
    if None in per_quarter:
        quarters.append((None, per_quarter[None]))
    return quarters
