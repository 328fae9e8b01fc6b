"""The public website: thin views that take a queryset from ``selectors`` and render it.

Every page accepts ``?as_of=YYYY-MM-DD`` (statuses judged on that date) and nothing it does not
understand: ``public_page`` binds the query string once (``params.bind``) and an unknown or
malformed parameter gets a 400 page naming it.
"""

import datetime as dt
from functools import wraps

import icalendar
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import exports, params, presentation, selectors
from .deadlines import TaskStatus
from .filters import SEARCH_KIND_CHOICES, SiteSearchFilter, TaskFilter
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
    return render(request, "resolutions/home.html", selectors.dashboard(bound.as_of))


@public_page(TaskFilter, page=True)
def task_list(request, bound):
    page = params.paginate(selectors.filtered_tasks(bound), bound, selectors.TASKS_PER_PAGE)
    page.object_list = list(selectors.task_rows(page.object_list))
    ordering = bound.filters.get("ordering") or ["deadline"]
    context = {
        "page": page,
        # Grouping by quarter only makes sense in deadline order.
        "groups": (
            presentation.group_by_quarter(page.object_list)
            if ordering[0].lstrip("-") == "deadline"
            else [("all", page.object_list)]
        ),
        "facets": selectors.task_facets(bound),
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
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Resolution 57 Tracker//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Resolution 57 task deadlines"))
    stamp = timezone.now()
    for task in selectors.task_rows(selectors.filtered_tasks(bound)):
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


@public_page(TaskFilter)
def task_feed(request, bound):
    tasks = selectors.filtered_tasks(bound)
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
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@public_page()
def task_detail(request, bound, slug):
    task = selectors.task_detail(slug, bound.as_of)
    return render(request, "resolutions/task_detail.html", {"task": task})


@public_page()
def law_list(request, bound):
    context = {"laws": selectors.law_list(), "review_lists": selectors.review_lists()}
    return render(request, "resolutions/law_list.html", context)


@public_page()
def law_detail(request, bound, slug):
    law, tasks = selectors.law_detail(slug, bound.as_of)
    context = {"law": law, "stage": law.current_stage(bound.as_of), "tasks": tasks}
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
    return render(request, "resolutions/review_list_detail.html", {"review_list": review_list})


@public_page()
def document_detail(request, bound, slug):
    document, tasks = selectors.document_detail(slug, bound.as_of)
    return render(request, "resolutions/document_detail.html", {"document": document, "tasks": tasks})


@public_page()
def agency_list(request, bound):
    return render(request, "resolutions/agency_list.html", {"rows": selectors.agency_list(bound.as_of)})


@public_page()
def agency_detail(request, bound, slug):
    agency, tasks, record = selectors.agency_detail(slug, bound.as_of)
    return render(request, "resolutions/agency_detail.html", {"agency": agency, "tasks": tasks, "record": record})


@public_page()
def source_detail(request, bound, slug):
    source, citations = selectors.source_detail(slug)
    return render(request, "resolutions/source_detail.html", {"source": source, "citations": citations})


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
