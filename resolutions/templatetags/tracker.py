"""Filters and tags for the public website: localized names, statuses, links and SVG charts."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..deadlines import DatePrecision, TaskStatus
from ..models import localized, no_report_since_deadline
from .languages import escaped, in_language, localized_marked

register = template.Library()

STATUS_ORDER = [status.value for status in TaskStatus]
CHART_HEIGHT = 160
BAR_WIDTH = 36
BAR_GAP = 14
# Room above the tallest bar for its total, and below the bars for two lines of axis label.
CHART_HEADROOM = 16
# Room either side for a label wider than its bar ("không có" under the last one).
CHART_SIDE_MARGIN = 12
LABEL_LINE_HEIGHT = 13
LABEL_SPACE = 32


register.filter("localized", localized)
register.filter("localized_marked", localized_marked)
register.filter("in_language", in_language)


@register.filter
def status_label(value):
    return TaskStatus(value).label if value else ""


@register.simple_tag
def facet_options(choices, truncate=None):
    """The ``<option>`` of each facet choice (``presentation.Choice``): its label (cut to
    ``truncate`` characters if given) and count, the chosen one selected. Written here rather
    than looped in the template, where each of the task list's 250 choices cost four variable
    lookups and a localized number: a fifth of the list's rendering at 100,000 tasks."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (
                choice.value,
                " selected" if choice.selected else "",
                Truncator(choice.label).chars(truncate) if truncate else choice.label,
                choice.count,
            )
            for choice in choices
        ),
    )


@register.simple_tag(takes_context=True)
def task_rows(context, tasks):
    """The ``<tr>`` of each task of a task table: its title and document, deadline (and as the
    source states it), lead and coordinating agencies, and status judged on the page's date
    (or that no report followed a deadline since the newest information). Written here rather
    than included per task from a template, whose variable lookups cost more than half a
    millisecond a row: 28 -> 10 ms for the 50 rows of the task list at 100,000 tasks. The
    columns' labels come from the table's header (``label_task`` ...)."""
    as_of_query = escaped(context.get("as_of_query", ""))
    newest_information_on = context.get("newest_information_on")
    label = {name: escaped(context.get(f"label_{name}", "")) for name in ("task", "deadline", "lead", "status")}
    vietnamese = get_language() == "vi"
    not_named, with_ = escaped(_("not named")), escaped(_("with"))
    no_report = None
    rows = []
    for task in tasks:
        document, lead, deadline, stated = task.document, task.lead_agency, task.deadline, task.deadline_as_stated
        title = f'<a href="{escaped(task.get_absolute_url())}{as_of_query}">{localized_marked(task, "title")}</a>'
        if lead:
            lead_name = localized_marked(lead, "name")
            lead_html = f'<a href="{escaped(lead.get_absolute_url())}{as_of_query}">{lead_name}</a>'
        else:
            lead_html = f'<span class="muted">{not_named}</span>'
        coordinating = ", ".join(
            escaped(agency.name_vi)
            if vietnamese and agency.name_vi
            else in_language(agency.abbreviation or agency.name, "en")
            for agency in task.coordinating_list
        )
        judged = getattr(task, "status", "")
        if no_report_since_deadline(judged, deadline, newest_information_on):
            if no_report is None:
                no_report = render_to_string(
                    "resolutions/includes/no_report_since_deadline.html",
                    {"newest_information_on": newest_information_on},
                )
            status = no_report
        else:
            status = f'<span class="status status-{escaped(judged)}">{escaped(status_label(judged))}</span>'
        day = escaped(deadline.isoformat()) if deadline else ""
        rows.append(
            f"""    <tr class="task-row" data-slug="{escaped(task.slug)}">
      <td data-label="{label["task"]}">{title}
        {f"<br><small>{escaped(document.code or document.title)}</small>" if document else ""}</td>
      <td data-label="{label["deadline"]}">{f'<time datetime="{day}">{day}</time>' if deadline else "—"}
        {f"<br><small>“{in_language(stated, 'en')}”</small>" if stated else ""}</td>
      <td data-label="{label["lead"]}">{lead_html}
        {f"<br><small>{with_} {coordinating}</small>" if coordinating else ""}</td>
      <td data-label="{label["status"]}">{status}</td>
    </tr>
"""
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value above escaped)


@register.filter
def precision_label(value):
    return DatePrecision(value).label if value else ""


@register.simple_tag(takes_context=True)
def with_as_of(context, url):
    """``url`` carrying the page's explicit ``as_of``, if any."""
    return f"{url}{context.get('as_of_query', '')}"


@register.inclusion_tag("resolutions/includes/quarter_chart.html")
def quarter_chart(quarters):
    """Tasks per quarter, stacked by status, as SVG bars; ``quarters`` is [(quarter, Counter)].

    Every number bound for an SVG attribute leaves here as a string: the template would localize
    a float (``147,7`` in Vietnamese), which SVG cannot read.
    """

    def svg_number(value):
        return f"{round(value, 1):g}"

    tallest = max((sum(counts.values()) for _quarter, counts in quarters), default=0) or 1
    bottom = CHART_HEADROOM + CHART_HEIGHT
    columns = []
    for index, (quarter, counts) in enumerate(quarters):
        x = CHART_SIDE_MARGIN + index * (BAR_WIDTH + BAR_GAP)
        y = bottom
        segments = []
        for status in STATUS_ORDER:
            height = round(CHART_HEIGHT * counts[status] / tallest, 1)
            if height:
                y = round(y - height, 1)
                segments.append(
                    {
                        "status": status,
                        "status_label": TaskStatus(status).label,
                        "count": counts[status],
                        "y": svg_number(y),
                        "height": svg_number(height),
                    }
                )
        if quarter:
            label = quarter
            year, quarter_of_year = quarter.split("-")
            label_lines = [year, quarter_of_year]
        else:
            label = TaskStatus.NO_DEADLINE.label
            # "no deadline" is wider than a column on one line.
            words = str(label).split()
            half = (len(words) + 1) // 2
            label_lines = [" ".join(words[:half]), " ".join(words[half:])]
        columns.append(
            {
                "label": label,
                "label_lines": label_lines,
                "x": svg_number(x),
                "label_x": svg_number(x + BAR_WIDTH / 2),
                "total": sum(counts.values()),
                "total_y": svg_number(y - 4),
                "segments": segments,
                "counts": [counts[status] for status in STATUS_ORDER],
            }
        )
    width = svg_number(2 * CHART_SIDE_MARGIN + len(columns) * (BAR_WIDTH + BAR_GAP) - BAR_GAP)
    return {
        "columns": columns,
        "width": width,
        "height": svg_number(bottom + LABEL_SPACE),
        "bar_width": svg_number(BAR_WIDTH),
        "label_y": svg_number(bottom + LABEL_LINE_HEIGHT),
        "second_label_y": svg_number(bottom + 2 * LABEL_LINE_HEIGHT),
        "statuses": TaskStatus.choices,
    }
