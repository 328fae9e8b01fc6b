"""HTTP validators derived from the data.

ETag: a hash of the response body, so it changes exactly when what the client would receive
changes (including a derived status that turns overdue at midnight). Last-Modified: the latest
change recorded by django-simple-history across the tracker's models; it is left out when no
change has been recorded (a bare ``loaddata`` saves without history; ``load_curated`` records
a version of each record it changes).
"""

import datetime as dt
import hashlib

from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date


def history_tables():
    tables = []
    for model in apps.get_app_config("resolutions").get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name:
            tables.append(getattr(model, manager_name).model._meta.db_table)
    return sorted(tables)


def latest_recorded_change():
    """The latest history_date of any tracked model, in one query; None when there is none."""
    quote = connection.ops.quote_name
    latest_per_table = " UNION ALL ".join(
        f"SELECT MAX({quote('history_date')}) AS latest FROM {quote(table)}" for table in history_tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(latest) FROM ({latest_per_table}) AS changes")  # noqa: S608 (table names)
        (latest,) = cursor.fetchone()
    if isinstance(latest, str):  # SQLite returns the text it stores
        latest = parse_datetime(latest)
    if latest is not None and timezone.is_naive(latest):
        latest = timezone.make_aware(latest, dt.UTC)
    return latest


def body_etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def conditional(request, response, last_modified):
    """Set ETag and Last-Modified on a rendered 200 response; answer 304 when the client's copy
    is current (If-None-Match first, then If-Modified-Since, as RFC 9110 orders them)."""
    response["ETag"] = body_etag(response.content)
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(request, etag=response["ETag"], last_modified=timestamp, response=response)
