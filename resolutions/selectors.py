"""Selectors: plain functions that return querysets, or rows the presentation module arranges.

Parameters arrive bound (``params.bind``): the task list takes the ``BoundQuery`` whose FilterSet
(``filters.TaskFilter``, shared with the API) is already valid, and every page its ``as_of``.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.db import connections
from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

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
    TaskStatusPeriod,
    deadline_quarters,
    fold_text,
    localized,
    localized_order,
)
from .presentation import (
    AgencyRecord,
    Choice,
    document_label,
    quarters_in_order,
    status_timeline,
    status_totals,
)
from .search import ranked_search

TASKS_PER_PAGE = 50
DUE_NEXT_DAYS = 90
# The home page's lists: overdue tasks, tasks due next, lead agencies' records (links lead to all).
DASHBOARD_ROWS = 10
TOP_AGENCIES = 10
FEED_ENTRIES = 50
# Tasks shown on an agency's, a law's or a document's page; the rest are a link to the task list.
DETAIL_TASKS = 50
COMPLETED_STATUSES = (TaskStatus.COMPLETED_ON_TIME, TaskStatus.COMPLETED_LATE)


def task_rows(queryset):
    """What a row of a task list shows, in one query plus one for coordinating agencies, kept as
    the list ``task.coordinating_list``: reading ``task.coordinating_agencies.all()`` builds a
    related manager and a queryset on every row, 40 microseconds each."""
    coordinating = Agency.objects.only("slug", "name", "name_vi", "abbreviation")
    return queryset.select_related("lead_agency", "document").prefetch_related(
        Prefetch("coordinating_agencies", queryset=coordinating, to_attr="coordinating_list")
    )


def export_rows(queryset):
    """What a row of the tasks' CSV shows: a task row plus its laws (``task.law_list``)."""
    laws = Law.objects.only("slug", "name", "name_vi")
    return task_rows(queryset).prefetch_related(Prefetch("laws", queryset=laws, to_attr="law_list"))


def filtered_tasks(bound):
    """Tasks matching the bound task filters as they stood on ``as_of`` (status judged then,
    tasks not yet assigned left out), by deadline unless an ordering is asked for."""
    queryset = bound.filterset.filter_queryset(Task.objects.judged_on(bound.as_of))
    return queryset if bound.filters.get("ordering") else queryset.by_deadline()


def matching_count(bound):
    """How many tasks the bound filters keep, counted over the stored rows that copy what they
    read (one status period per task, or the chosen agency's involvement row of each) when
    only such filters narrow: the overdue tasks 38 -> 14 ms at 100,000 tasks. None otherwise
    (nothing narrows, or a document, a law or a search is chosen): count the tasks."""
    if not bound.filterset.narrows_without():
        return None
    rows = bound.filterset.judged_rows_without(bound.as_of)
    return None if rows is None else rows.count()


def counts_by_quarter(queryset, *fields):
    """Counter {(quarter or None, *values of fields): rows} from one GROUP BY of ``queryset`` over
    its deadline (and ``fields``), folded into quarters here: grouping by the plain date is faster
    than by its year and quarter (26 against 35 ms over 100,000 tasks), and its rows grow with the
    distinct deadlines (days, at most a few thousand), not with the tasks."""
    counts = Counter()
    # COUNT(*): nothing but the grouped columns to read, which a covering index can answer alone.
    rows = queryset.order_by().values_list("deadline", *fields).annotate(rows=Count("*")).order_by()
    for deadline, *values, number in rows:
        counts[(quarter_of(deadline), *values)] += number
    return counts


def quarter_counts(bound, facets=None, total=None):
    """[(quarter or None, number of tasks)] of the tasks matching the bound filters, in the
    list's deadline order (tasks without a deadline last). Given the ``total`` matching, no query:
    with a quarter chosen, every one of them falls due in it; without, the quarter facet of
    ``facets`` (``task_facets``) has counted the same tasks, and the rest have no deadline.
    Otherwise one grouped query."""
    chosen = bound.filters.get("quarter")
    if total is not None and chosen:
        counts = [(chosen, total)] if total else []
    elif facets is not None and total is not None:
        counts = [(choice.value, choice.count) for choice in facets["quarter"] if choice.count]
        undated = total - sum(count for _quarter, count in counts)
        counts += [(None, undated)] if undated else []
    else:
        counts = [(quarter, tasks) for (quarter,), tasks in counts_by_quarter(filtered_tasks(bound)).items()]
    dated = sorted((row for row in counts if row[0]), reverse=(bound.filters.get("ordering") or [""])[0] == "-deadline")
    return dated + [row for row in counts if row[0] is None]


def task_facets(bound):
    """The filter form's choices with counts: each facet is counted over the tasks matching all
    the other filters, so a count says what choosing it would show. Counted per task by grouped
    queries in the database (``GROUP BY`` the facet's value): ten queries whatever the number of
    tasks."""

    chosen = bound.filters

    def others(*names):
        """What every filter but ``names`` keeps, judged on the page's date. When the status is
        read (grouped by, or filtered on) and the filters left read only what the status periods
        copy, the periods themselves: no join of the tasks with their periods (a lead agency's
        count 20 -> 3 ms at 100,000 tasks). Otherwise the tasks, joined to their periods only
        when the status is read."""
        reads_status = "status" in names or bool(chosen.get("status"))
        if reads_status:
            rows = bound.filterset.judged_rows_without(bound.as_of, *names)
            if rows is not None:
                return rows.order_by()
        tasks = bound.filterset.filter_queryset_without(Task.objects.judged_on(bound.as_of), *names).order_by()
        return tasks if reads_status else tasks.without_unread_status()

    def of_task(rows, field):
        """``field`` of the task of each of ``rows``: its own, or through a period's task."""
        return field if rows.model is Task else f"task__{field}"

    def grouped(queryset, *fields, count=None):
        """{value(s): tasks} from one GROUP BY over ``fields``. Plain counts (no ``DISTINCT``,
        which sorts): no filter joins a task more than once (an agency's coordinating role and a
        law are subqueries or single rows, the status one period), nor does a link table hold a
        pair twice. Counted by task id, which the stored rows' indexes include."""
        rows = queryset.values_list(*fields).annotate(tasks=Count(count or of_task(queryset, "pk"))).order_by()
        return {row[:-1] if len(fields) > 1 else row[0]: row[-1] for row in rows}

    role = chosen.get("agency_role") or "any"
    involvements = bound.filterset.judged_rows_without(bound.as_of, "agency", per_agency=True)
    if involvements is not None:
        # One row per task and agency involved in it: one GROUP BY, on an index when a deadline
        # range or a status is chosen (over all 100,000 tasks, 45 against 100 ms for the two
        # groupings of the tasks below).
        if role == "lead":
            involvements = involvements.filter(leads=True)
        agency_counts = Counter(grouped(involvements.order_by(), "agency"))
    else:
        # With a filter the stored rows do not copy (a document, a law, a search): the tasks'
        # lead agencies, then their coordinating roles, leaving out a task's own lead agency.
        agency_tasks = others("agency")
        agency_counts = Counter(grouped(agency_tasks, "lead_agency"))
        if role != "lead":
            coordinating = agency_tasks.values_list("coordinating_agencies").annotate(
                tasks=Count("pk", filter=~Q(coordinating_agencies=F("lead_agency")))
            )
            agency_counts.update({agency: tasks for agency, tasks in coordinating if agency is not None})
    agencies = sorted(
        Agency.objects.only("slug", "name", "name_vi"), key=lambda agency: fold_text(localized(agency, "name"))
    )
    agency_choices = [
        Choice(agency.slug, localized(agency, "name"), agency_counts[agency.pk], agency == chosen.get("agency"))
        for agency in agencies
    ]

    quarter_counts = {quarter: tasks for (quarter,), tasks in counts_by_quarter(others("quarter")).items()}
    all_quarters = deadline_quarters()
    if chosen.get("quarter"):
        all_quarters.add(chosen["quarter"])  # a valid quarter without tasks stays selected
    quarters = [
        Choice(quarter, quarter, quarter_counts.get(quarter, 0), quarter == chosen.get("quarter"))
        for quarter in sorted(all_quarters)
    ]

    status_counts = grouped(others("status"), "status")
    chosen_statuses = chosen.get("status") or []
    statuses = [
        Choice(value, label, status_counts.get(value, 0), value in chosen_statuses)
        for value, label in TaskStatus.choices
    ]

    # A task counts for its document and for the one its meeting concerns (once if the same).
    document_counts = Counter()
    document_rows = others("document")
    document_fields = of_task(document_rows, "document"), of_task(document_rows, "meeting__concerns")
    for (document, concerns), tasks in grouped(document_rows, *document_fields).items():
        document_counts.update(dict.fromkeys({document, concerns} - {None}, tasks))
    documents = [
        Choice(
            document.slug,
            document_label(document),
            document_counts[document.pk],
            document == chosen.get("document"),
        )
        for document in Document.objects.only("slug", "code", "title", "title_vi")
    ]

    law_rows = others("law")
    law_tasks = law_rows.values(of_task(law_rows, "pk"))
    law_counts = grouped(Task.laws.through.objects.filter(task__in=law_tasks), "law", count="task")
    laws = [
        Choice(law.slug, localized(law, "name"), law_counts.get(law.pk, 0), law == chosen.get("law"))
        for law in Law.objects.only("slug", "name", "name_vi")
    ]
    return {"agency": agency_choices, "quarter": quarters, "status": statuses, "document": documents, "law": laws}


# Where each judged status adds to an agency's record (led, on time, late, overdue).
RECORD_POSITIONS = {TaskStatus.COMPLETED_ON_TIME: 1, TaskStatus.COMPLETED_LATE: 2, TaskStatus.OVERDUE: 3}


def agency_records_from(rows):
    """{lead agency id: AgencyRecord fields} from grouped rows (lead agency id, status, whether
    undated, tasks): tasks led, and among those with a deadline (one with none cannot be late)
    the on-time, late and overdue."""
    records = defaultdict(lambda: [0, 0, 0, 0])
    for agency_id, status, undated, tasks in rows:
        if agency_id is None:
            continue
        record = records[agency_id]
        record[0] += tasks
        if not undated and status in RECORD_POSITIONS:
            record[RECORD_POSITIONS[status]] += tasks
    return {agency_id: tuple(record) for agency_id, record in records.items()}


def agency_record_rows(periods):
    """``agency_records_from`` one GROUP BY over ``periods`` (the status periods of judged tasks,
    ``TaskStatusPeriod.objects.judged_on``) by lead agency, status and whether undated."""
    undated = ExpressionWrapper(Q(deadline__isnull=True), output_field=BooleanField())
    rows = (
        periods.exclude(lead_agency=None)
        .order_by()
        .annotate(undated=undated)
        .values_list("lead_agency", "status", "undated")
        .annotate(tasks=Count("*"))
    )
    return agency_records_from(rows)


# The home page's two groupings of the judged periods, in one query: by deadline and status (the
# counts per quarter), and by lead agency, status and whether undated (the agencies' records).
# On PostgreSQL one scan of the periods feeds both (GROUPING SETS: 112 against 80 + 55 ms for
# two queries at 100,000 tasks); SQLite, which has no grouping sets, joins two by UNION ALL.
DASHBOARD_GROUPINGS = """
SELECT GROUPING(lead_agency) = 0, deadline, status, lead_agency, deadline IS NULL, COUNT(*)
FROM ({judged}) AS judged
GROUP BY GROUPING SETS ((deadline, status), (lead_agency, status, deadline IS NULL))
"""
DASHBOARD_GROUPINGS_WITHOUT_SETS = """
SELECT 0, deadline, status, NULL, NULL, COUNT(*) FROM ({judged}) AS judged GROUP BY deadline, status
UNION ALL
SELECT 1, NULL, status, lead_agency, deadline IS NULL, COUNT(*) FROM ({judged}) AS judged
GROUP BY lead_agency, status, deadline IS NULL
"""


def dashboard_counts(periods):
    """(Counter {(quarter or None, status): tasks}, ``agency_records_from`` the lead agencies)
    of ``periods`` (judged status periods), from one query (``DASHBOARD_GROUPINGS``)."""
    connection = connections[periods.db]
    judged, params = periods.order_by().values("deadline", "status", "lead_agency").query.sql_with_params()
    if connection.vendor == "postgresql":
        sql = DASHBOARD_GROUPINGS.format(judged=judged)
    else:
        sql, params = DASHBOARD_GROUPINGS_WITHOUT_SETS.format(judged=judged), params * 2
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_quarter, agency_rows = Counter(), []
    for per_agency, deadline, status, agency_id, undated, tasks in rows:
        if per_agency:
            agency_rows.append((agency_id, status, undated, tasks))
        else:
            # SQLite's cursor gives dates as the text it stores.
            day = dt.date.fromisoformat(deadline) if isinstance(deadline, str) else deadline
            by_quarter[(quarter_of(day), status)] += tasks
    return by_quarter, agency_records_from(agency_rows)


def agency_records_of(counts, agencies):
    """AgencyRecords, best first (most judged, best rate, name), of ``agencies`` {pk: agency}."""
    records = [
        AgencyRecord(agencies[agency_id], *figures) for agency_id, figures in counts.items() if agency_id in agencies
    ]
    return sorted(records, key=lambda record: (-record.judged, -(record.on_time_rate or 0), record.agency.name))


def top_agency_records(counts, top):
    """The ``top`` best AgencyRecords from ``agency_record_rows``; only the agencies that can be
    among them (ties at the cut included, for the name that breaks them) are fetched."""

    def key(figures):
        _led, on_time, late, overdue = figures
        judged = on_time + late + overdue
        return (-judged, -(round(100 * on_time / judged) if judged else 0))

    ranked = sorted(counts.items(), key=lambda row: key(row[1]))
    if len(ranked) > top:
        cut = key(ranked[top - 1][1])
        ranked = [row for row in ranked if key(row[1]) <= cut]
    shown = dict(ranked)
    return agency_records_of(shown, Agency.objects.in_bulk(shown))[:top]


def dashboard(as_of, newest_information_on=None):
    """Everything the home page shows, in queries whose rows do not grow with the tasks: counts
    per quarter and status (totals and chart), the agencies' records (grouped), the shown
    agencies, the overdue tasks with no report since the deadline (counted), the first overdue
    tasks, the first of those with no report since the deadline, and the next ones due (each list
    with its coordinators). Overdue tasks whose deadline fell on or after
    ``newest_information_on`` are counted and listed apart (``models.no_report_since_deadline``)."""
    judged = Task.objects.judged_on(as_of).order_by()
    periods = TaskStatusPeriod.objects.judged_on(as_of).order_by()
    quarters, statuses = defaultdict(Counter), Counter()
    by_quarter, counts = dashboard_counts(periods)
    for (quarter, status), tasks in by_quarter.items():
        quarters[quarter][status] += tasks
        statuses[status] += tasks
    records = top_agency_records(counts, TOP_AGENCIES)
    tasks = task_rows(judged)
    try:
        horizon = as_of + dt.timedelta(days=DUE_NEXT_DAYS)
    except OverflowError:  # as_of near 9999-12-31
        horizon = dt.date.max
    due_next = list(
        tasks.filter(deadline__gte=as_of, deadline__lte=horizon)
        .exclude(status__in=COMPLETED_STATUSES)
        .by_deadline()[: DASHBOARD_ROWS + 1]
    )
    overdue = tasks.filter(status=TaskStatus.OVERDUE)
    unreported_count, unreported = 0, []
    # Judged on or before the newest information, no overdue deadline can have fallen after it.
    if newest_information_on is not None and as_of > newest_information_on and statuses[TaskStatus.OVERDUE]:
        unreported_count = periods.filter(status=TaskStatus.OVERDUE, deadline__gte=newest_information_on).count()
        if unreported_count:
            unreported = list(overdue.filter(deadline__gte=newest_information_on).by_deadline()[:DASHBOARD_ROWS])
        overdue = overdue.filter(deadline__lt=newest_information_on)
    overdue_count = statuses[TaskStatus.OVERDUE] - unreported_count
    return {
        "total": sum(statuses.values()),
        "status_counts": [
            (value, label, count - unreported_count if value == TaskStatus.OVERDUE else count)
            for value, label, count in status_totals(statuses)
        ],
        "unreported_count": unreported_count,
        "unreported": unreported,
        "overdue": list(overdue.by_deadline()[:DASHBOARD_ROWS]) if overdue_count else [],
        "overdue_count": overdue_count,
        "due_next": due_next[:DASHBOARD_ROWS],
        "due_next_more": len(due_next) > DASHBOARD_ROWS,
        "due_next_days": DUE_NEXT_DAYS,
        "horizon": horizon,
        "quarters": quarters_in_order(quarters),
        "agency_records": records,
        "agency_count": len(counts),
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


def first_tasks(queryset, limit=DETAIL_TASKS):
    """(the first ``limit`` tasks of ``queryset``, whether there are more): a record's page shows
    that many and links to the task list, filtered by the record, for all of them."""
    tasks = list(queryset[: limit + 1])
    return tasks[:limit], len(tasks) > limit


def law_detail(slug, as_of):
    law = (
        Law.objects.with_stage(as_of)
        .prefetch_related(
            citations_prefetch(),
            reports_prefetch(as_of),
            Prefetch("review_lists", queryset=LawReviewList.objects.only("slug", "name", "declared_count")),
        )
        .get(slug=slug)
    )
    tasks = task_rows(Task.objects.judged_on(as_of).filter(laws=law)).by_deadline()
    return law, first_tasks(tasks)


LAWS_PER_PAGE = 50


def law_list(bound):
    """Laws matching the bound ``LawFilter``, each with its stage judged on ``as_of`` and its
    number of tasks, in one query; by name in the page's language unless an ordering is asked for."""
    task_counts = (
        Task.laws.through.objects.filter(law=OuterRef("pk"))
        .order_by()
        .values("law")
        .annotate(count=Count("task"))
        .values("count")
    )
    laws = bound.filterset.filter_queryset(
        Law.objects.with_stage(bound.as_of).annotate(task_count=Coalesce(Subquery(task_counts), 0))
    )
    if bound.filters.get("ordering"):
        return laws
    return laws.order_by(localized_order("name"), "pk")


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
    # A task counts for its document and for the document its meeting concerns (as the filter
    # does); one row per pair of them, however many tasks.
    pairs = Task.objects.order_by().values_list("document", "meeting__concerns").annotate(tasks=Count("pk"))
    for document_id, concerns_id, tasks in pairs:
        task_counts.update(dict.fromkeys({document_id, concerns_id} - {None}, tasks))
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
        LawReviewList.objects.select_related("document__issuing_agency")
        .prefetch_related(Prefetch("laws", queryset=Law.objects.order_by("name")), citations_prefetch())
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
    return document, first_tasks(tasks)


def agency_detail(slug, as_of):
    agency = (
        Agency.objects.select_related("parent", "predecessor")
        .prefetch_related("children", "successors", citations_prefetch())
        .get(slug=slug)
    )
    tasks = first_tasks(task_rows(Task.objects.judged_on(as_of).involving(agency)).by_deadline())
    counts = agency_record_rows(TaskStatusPeriod.objects.judged_on(as_of).filter(lead_agency=agency))
    records = agency_records_of(counts, {agency.pk: agency})
    record = records[0] if records else AgencyRecord(agency=agency, led=0, on_time=0, late=0, overdue=0)
    return agency, tasks, record


AGENCIES_PER_PAGE = 50


def agency_list(as_of):
    """[(agency, record or None)] of every agency by name; the records from one grouped query.
    The list grows with the agencies, never with the tasks; the page shows it 50 at a time."""
    counts = agency_record_rows(TaskStatusPeriod.objects.judged_on(as_of))
    agencies = Agency.objects.in_bulk()
    records = {record.agency.pk: record for record in agency_records_of(counts, agencies)}
    by_name = sorted(agencies.values(), key=lambda agency: fold_text(localized(agency, "name")))
    return [(agency, records.get(agency.pk)) for agency in by_name]


CITATIONS_PER_PAGE = 50


def source_detail(slug):
    """(the source, its citations in key order with what each backs): the page shows them
    ``CITATIONS_PER_PAGE`` at a time (one generated source backs 189,500)."""
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
    return source, citations


def source_page_of(citation):
    """The page of its source's page that lists ``citation``."""
    earlier = Citation.objects.filter(source_id=citation.source_id, key__lt=citation.key).count()
    return earlier // CITATIONS_PER_PAGE + 1


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
    # The ranking sorts every match: without the columns no result shows, the rows sort in memory.
    unshown = ("search_text", "search_title", "search_vector", "note", "editor_note")
    tasks = Task.objects.judged_on(as_of).select_related("lead_agency", "document").defer(*unshown).by_deadline()
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


def report_feed_items(task_queryset, as_of, limit=None):
    """The latest ``FEED_ENTRIES`` progress reports known by ``as_of`` on the given tasks, newest
    first: the feed never holds them all."""
    return list(
        ProgressReport.objects.known_by(as_of)
        .filter(task__in=task_queryset.order_by().values("pk"))
        .select_related("task")
        .prefetch_related(citations_prefetch())
        .newest_first()[: limit or FEED_ENTRIES]
    )
