"""The public website: thin views that take a queryset from ``selectors`` and render it.

Every page accepts ``?as_of=YYYY-MM-DD`` (statuses judged on that date) and nothing it does not
understand: ``public_page`` binds the query string once (``params.bind``) and an unknown or
malformed parameter gets a 400 page naming it.
"""

import datetime as dt
import io
from functools import wraps

import icalendar
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import changes, exports, params, presentation, selectors
from .deadlines import TaskStatus, quarter_of
from .filters import SEARCH_KIND_CHOICES, ChangeFilter, LawFilter, SiteSearchFilter, TaskFilter
from .models import Agency, Document, Law, LawReviewList, Source, Task

NOT_FOUND = tuple(model.DoesNotExist for model in (Task, Law, LawReviewList, Document, Agency, Source))


def public_page(filterset_class=None, *, page=False):
    """Bind the query string once (``params.bind``: ``as_of`` and the page's filters), hand the
    view the ``BoundQuery``, and answer 400 for bad parameters (all of them at once) and 404 for
    unknown slugs. Today is read here, once, in the site's time zone."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                bound = params.bind(request.GET, filterset_class, today=params.local_today(), page=page)
                # Read by the template context (as_of) and by history.ConditionalGetMiddleware.
                request.bound_query = bound
                return view(request, bound, *args, **kwargs)
            except params.QueryError as error:
                return bad_parameters(request, error)
            except NOT_FOUND as error:
                raise Http404(str(error)) from None

        return wrapper

    return decorate


def bad_parameters(request, error):
    return render(request, "400.html", {"errors": error.rows()}, status=400)


@public_page()
def home(request, bound):
    context = selectors.dashboard(bound.as_of, bound.newest_information_on)
    if bound.newest_information_on:
        # Tasks due before the newest information are overdue; due since, unreported.
        context["overdue_deadline_before"] = bound.newest_information_on - dt.timedelta(days=1)
    return render(request, "resolutions/home.html", context)


def without_empty_parameters(view):
    """Redirect a query string holding empty parameters (as a submitted form sends them:
    ``?search=&agency=``) or the default agency role to the same address without them, so that a
    filtered list has one short address to share."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        query = request.GET.copy()
        noise = [
            name
            for name, values in query.lists()
            if all(value == "" for value in values) or (name == "agency_role" and values == ["any"])
        ]
        if noise:
            for name in noise:
                query.pop(name)
            for name, values in list(query.lists()):
                query.setlist(name, [value for value in values if value != ""])
            return redirect(request.path + (f"?{query.urlencode()}" if query else ""))
        return view(request, *args, **kwargs)

    return wrapper


@without_empty_parameters
@public_page(TaskFilter, page=True)
def task_list(request, bound):
    tasks, count = selectors.filtered_tasks(bound), selectors.matching_count(bound)
    page = params.paginate(tasks, bound, selectors.TASKS_PER_PAGE, count=count)
    page.object_list = list(selectors.task_rows(page.object_list))
    ordering = bound.filters.get("ordering") or ["deadline"]
    # Grouping by quarter only makes sense in deadline order.
    by_deadline = ordering[0].lstrip("-") == "deadline"
    per_page = bound.page_size or selectors.TASKS_PER_PAGE
    facets = selectors.task_facets(bound)
    context = {
        "page": page,
        "groups": presentation.group_by_quarter(page.object_list) if by_deadline else [("all", page.object_list)],
        "quarter_index": (
            presentation.quarter_index(selectors.quarter_counts(bound, facets, page.paginator.count), per_page)
            if by_deadline and page.paginator.count
            else []
        ),
        "this_quarter": quarter_of(bound.as_of),
        "facets": facets,
        "query": request.GET,
        "filters_active": any(value not in (None, "", []) for value in bound.filters.values()),
        "agency_role": bound.filters.get("agency_role") or "any",
        "unshown_filters": _unshown_filters(request.GET),
    }
    return render(request, "resolutions/task_list.html", context)


# Task filters the form has no field for (the API's, or a shared link's): kept as hidden inputs.
UNSHOWN_TASK_FILTERS = ("quarter_from", "quarter_to", "deadline_after", "deadline_before", "ordering")


def _unshown_filters(query):
    """[(name, value, the query without it)] for filters the form does not show; the template's
    ``{% querystring %}`` writes the address that removes each."""
    rows = []
    for name in UNSHOWN_TASK_FILTERS:
        if query.get(name):
            without = query.copy()
            without.pop(name)
            rows.append((name, query[name], without))
    return rows


@public_page(TaskFilter)
def task_csv(request, bound):
    return exports.task_csv_response(
        selectors.export_rows(selectors.filtered_tasks(bound)),
        request=request,
        as_of=bound.as_of,
        filename="resolution57-tasks.csv",
        translated_headers=True,
    )


@public_page(TaskFilter)
def task_ics(request, bound):
    """The filtered tasks' deadlines as a calendar, streamed: the tasks are read in chunks of
    ``exports.ROWS_PER_FETCH`` and each event is written as it is read, so memory stays flat and
    the first bytes leave at once, however many tasks."""
    tasks = exports.streamed_rows(selectors.filtered_tasks(bound).exclude(deadline=None).select_related("lead_agency"))
    response = StreamingHttpResponse(
        _calendar_lines(tasks, request.build_absolute_uri, get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="resolution57-deadlines.ics"'
    return response


def _calendar_lines(tasks, absolute_url, language):
    """The calendar's bytes: its header, an event per task, its end (written while the response
    streams, after the view has returned, hence the language passed in)."""
    with translation.override(language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Resolution 57 Tracker//deadlines//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Resolution 57 task deadlines"))
        end = b"END:VCALENDAR\r\n"
        yield calendar.to_ical().removesuffix(end)
        stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        for task in tasks:
            lines = [
                _("Deadline as stated: %(stated)s") % {"stated": task.deadline_as_stated or "-"},
                _("Status: %(status)s") % {"status": TaskStatus(task.status).label},
            ]
            if task.lead_agency:
                lines.append(_("Lead: %(agency)s") % {"agency": task.lead_agency.name})
            yield exports.calendar_event(
                uid=f"{task.slug}@resolution57-tracker",
                stamp=stamp,
                day=task.deadline,
                summary=task.title,
                description="\n".join(lines),
                url=absolute_url(task.get_absolute_url()),
            )
        yield end


class StreamedAtomFeed(feedgenerator.Atom1Feed):
    """An Atom feed written piece by piece: the head, then each entry as it is written."""

    def stream(self, encoding="utf-8"):
        buffer = io.StringIO()
        handler = feedgenerator.SimplerXMLGenerator(buffer, encoding, short_empty_elements=True)

        def flush():
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return text.encode(encoding)

        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        yield flush()
        for item in self.items:
            handler.startElement("entry", self.item_attributes(item))
            self.add_item_elements(handler, item)
            handler.endElement("entry")
            yield flush()
        handler.endElement("feed")
        yield flush()


def atom_feed(request, title, list_view, description):
    """An Atom feed of the list page ``list_view`` with the request's filters, in the page's
    language. Each filtered feed is its own feed, so readers keep subscriptions apart."""
    query = request.GET.urlencode()
    return StreamedAtomFeed(
        title=title,
        link=request.build_absolute_uri(reverse(list_view) + (f"?{query}" if query else "")),
        description=description,
        language=get_language(),
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
        author_name=_("Resolution 57 Tracker"),
    )


@public_page(TaskFilter)
def task_feed(request, bound):
    """The latest ``selectors.FEED_ENTRIES`` progress reports on the filtered tasks, newest
    first (never all of them), streamed."""
    tasks = selectors.filtered_tasks(bound)
    feed = atom_feed(
        request,
        _("Resolution 57 Tracker: progress reports"),
        "resolutions:task-list",
        _("What changed: dated progress reports on the tasks of Resolution 57."),
    )
    as_of_query = f"?as_of={bound.as_of.isoformat()}" if bound.as_of_explicit else ""
    for report in selectors.report_feed_items(tasks, bound.as_of):
        link = request.build_absolute_uri(report.task.get_absolute_url()) + f"{as_of_query}#{report.key}"
        known_on = dt.datetime.combine(report.known_on, dt.time(), tzinfo=dt.UTC)
        evidence = " ".join(f"“{citation.excerpt}” ({citation.source.url})" for citation in report.citations.all())
        feed.add_item(
            title=f"{report.task.title}: {report.get_status_display()}",
            link=link,
            description=f"{report.statement} {evidence}".strip(),
            unique_id=f"tag:resolution57-tracker,{report.known_on.isoformat()}:{report.key}",
            pubdate=known_on,
            updateddate=known_on,
        )
    return StreamingHttpResponse(feed.stream("utf-8"), content_type="application/atom+xml; charset=utf-8")


@public_page()
def task_detail(request, bound, slug):
    task = selectors.task_detail(slug, bound.as_of)
    context = {"task": task, "last_changed": changes.last_changed(task)}
    return render(request, "resolutions/task_detail.html", context)


@without_empty_parameters
@public_page(LawFilter, page=True)
def law_list(request, bound):
    context = {
        "page": params.paginate(selectors.law_list(bound), bound, selectors.LAWS_PER_PAGE),
        "review_lists": selectors.review_lists(),
        "stages": bound.filterset.filters["stage"].field.choices,
        "orderings": bound.filterset.filters["ordering"].field.choices,
        "chosen": bound.filters,
        "filters_active": any(value not in (None, "", []) for value in bound.filters.values()),
    }
    return render(request, "resolutions/law_list.html", context)


@public_page()
def law_detail(request, bound, slug):
    law, (tasks, tasks_more) = selectors.law_detail(slug, bound.as_of)
    context = {
        "law": law,
        "stage": law.current_stage(bound.as_of),
        "tasks": tasks,
        "tasks_more": tasks_more,
        "last_changed": changes.last_changed(law),
    }
    return render(request, "resolutions/law_detail.html", context)


@public_page()
def document_list(request, bound):
    context = {"rows": selectors.document_tree(), "figures": selectors.stated_figures()}
    return render(request, "resolutions/document_list.html", context)


@public_page()
def source_list(request, bound):
    return render(request, "resolutions/source_list.html", {"sources": selectors.source_list()})


@public_page()
def review_list_detail(request, bound, slug):
    review_list = selectors.review_list_detail(slug)
    context = {"review_list": review_list, "last_changed": changes.last_changed(review_list)}
    return render(request, "resolutions/review_list_detail.html", context)


@public_page()
def document_detail(request, bound, slug):
    document, (tasks, tasks_more) = selectors.document_detail(slug, bound.as_of)
    context = {
        "document": document,
        "tasks": tasks,
        "tasks_more": tasks_more,
        "last_changed": changes.last_changed(document),
    }
    return render(request, "resolutions/document_detail.html", context)


@public_page(page=True)
def agency_list(request, bound):
    page = params.paginate(selectors.agency_list(bound.as_of), bound, selectors.AGENCIES_PER_PAGE)
    return render(request, "resolutions/agency_list.html", {"page": page})


@public_page()
def agency_detail(request, bound, slug):
    agency, (tasks, tasks_more), record = selectors.agency_detail(slug, bound.as_of)
    context = {
        "agency": agency,
        "tasks": tasks,
        "tasks_more": tasks_more,
        "record": record,
        "last_changed": changes.last_changed(agency),
    }
    return render(request, "resolutions/agency_detail.html", context)


@public_page(page=True)
def source_detail(request, bound, slug):
    source, citations = selectors.source_detail(slug)
    context = {
        "source": source,
        "page": params.paginate(citations, bound, selectors.CITATIONS_PER_PAGE),
        "last_changed": changes.last_changed(source),
    }
    return render(request, "resolutions/source_detail.html", context)


@public_page(SiteSearchFilter, page=True)
def search(request, bound):
    text = (bound.filters.get("q") or "").strip()
    kind = bound.filters.get("kind") or None
    if bound.page and not kind:
        raise params.QueryError({params.PAGE: (_("Pages are per kind of record."), _("only with kind"))})
    groups, page = selectors.site_search(text, bound, kind) if text else ([], None)
    headings = dict(SEARCH_KIND_CHOICES)
    context = {
        "q": text,
        "kind": kind,
        "page": page,
        # [(kind, heading, count, [SearchResult])]
        "groups": [(name, headings[name], count, rows) for name, count, rows in groups],
        "count": sum(count for _name, count, _rows in groups),
        "per_kind": selectors.SEARCH_RESULTS_PER_KIND,
    }
    return render(request, "resolutions/search.html", context)


CHANGES_PER_PAGE = 50
CHANGES_IN_FEED = 50


@without_empty_parameters
@public_page(ChangeFilter, page=True)
def change_list(request, bound):
    page = params.paginate(changes.change_rows(bound.filterset), bound, CHANGES_PER_PAGE)
    page.object_list = changes.entries(list(page.object_list))
    filters_active = any(value not in (None, "") for value in bound.filters.values())
    return render(
        request,
        "resolutions/change_list.html",
        {"page": page, "chosen": bound.filters, "filters_active": filters_active},
    )


@public_page(ChangeFilter)
def change_feed(request, bound):
    feed = atom_feed(
        request,
        _("Resolution 57 Tracker: what changed"),
        "resolutions:change-list",
        _("Every record added, changed or deleted in the tracker, newest first."),
    )
    for change in changes.entries(list(changes.change_rows(bound.filterset)[:CHANGES_IN_FEED])):
        description = change.action
        if change.fields:
            description += ": " + ", ".join(change.fields)
        feed.add_item(
            title=f"{change.name} ({description})",
            link=request.build_absolute_uri(change.url or reverse("resolutions:change-list")),
            description=description,
            unique_id=f"tag:resolution57-tracker,{change.when.date().isoformat()}:{change.key}",
            pubdate=change.when,
            updateddate=change.when,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
