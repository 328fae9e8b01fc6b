"""Schemathesis hooks for bench/schemathesis_run.py (README, "API schema fuzzing").

One hook, ``filter_case``, drops the schema-valid requests that the API deliberately refuses
with its documented 400, because what they name does not exist in the data, which no schema
can say:

- a slug filter (``agency``, ``document``, ...) naming no record: the schema gives the slug's
  pattern, the 400 names the parameter and the list of the existing ones;
- a ``page`` past the last page of the filtered list;
- a ``search`` that the search field refuses: no letter or digit once trimmed, more than
  MAX_SEARCH_TERMS words (its pattern and maxLength say the rest);
- a reversed range (``deadline_after`` after ``deadline_before``, ...), which each end's
  description documents: OpenAPI cannot relate two parameters.

It decides with the project's own definitions (the views' FilterSets and ``SearchField``) on
the same scratch database the server reads, and for ``page`` asks the server for the count. A
case that is wrong in any other way is kept, so schemathesis still reports it. Negative cases
(schema-violating ones, which must get a 4xx) are never dropped.

Environment: TRACKER_URL (the server), DJANGO_SETTINGS_MODULE and DATABASE_URL (set by the run).
"""

import atexit
import collections
import json
import math
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import django
import schemathesis
from schemathesis import GenerationMode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django import forms  # noqa: E402
from django.urls import resolve  # noqa: E402
from django_filters import ModelChoiceFilter  # noqa: E402

from resolutions import params  # noqa: E402
from resolutions.filters import SearchFilter  # noqa: E402

TRACKER_URL = os.environ["TRACKER_URL"]
_counts = {}
# Why cases were dropped, printed when the run ends, so that a hook dropping too much shows.
dropped = collections.Counter()


def filterset_of(path):
    if "{" in path:  # a detail: it takes no filter
        return None
    view = resolve(path).func
    return getattr(getattr(view, "cls", None), "filterset_class", None)


def single(value):
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def cleaned(filter_, value):
    try:
        return filter_.field.clean(single(value))
    except forms.ValidationError:
        return None


def reversed_range(filterset_class, query):
    for start, end in getattr(filterset_class._meta.form, "ranges", ()):
        first, last = (cleaned(filterset_class.base_filters[name], query.get(name)) for name in (start, end))
        if first and last and first > last:
            return True
    return False


def refused_by_data(filterset_class, query):
    """Why the data refuses the query: a slug naming no record, a search the search field refuses."""
    for name, value in query.items():
        filter_ = filterset_class.base_filters.get(name)
        value = single(value)
        if not isinstance(value, str) or value == "":
            continue
        if isinstance(filter_, ModelChoiceFilter):
            lookup = {filter_.extra.get("to_field_name", "pk"): value}
            if not filter_.queryset.filter(**lookup).exists():
                return "a slug naming no record"
        elif isinstance(filter_, SearchFilter):
            try:
                filter_.field.clean(value)
            except forms.ValidationError:
                return "a search refused"
    return None


def last_page(path, query):
    """The last page of the filtered list, as the API counts it (None if it refuses the query)."""
    size = int(single(query.get(params.PAGE_SIZE)) or 25)
    counted = {name: value for name, value in query.items() if name not in (params.PAGE, params.PAGE_SIZE, "format")}
    key = (path, json.dumps(counted, sort_keys=True, default=str))
    if key not in _counts:
        string = urllib.parse.urlencode({**counted, params.PAGE_SIZE: 1, "format": "json"}, doseq=True)
        try:
            with urllib.request.urlopen(f"{TRACKER_URL}{path}?{string}", timeout=30) as response:
                _counts[key] = json.load(response)["count"]
        except (urllib.error.HTTPError, ValueError, KeyError):
            _counts[key] = None
    count = _counts[key]
    return None if count is None else max(1, math.ceil(count / size))


def reason_to_drop(case):
    query = dict(case.query or {})
    filterset_class = filterset_of(case.operation.path)
    if filterset_class is not None:
        refused = refused_by_data(filterset_class, query)
        if refused:
            return refused
        if reversed_range(filterset_class, query):
            return "a reversed range"
    page = str(single(query.get(params.PAGE)) or "")
    if page.isdigit() and int(page) > 1:
        last = last_page(case.operation.path, query)
        if last is not None and int(page) > last:
            return "a page past the end"
    return None


@schemathesis.hook
def filter_case(ctx, case):
    dropped["cases seen"] += 1
    if case.meta is not None and case.meta.generation.mode != GenerationMode.POSITIVE:
        return True
    reason = reason_to_drop(case)
    if reason:
        dropped[reason] += 1
    return reason is None


@atexit.register
def report():
    print("schemathesis_hooks:", ", ".join(f"{reason}: {count}" for reason, count in sorted(dropped.items())))
