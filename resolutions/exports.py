"""The CSV of tasks, one renderer for the website (/tasks.csv) and the API (/api/tasks/?format=csv).

Both give the same columns in the same order: codes and slugs for machines, and beside each one
the name in the page's language for readers (the API answers in English). Headers: the website's
follow the page's language; the API's are the column keys below (stable English identifiers a
script can rely on). Several values in a cell are joined by `` | ``. UTF-8 with a byte-order mark,
so that spreadsheets read Vietnamese; a cell that a spreadsheet would take for a formula is
neutralised (see ``safe_cell``). Streamed, so a long list is never held in memory.
"""

import csv
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import i18n
from .deadlines import TaskStatus
from .models import localized

LIST_SEPARATOR = " | "
BYTE_ORDER_MARK = "\ufeff"
# What a spreadsheet reads as the start of a formula (tab and carriage return too: some strip them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows read per query as an export streams: the first rows leave after one such chunk is read.
ROWS_PER_FETCH = 500


def streamed_rows(queryset):
    """The rows of ``queryset`` read ROWS_PER_FETCH at a time (prefetches included) by a cursor
    in a transaction. Outside one, Django declares the cursor ``WITH HOLD``, and PostgreSQL then
    computes every row before returning the first (about a second at 100,000 tasks); within a
    request that is already atomic (tests) the cursor is plain anyway."""
    connection = transaction.get_connection(queryset.db)
    if connection.in_atomic_block:
        yield from queryset.iterator(chunk_size=ROWS_PER_FETCH)
        return
    with transaction.atomic(using=queryset.db):
        yield from queryset.iterator(chunk_size=ROWS_PER_FETCH)


def safe_cell(value):
    """The cell's text, with a leading apostrophe when a spreadsheet would run it as a formula
    (OWASP's advice for CSV injection); the apostrophe is shown, never executed."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def joined(values):
    return LIST_SEPARATOR.join(str(value) for value in values)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable


def _document_reference(task):
    return (task.document.code or task.document.slug) if task.document else ""


TASK_COLUMNS = [
    Column("slug", _("Slug"), lambda task, row: task.slug),
    Column("title", _("Title (English)"), lambda task, row: task.title),
    Column("title_vi", _("Title (Vietnamese)"), lambda task, row: task.title_vi),
    Column("deadline", _("Deadline"), lambda task, row: task.deadline.isoformat() if task.deadline else ""),
    Column("deadline_precision", _("Deadline precision"), lambda task, row: task.deadline_precision),
    Column("deadline_as_stated", _("Deadline as stated"), lambda task, row: task.deadline_as_stated),
    Column("quarter", _("Quarter"), lambda task, row: task.quarter or ""),
    Column("status", _("Status"), lambda task, row: task.status),
    Column("status_name", _("Status (name)"), lambda task, row: TaskStatus(task.status).label),
    Column("status_as_of", _("Status as of"), lambda task, row: row.as_of.isoformat()),
    Column("lead_agency", _("Lead agency"), lambda task, row: task.lead_agency.slug if task.lead_agency else ""),
    Column("lead_agency_name", _("Lead agency (name)"), lambda task, row: localized(task.lead_agency, "name")),
    Column(
        "coordinating_agencies",
        _("Coordinating agencies"),
        lambda task, row: joined(agency.slug for agency in task.coordinating_list),
    ),
    Column(
        "coordinating_agency_names",
        _("Coordinating agencies (names)"),
        lambda task, row: joined(localized(agency, "name") for agency in task.coordinating_list),
    ),
    Column("laws", _("Laws"), lambda task, row: joined(law.slug for law in task.law_list)),
    Column("law_names", _("Laws (names)"), lambda task, row: joined(localized(law, "name") for law in task.law_list)),
    Column("document", _("Document"), lambda task, row: _document_reference(task)),
    Column("document_title", _("Document (title)"), lambda task, row: localized(task.document, "title")),
    Column("url", _("Address"), lambda task, row: row.web_url(task)),
]


@dataclass(frozen=True)
class TaskRowContext:
    as_of: object
    # The absolute address of a record's page, in the request's language (``i18n.web_url``).
    web_url: Callable


class _Echo:
    """A file whose write returns the line, for csv.writer in a generator."""

    def write(self, line):
        return line


def task_csv_lines(tasks, *, as_of, web_url, translated_headers, language):
    """The CSV's lines: the header, then a row per task, in ``language`` (the lines are written
    while the response streams, after the view has returned). ``tasks`` carry ``status`` (judged
    on ``as_of``) with their lead agency, document, coordinating agencies and laws fetched."""
    writer = csv.writer(_Echo())
    row_context = TaskRowContext(as_of=as_of, web_url=web_url)
    with translation.override(language):
        headers = [str(column.header) if translated_headers else column.key for column in TASK_COLUMNS]
        yield BYTE_ORDER_MARK + writer.writerow(headers)
        for task in tasks:
            yield writer.writerow([safe_cell(column.value(task, row_context)) for column in TASK_COLUMNS])


def task_csv_response(tasks, *, request, as_of, filename, translated_headers):
    """The streamed CSV of ``tasks`` (a queryset fetched in chunks, or a list)."""
    if hasattr(tasks, "iterator"):
        tasks = streamed_rows(tasks)
    lines = task_csv_lines(
        tasks,
        as_of=as_of,
        web_url=functools.partial(i18n.web_url, request),
        translated_headers=translated_headers,
        language=translation.get_language(),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ical_text(value):
    """A TEXT value of RFC 5545 (3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ical_line(line):
    """A content line folded at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    data = line.encode()
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # a folded line starts with a space
    return b"\r\n ".join(parts) + b"\r\n"


def calendar_event(*, uid, stamp, day, summary, description, url):
    """One all-day VEVENT as bytes, written directly (the calendar of 100,000 deadlines is
    streamed; building an ``icalendar.Event`` per task costs ten times as much)."""
    following = day + dt.timedelta(days=1)
    return b"".join(
        (
            b"BEGIN:VEVENT\r\n",
            ical_line(f"UID:{ical_text(uid)}"),
            ical_line(f"DTSTAMP:{stamp}"),
            ical_line(f"DTSTART;VALUE=DATE:{day:%Y%m%d}"),
            ical_line(f"DTEND;VALUE=DATE:{following:%Y%m%d}"),
            ical_line(f"SUMMARY:{ical_text(summary)}"),
            ical_line(f"DESCRIPTION:{ical_text(description)}"),
            ical_line(f"URL:{url}"),
            b"END:VEVENT\r\n",
        )
    )
