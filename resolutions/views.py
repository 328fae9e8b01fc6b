"""The public website: thin views that take a queryset from ``selectors`` and render it.

Every page accepts ``?as_of=YYYY-MM-DD`` (statuses judged on that date) and nothing it does not
understand: an unknown or malformed parameter gets a 400 page naming it.
"""

import csv
import datetime as dt
from functools import wraps

import icalendar
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .deadlines import TaskStatus
from .models import Agency, Document, Law, LawReviewList, Source, Task

NOT_FOUND = tuple(model.DoesNotExist for model in (Task, Law, LawReviewList, Document, Agency, Source))
TASK_EXPORT_PARAMETERS = tuple(name for name in selectors.task_list_parameters() if name != "page")


def public_page(*parameters, filtered=False):
    """Check the query string against ``parameters``, read ``as_of`` once onto the request, and
    answer 400 for bad parameters (all of them at once) and 404 for unknown slugs. ``filtered``
    pages also check the task filters before anything runs."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            today = timezone.localdate()
            errors = {}
            for check in (
                lambda: selectors.reject_unknown_parameters(request.GET, ("as_of", *parameters)),
                lambda: selectors.reject_repeated_parameters(request.GET),
                lambda: selectors.parse_as_of(request.GET, today),
                lambda: filtered and selectors.check_task_filters(request.GET, today),
            ):
                try:
                    check()
                except selectors.InvalidParameters as error:
                    errors.update(error.errors)
            if errors:
                return bad_parameters(request, errors)
            request.as_of = selectors.parse_as_of(request.GET, today)
            request.as_of_explicit = bool(request.GET.get("as_of"))
            try:
                return view(request, *args, **kwargs)
            except selectors.InvalidParameters as error:
                return bad_parameters(request, error.errors)
            except NOT_FOUND as error:
                raise Http404(str(error)) from None

        return wrapper

    return decorate


def bad_parameters(request, errors):
    rows = [(name, message, accepts) for name, (message, accepts) in sorted(errors.items())]
    return render(request, "400.html", {"errors": rows}, status=400)


@public_page()
def home(request):
    return render(request, "resolutions/home.html", selectors.dashboard(request.as_of))


@public_page(*selectors.task_list_parameters(), filtered=True)
def task_list(request):
    filterset, tasks = selectors.filtered_tasks(request.GET, request.as_of)
    page = selectors.paginate(tasks, request.GET.get("page"))
    page.object_list = list(selectors.task_rows(page.object_list))
    filters = request.GET.copy()
    filters.pop("page", None)
    active = any(value for name, values in filters.lists() if name != "as_of" for value in values)
    context = {
        "page": page,
        # Grouping by quarter only makes sense in deadline order.
        "groups": (
            selectors.group_by_quarter(page.object_list)
            if request.GET.get("ordering", "deadline").lstrip("-") in ("", "deadline")
            else [("all", page.object_list)]
        ),
        "facets": selectors.task_facets(filterset, request.GET),
        "query": request.GET,
        "filter_query": filters.urlencode(),
        "filters_active": active,
        "agency_role": request.GET.get("agency_role") or "any",
        "unshown_filters": _unshown_filters(request.GET),
    }
    return render(request, "resolutions/task_list.html", context)


# Task filters the form has no field for (the API's, or a shared link's): kept as hidden inputs.
UNSHOWN_TASK_FILTERS = ("quarter_from", "quarter_to", "deadline_after", "deadline_before", "ordering")


def _unshown_filters(query):
    """[(name, value, address of this list without it)] for filters the form does not show."""
    rows = []
    for name in UNSHOWN_TASK_FILTERS:
        value = query.get(name)
        if value:
            others = query.copy()
            others.pop(name)
            others.pop("page", None)
            rows.append((name, value, f"?{others.urlencode()}"))
    return rows


def _export_tasks(request):
    _filterset, tasks = selectors.filtered_tasks(request.GET, request.as_of)
    return list(selectors.task_rows(tasks))


@public_page(*TASK_EXPORT_PARAMETERS, filtered=True)
def task_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resolution57-tasks.csv"'
    response.write("\ufeff")  # a byte-order mark, so that spreadsheets read Vietnamese as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "slug",
            "title",
            "title_vi",
            "deadline",
            "deadline_precision",
            "deadline_as_stated",
            "quarter",
            "status",
            "status_as_of",
            "lead_agency",
            "coordinating_agencies",
            "document",
            "url",
        ]
    )
    for task in _export_tasks(request):
        writer.writerow(
            [
                task.slug,
                task.title,
                task.title_vi,
                task.deadline.isoformat() if task.deadline else "",
                task.deadline_precision,
                task.deadline_as_stated,
                task.quarter or "",
                task.status,
                request.as_of.isoformat(),
                task.lead_agency.slug if task.lead_agency else "",
                " ".join(agency.slug for agency in task.coordinating_agencies.all()),
                task.document.code or task.document.slug if task.document else "",
                request.build_absolute_uri(task.get_absolute_url()),
            ]
        )
    return response


@public_page(*TASK_EXPORT_PARAMETERS, filtered=True)
def task_ics(request):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Resolution 57 Tracker//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Resolution 57 task deadlines"))
    stamp = timezone.now()
    for task in _export_tasks(request):
        if task.deadline is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{task.slug}@resolution57-tracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", task.deadline)
        event.add("dtend", task.deadline + dt.timedelta(days=1))
        event.add("summary", task.title)
        lines = [
            _("Deadline as stated: %(stated)s") % {"stated": task.deadline_as_stated or "-"},
            _("Status: %(status)s") % {"status": TaskStatus(task.status).label},
        ]
        if task.lead_agency:
            lines.append(_("Lead: %(agency)s") % {"agency": task.lead_agency.name})
        event.add("description", "\n".join(lines))
        event.add("url", request.build_absolute_uri(task.get_absolute_url()))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resolution57-deadlines.ics"'
    return response


@public_page(*TASK_EXPORT_PARAMETERS, filtered=True)
def task_feed(request):
    _filterset, tasks = selectors.filtered_tasks(request.GET, request.as_of)
    query = request.GET.urlencode()
    feed = feedgenerator.Atom1Feed(
        title=_("Resolution 57 Tracker: progress reports"),
        link=request.build_absolute_uri(reverse("resolutions:task-list") + (f"?{query}" if query else "")),
        description=_("What changed: dated progress reports on the tasks of Resolution 57."),
        language=get_language(),
        feed_url=request.build_absolute_uri(),
        # Each filtered feed is its own feed, so readers keep subscriptions apart.
        feed_guid=request.build_absolute_uri(),
        author_name=_("Resolution 57 Tracker"),
    )
    as_of_query = f"?as_of={request.as_of.isoformat()}" if request.as_of_explicit else ""
    for report in selectors.report_feed_items(tasks, request.as_of):
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
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@public_page()
def task_detail(request, slug):
    task = selectors.task_detail(slug, request.as_of)
    return render(request, "resolutions/task_detail.html", {"task": task})


@public_page()
def law_list(request):
    context = {"laws": selectors.law_list(), "review_lists": selectors.review_lists()}
    return render(request, "resolutions/law_list.html", context)


@public_page()
def law_detail(request, slug):
    law, tasks = selectors.law_detail(slug, request.as_of)
    return render(request, "resolutions/law_detail.html", {"law": law, "tasks": tasks})


@public_page()
def document_list(request):
    context = {"rows": selectors.document_tree(), "figures": selectors.stated_figures()}
    return render(request, "resolutions/document_list.html", context)


@public_page()
def source_list(request):
    return render(request, "resolutions/source_list.html", {"sources": selectors.source_list()})


@public_page()
def review_list_detail(request, slug):
    review_list = selectors.review_list_detail(slug)
    return render(request, "resolutions/review_list_detail.html", {"review_list": review_list})


@public_page()
def document_detail(request, slug):
    document, tasks = selectors.document_detail(slug, request.as_of)
    return render(request, "resolutions/document_detail.html", {"document": document, "tasks": tasks})


@public_page()
def agency_list(request):
    return render(request, "resolutions/agency_list.html", {"rows": selectors.agency_list(request.as_of)})


@public_page()
def agency_detail(request, slug):
    agency, tasks, record = selectors.agency_detail(slug, request.as_of)
    return render(request, "resolutions/agency_detail.html", {"agency": agency, "tasks": tasks, "record": record})


@public_page()
def source_detail(request, slug):
    source, citations = selectors.source_detail(slug)
    return render(request, "resolutions/source_detail.html", {"source": source, "citations": citations})


@public_page("q")
def search(request):
    text = selectors.parse_search_text(request.GET)
    results = selectors.site_search(text) if text else None
    count = sum(len(rows) for rows in results.values()) if results else 0
    return render(request, "resolutions/search.html", {"q": text, "results": results, "count": count})
