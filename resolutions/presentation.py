"""What pages show beside the records themselves: facet choices, groups, agency records, status
timelines. Plain Python over rows the selectors fetched; no queries here."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .deadlines import TaskStatus, derive_status, quarter_of
from .models import Agency, fold_text, localized
from .search import search_terms


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


# Search results: each record's shown title and a snippet of where the words matched.

SNIPPET_LENGTH = 180
SNIPPET_LEAD = 60


def search_words_of(text):
    """The folded words a search for ``text`` looks for at the start of a record's words."""
    return [word for term in search_terms(text) for word in re.findall(r"[^\W_]+", term)]


def _folded_with_positions(text):
    """``fold_text(text)`` and, for each of its characters, the index of the original character
    it came from (folding drops tone marks and may turn one character into two)."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in fold_text(char):
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


def matched_spans(text, words):
    """[(start, end)] of ``text`` where a word of it begins with one of ``words``, whatever the
    tone marks and case; merged and in order."""
    folded, positions = _folded_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(r"(?<![^\W_])" + re.escape(word), folded):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted(text, spans, start=0, end=None):
    """``text[start:end]``, escaped, with ``spans`` marked by ``<mark>``."""
    end = len(text) if end is None else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


def snippet(text, spans):
    """About SNIPPET_LENGTH characters of ``text`` around its first matched span, cut at spaces."""
    if len(text) <= SNIPPET_LENGTH:
        return highlighted(text, spans)
    start = max(0, spans[0][0] - SNIPPET_LEAD)
    if start:
        start = text.find(" ", start, spans[0][0]) + 1 or start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > 0 else end
    body = highlighted(text, spans, start, end)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))  # noqa: S308


@dataclass
class SearchResult:
    record: object
    title: str  # the shown title, escaped and marked
    snippet: str  # where else the words matched, escaped and marked; empty when only the title did
    snippet_label: str
    snippet_language: str
    code: str = ""  # a document's code, escaped and marked


def _in_page_language(record, field):
    """(value, its language) of ``localized(record, field)``."""
    value = localized(record, field) or ""
    return value, ("vi" if value and value == getattr(record, f"{field}_vi", None) else "en")


def search_result(record, title_field, snippet_fields, words, code=""):
    """``record`` as a search result: its title in the page's language with the matched words
    marked and, when the title does not hold every word, the first of ``snippet_fields``
    [(label, text, language)] holding one it lacks: where else the record matched. The other
    language's title is tried first, then the rest in order."""
    from .templatetags.languages import in_language

    title, title_language = _in_page_language(record, title_field)
    marked_title = in_language(highlighted(title, matched_spans(title, words)), title_language)
    marked_code = highlighted(code, matched_spans(code, words)) if code else ""
    missing = [word for word in words if not matched_spans(f"{code} {title}", [word])]
    if not missing:
        return SearchResult(record, marked_title, "", "", "", marked_code)
    other_title_field = title_field if title_language == "vi" else f"{title_field}_vi"
    other_title = getattr(record, other_title_field, "") or ""
    candidates = []
    if other_title and other_title != title:
        candidates.append((_("Title"), other_title, "en" if title_language == "vi" else "vi"))
    candidates.extend(snippet_fields)
    for label, text, language in candidates:
        if text and matched_spans(text, missing):
            spans = matched_spans(text, words)
            return SearchResult(record, marked_title, snippet(text, spans), label, language, marked_code)
    return SearchResult(record, marked_title, "", "", "", marked_code)


def task_result(task, words):
    fields = [
        (_("Description"), task.description, "en"),
        (_("Deadline as stated"), task.deadline_as_stated, ""),
    ]
    if task.lead_agency:
        # Its name in the page's language first, then in the other (the task is found by either).
        name, language = _in_page_language(task.lead_agency, "name")
        fields.append((_("Lead"), name, language))
        other = task.lead_agency.name if language == "vi" else task.lead_agency.name_vi
        fields.append((_("Lead"), other, "en" if language == "vi" else "vi"))
    if task.document:
        fields.append((_("Document"), document_label(task.document), _in_page_language(task.document, "title")[1]))
    return search_result(task, "title", fields, words)


def law_result(law, words):
    return search_result(law, "name", [(_("Target"), law.target, "")], words)


def document_result(document, words):
    fields = [(_("Also written"), document.code_variants, "vi")]
    return search_result(document, "title", fields, words, code=document.code)


def agency_result(agency, words):
    fields = [(_("Abbreviation"), agency.abbreviation, "en"), (_("Also known as"), agency.aliases, "en")]
    return search_result(agency, "name", fields, words)
