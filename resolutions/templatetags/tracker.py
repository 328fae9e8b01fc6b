"""Filters and tags for the public website: localized names, statuses, links and SVG charts."""

from django import template
from django.utils.html import format_html_join
from django.utils.text import Truncator

from ..deadlines import DatePrecision, TaskStatus
from ..models import localized
from .languages import in_language, localized_marked

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
