"""Selectors: plain functions that return querysets, or rows the presentation module arranges.

Parameters arrive bound (``params.bind``): the task list takes the ``BoundQuery`` whose FilterSet
(``filters.TaskFilter``, shared with the API) is already valid, and every page its ``as_of``.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, F, Prefetch, Q

from . import params, presentation
from .deadlines import TaskStatus, quarter_of
from .models import (
    Agency,
    Citation,
    Document,
    Figure,
    Law,
    LawReviewList,
    ProgressReport,
    Source,
    Task,
    fold_text,
    localized,
)
from .presentation import (
    AgencyRecord,
    Choice,
    agency_records,
    document_label,
    status_timeline,
    status_totals,
    statuses_per_quarter,
)
from .search import ranked_search

TASKS_PER_PAGE = 50
DUE_NEXT_DAYS = 90
COMPLETED_STATUSES = (TaskStatus.COMPLETED_ON_TIME, TaskStatus.COMPLETED_LATE)


def task_rows(queryset):
    """What a row of a task list shows, in one query plus one for coordinating agencies."""
    return queryset.select_related("lead_agency", "document").prefetch_related(
        Prefetch("coordinating_agencies", queryset=Agency.objects.only("slug", "name", "name_vi", "abbreviation"))
    )


def export_rows(queryset):
    """What a row of the tasks' CSV shows: a task row plus its laws."""
    return task_rows(queryset).prefetch_related(Prefetch("laws", queryset=Law.objects.only("slug", "name", "name_vi")))


def filtered_tasks(bound):
    """Tasks matching the bound task filters as they stood on ``as_of`` (status judged then,
    tasks not yet assigned left out), by deadline unless an ordering is asked for."""
    queryset = bound.filterset.filter_queryset(Task.objects.judged_on(bound.as_of))
    return queryset if bound.filters.get("ordering") else queryset.by_deadline()


def task_facets(bound):
    """The filter form's choices with counts: each facet is counted over the tasks matching all
    the other filters, so a count says what choosing it would show. Counted per task (a task
    joined once per coordinating agency is still one task); about one query per facet."""

    chosen = bound.filters

    def others(*names):
        return bound.filterset.filter_queryset_without(Task.objects.judged_on(bound.as_of), *names).order_by()

    def count_per_task(rows):
        """Counter of values from (task pk, value) rows, each pair once."""
        return Counter(value for _pk, value in set(rows) if value is not None)

    role = chosen.get("agency_role") or "any"
    agency_tasks = others("agency")
    led = set(agency_tasks.values_list("pk", "lead_agency"))
    pairs = set(led)
    if role != "lead":
        coordinating = Task.coordinating_agencies.through.objects.filter(task__in=agency_tasks.values("pk"))
        pairs |= set(coordinating.values_list("task_id", "agency_id"))
    agency_counts = count_per_task(pairs)
    agencies = sorted(
        Agency.objects.only("slug", "name", "name_vi"), key=lambda agency: fold_text(localized(agency, "name"))
    )
    agency_choices = [
        Choice(agency.slug, localized(agency, "name"), agency_counts[agency.pk], agency == chosen.get("agency"))
        for agency in agencies
    ]

    quarter_counts = count_per_task(
        (pk, quarter_of(deadline)) for pk, deadline in others("quarter").values_list("pk", "deadline")
    )
    all_quarters = {
        quarter_of(deadline)
        for deadline in Task.objects.exclude(deadline=None).values_list("deadline", flat=True).distinct()
    }
    if chosen.get("quarter"):
        all_quarters.add(chosen["quarter"])  # a valid quarter without tasks stays selected
    quarters = [
        Choice(quarter, quarter, quarter_counts[quarter], quarter == chosen.get("quarter"))
        for quarter in sorted(all_quarters)
    ]

    status_counts = count_per_task(others("status").values_list("pk", "status"))
    chosen_statuses = chosen.get("status") or []
    statuses = [
        Choice(value, label, status_counts[value], value in chosen_statuses) for value, label in TaskStatus.choices
    ]

    document_rows = others("document").values_list("pk", "document", "meeting__concerns")
    document_counts = count_per_task((pk, document) for pk, *documents in document_rows for document in documents)
    documents = [
        Choice(
            document.slug,
            document_label(document),
            document_counts[document.pk],
            document == chosen.get("document"),
        )
        for document in Document.objects.only("slug", "code", "title", "title_vi")
    ]

    law_counts = count_per_task(
        Task.laws.through.objects.filter(task__in=others("law").values("pk")).values_list("task_id", "law_id")
    )
    laws = [
        Choice(law.slug, localized(law, "name"), law_counts[law.pk], law == chosen.get("law"))
        for law in Law.objects.only("slug", "name", "name_vi")
    ]
    return {"agency": agency_choices, "quarter": quarters, "status": statuses, "document": documents, "law": laws}


def dashboard(as_of):
    """Everything the home page shows, in five queries."""
    rows = list(Task.objects.judged_on(as_of).order_by().values_list("deadline", "status", "lead_agency"))
    lead_ids = {agency_id for _deadline, _status, agency_id in rows if agency_id}
    agencies = Agency.objects.in_bulk(lead_ids)
    tasks = task_rows(Task.objects.judged_on(as_of))
    try:
        horizon = as_of + dt.timedelta(days=DUE_NEXT_DAYS)
    except OverflowError:  # as_of near 9999-12-31
        horizon = dt.date.max
    return {
        "total": len(rows),
        "status_counts": status_totals(status for _deadline, status, _agency in rows),
        "overdue": list(tasks.filter(status=TaskStatus.OVERDUE).by_deadline()),
        "due_next": list(
            tasks.filter(deadline__gte=as_of, deadline__lte=horizon)
            .exclude(status__in=COMPLETED_STATUSES)
            .by_deadline()
        ),
        "due_next_days": DUE_NEXT_DAYS,
        "quarters": statuses_per_quarter((deadline, status) for deadline, status, _agency in rows),
        "agency_records": agency_records(((agency, deadline, status) for deadline, status, agency in rows), agencies),
    }


def citations_prefetch(path="citations"):
    return Prefetch(path, queryset=Citation.objects.select_related("source"))


def reports_prefetch(as_of, path="progress_reports"):
    """Progress reports known by ``as_of`` (later ones are hidden), oldest first, with evidence."""
    return Prefetch(path, queryset=ProgressReport.objects.known_by(as_of).prefetch_related(citations_prefetch()))


def task_detail(slug, as_of):
    """A task with everything its page shows; raises Task.DoesNotExist."""
    task = (
        Task.objects.with_status(as_of)
        .select_related(
            "lead_agency",
            "meeting__convened_by",
            "meeting__concerns",
            # The chain to Resolution 57 is at most a few levels deep; fetch it with the task.
            "document__implements__implements__implements",
        )
        .prefetch_related(
            "coordinating_agencies",
            "laws",
            citations_prefetch(),
            reports_prefetch(as_of),
        )
        .get(slug=slug)
    )
    task.status_timeline = status_timeline(task)
    task.later_reports = ProgressReport.objects.filter(task=task).count() - len(task.progress_reports.all())
    return task


def law_detail(slug, as_of):
    law = Law.objects.prefetch_related(
        citations_prefetch(),
        reports_prefetch(as_of),
        Prefetch("review_lists", queryset=LawReviewList.objects.only("slug", "name", "declared_count")),
    ).get(slug=slug)
    tasks = task_rows(Task.objects.judged_on(as_of).filter(laws=law)).by_deadline()
    return law, list(tasks)


def law_list():
    return Law.objects.annotate(task_count=Count("tasks", distinct=True)).order_by("name")


def review_lists():
    """Each law review list with its document and how many of its laws the sources name."""
    return LawReviewList.objects.select_related("document").with_identified_count()


def document_tree():
    """[(document, depth, task count)]: each document followed by the documents implementing it,
    roots (Resolution 57 and documents implementing nothing) first; two queries."""
    documents = list(
        Document.objects.select_related("issuing_agency", "implements").order_by(
            F("issued_on").asc(nulls_last=True), "slug"
        )
    )
    task_counts = Counter()
    # A task counts for its document and for the document its meeting concerns (as the filter does).
    for document_id, concerns_id in Task.objects.order_by().values_list("document", "meeting__concerns"):
        task_counts.update({document_id, concerns_id} - {None})
    children = defaultdict(list)
    for document in documents:
        children[document.implements_id].append(document)
    rows, seen = [], set()

    def visit(document, depth):
        if document.pk in seen:
            return
        seen.add(document.pk)
        rows.append((document, depth, task_counts[document.pk]))
        for child in children[document.pk]:
            visit(child, depth + 1)

    known = {document.pk for document in documents}
    roots = [document for document in documents if document.implements_id not in known]
    # Documents in a cycle (A implements B implements A) have no root; they are listed last.
    for document in roots + documents:
        visit(document, 0)
    return rows


def stated_figures():
    """Every count the sources state, with its document and evidence; two queries."""
    return Figure.objects.select_related("document").prefetch_related(citations_prefetch()).order_by("slug")


def source_list():
    """Every source with how many excerpts it backs, dated ones newest first."""
    return Source.objects.annotate(excerpt_count=Count("citations")).order_by(
        F("published_on").desc(nulls_last=True), "publisher", "slug"
    )


def review_list_detail(slug):
    review_list = (
        LawReviewList.objects.select_related("document")
        .prefetch_related("laws", citations_prefetch())
        .with_identified_count()
        .get(slug=slug)
    )
    return review_list


def document_detail(slug, as_of):
    document = (
        Document.objects.select_related("issuing_agency", "implements__implements__implements")
        .prefetch_related(
            Prefetch("implementing_documents", queryset=Document.objects.select_related("issuing_agency")),
            citations_prefetch(),
            reports_prefetch(as_of),
            "law_review_lists",
            "figures",
        )
        .get(slug=slug)
    )
    tasks = task_rows(
        Task.objects.judged_on(as_of).filter(Q(document=document) | Q(meeting__concerns=document))
    ).by_deadline()
    return document, list(tasks)


def agency_detail(slug, as_of):
    agency = (
        Agency.objects.select_related("parent", "predecessor")
        .prefetch_related("children", "successors", citations_prefetch())
        .get(slug=slug)
    )
    tasks = list(task_rows(Task.objects.judged_on(as_of).involving(agency)).by_deadline())
    led = [(task.lead_agency_id, task.deadline, task.status) for task in tasks if task.lead_agency_id == agency.pk]
    record = agency_records(led, {agency.pk: agency})
    record = record[0] if record else AgencyRecord(agency=agency, led=0, on_time=0, late=0, overdue=0)
    return agency, tasks, record


def agency_list(as_of):
    rows = Task.objects.judged_on(as_of).order_by().values_list("lead_agency", "deadline", "status")
    agencies = Agency.objects.in_bulk()
    records = {record.agency.pk: record for record in agency_records(rows, agencies)}
    by_name = sorted(agencies.values(), key=lambda agency: fold_text(localized(agency, "name")))
    return [(agency, records.get(agency.pk)) for agency in by_name]


def source_detail(slug):
    source = Source.objects.get(slug=slug)
    citations = source.citations.select_related(
        "agency",
        "document",
        "law",
        "review_list",
        "figure__document",
        "meeting",
        "task",
        "report__task",
        "report__law",
        "report__document",
    ).order_by("key")
    return source, list(citations)


SEARCH_RESULTS_PER_KIND = 10
SEARCH_RESULTS_PER_PAGE = 50
SEARCH_RESULT = {
    "documents": presentation.document_result,
    "laws": presentation.law_result,
    "tasks": presentation.task_result,
    "agencies": presentation.agency_result,
}


def search_querysets(text, as_of):
    """Each kind's matches for ``text``, ranked (``search.ranked_search``: an exact code or name,
    then title matches, then the rest); tasks judged on ``as_of``, those not yet assigned left out."""
    tasks = Task.objects.judged_on(as_of).select_related("lead_agency", "document").by_deadline()
    return {
        "documents": ranked_search(Document.objects.all(), text),
        "laws": ranked_search(Law.objects.all(), text),
        "tasks": ranked_search(tasks, text),
        "agencies": ranked_search(Agency.objects.all(), text),
    }


def site_search(text, bound, kind=None):
    """([(kind, count, [SearchResult])], the page or None) for the search page, kinds in the
    order of ``search_querysets``. Without ``kind``, the first
    SEARCH_RESULTS_PER_KIND of each kind: one query per kind, and a count only for a kind with
    more (at most eight queries). With ``kind``, that kind alone, a page of
    SEARCH_RESULTS_PER_PAGE (a count and a page: two queries). Snippets are made from the rows
    fetched, without further queries."""
    words = presentation.search_words_of(text)
    groups, page = [], None
    for name, queryset in search_querysets(text, bound.as_of).items():
        if kind and name != kind:
            continue
        if kind:
            page = params.paginate(queryset, bound, SEARCH_RESULTS_PER_PAGE)
            rows, count = list(page.object_list), page.paginator.count
        else:
            rows = list(queryset[: SEARCH_RESULTS_PER_KIND + 1])
            count = len(rows) if len(rows) <= SEARCH_RESULTS_PER_KIND else queryset.count()
            rows = rows[:SEARCH_RESULTS_PER_KIND]
        groups.append((name, count, [SEARCH_RESULT[name](record, words) for record in rows]))
    return groups, page


def report_feed_items(task_queryset, as_of, limit=50):
    """The latest progress reports known by ``as_of`` on the given tasks, newest first."""
    return list(
        ProgressReport.objects.known_by(as_of)
        .filter(task__in=task_queryset.order_by().values("pk"))
        .select_related("task")
        .prefetch_related(citations_prefetch())
        .newest_first()[:limit]
    )
