"""Filters and tags for the public website: localized names, statuses, links and SVG charts."""

from django import template
from django.utils.translation import get_language

from ..deadlines import DatePrecision, TaskStatus

register = template.Library()

STATUS_ORDER = [status.value for status in TaskStatus]
CHART_HEIGHT = 160
BAR_WIDTH = 36
BAR_GAP = 14


@register.filter
def localized(record, field):
    """The Vietnamese version of ``field`` (``title_vi``, ``name_vi``) on a Vietnamese page when
    the data has it, else the English one."""
    if record is None:
        return ""
    if (get_language() or "").startswith("vi"):
        vietnamese = getattr(record, f"{field}_vi", "")
        if vietnamese:
            return vietnamese
    return getattr(record, field)


@register.filter
def status_label(value):
    return TaskStatus(value).label if value else ""


@register.filter
def precision_label(value):
    return DatePrecision(value).label if value else ""


@register.simple_tag(takes_context=True)
def with_as_of(context, url):
    """``url`` carrying the page's explicit ``as_of``, if any."""
    return f"{url}{context.get('as_of_query', '')}"


@register.simple_tag(takes_context=True)
def page_url(context, number):
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.inclusion_tag("resolutions/includes/quarter_chart.html")
def quarter_chart(quarters):
    """Tasks per quarter, stacked by status, as SVG bars; ``quarters`` is [(quarter, Counter)]."""
    tallest = max((sum(counts.values()) for _quarter, counts in quarters), default=0) or 1
    columns = []
    for index, (quarter, counts) in enumerate(quarters):
        x = index * (BAR_WIDTH + BAR_GAP)
        y = CHART_HEIGHT
        segments = []
        for status in STATUS_ORDER:
            height = round(CHART_HEIGHT * counts[status] / tallest, 1)
            if height:
                y -= height
                segments.append({"status": status, "y": round(y, 1), "height": height, "count": counts[status]})
        columns.append(
            {
                "quarter": quarter,
                "x": x,
                "label_x": x + BAR_WIDTH / 2,
                "total": sum(counts.values()),
                "top": round(y, 1),
                "segments": segments,
                "counts": [counts[status] for status in STATUS_ORDER],
            }
        )
    return {
        "columns": columns,
        "width": max(len(columns) * (BAR_WIDTH + BAR_GAP), 1),
        "height": CHART_HEIGHT + 36,
        "chart_height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH,
        "statuses": TaskStatus.choices,
    }
