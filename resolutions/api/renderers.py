"""CSV for list endpoints: one row per record, flat columns, UTF-8 with a byte-order mark so that
spreadsheet programs (Excel in particular) read Vietnamese text correctly. The tasks' CSV is the
website's (``resolutions.exports``, served by ``TaskViewSet.list``); this renderer flattens the
other lists' serializers, with the same joiner and the same guard against formulas."""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from ..exports import BYTE_ORDER_MARK, LIST_SEPARATOR, safe_cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        response = renderer_context.get("response")
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        columns = csv_columns(view.get_serializer())
        buffer = io.StringIO()
        buffer.write(BYTE_ORDER_MARK)
        writer = csv.writer(buffer)
        writer.writerow([header for header, _name, _part in columns])
        for row in rows:
            writer.writerow([safe_cell(csv_cell(row.get(name), part)) for _header, name, part in columns])
        if response is not None:
            name = view.request.path.rstrip("/").rsplit("/", 1)[-1]  # /api/tasks/ -> tasks.csv
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return buffer.getvalue().encode(self.charset)


def csv_columns(serializer):
    """(header, field name, sub-field name) for each column: a nested record gives one column per
    sub-field (``lead_agency.slug``); a nested list too, its values joined with `` | ``."""
    columns = []
    for name, field in serializer.fields.items():
        nested = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(nested, serializers.Serializer):
            columns.extend((f"{name}.{part}", name, part) for part in nested.fields)
        else:
            columns.append((name, name, None))
    return columns


def csv_cell(value, part=None):
    if part is not None:
        if isinstance(value, list):
            return LIST_SEPARATOR.join(csv_cell(item.get(part)) for item in value)
        return "" if value is None else csv_cell(value.get(part))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, dict):
        return str(value.get("slug") or value.get("key") or "")
    return str(value)
