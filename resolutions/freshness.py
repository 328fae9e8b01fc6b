"""How current the data is: the date of the newest information, and any such fact about the data
as a whole (``kept_per_data_version``), read once per data version.

``params.bind`` judges statuses on this date by default, so every page and every dated API
endpoint needs it. The query behind it (``models.newest_information_on``) is cheap, but not free
at 100,000 tasks, so its answer is kept in the response cache under the data version that every
change to a tracker record replaces: a new report moves the date at once (in every process
sharing the cache; a process with its own local cache sees another's change when the entry
expires, after ``RESPONSE_CACHE_SECONDS``). An unreachable cache costs the query, never the page.
"""

import datetime as dt
import logging

from . import models
from .response_cache import DEFAULT_SECONDS, cache_seconds, data_version, response_cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "newest-information-on:"


def kept_per_data_version(key_prefix, what, read, parse):
    """``read()``, a date or datetime (or None), from the response cache when this data version
    was read before: stored as its ISO text ("" for None, which the cache would read as a miss)
    and given back by ``parse`` (``fromisoformat``). An unreachable cache costs the query, logged
    with ``what`` was read."""
    try:
        key = key_prefix + data_version()
        stored = response_cache().get(key)
    except Exception:
        logger.exception("Response cache unreachable; %s read from the database", what)
        return read()
    if stored is not None:
        return parse(stored) if stored else None
    answer = read()
    seconds = cache_seconds() if cache_seconds() > 0 else DEFAULT_SECONDS
    try:
        response_cache().set(key, answer.isoformat() if answer else "", seconds)
    except Exception:
        logger.exception("Response cache unreachable; %s not stored", what)
    return answer


def newest_information_on():
    """``models.newest_information_on()``, from the cache when this data version was read before."""
    return kept_per_data_version(
        KEY_PREFIX, "newest information date", models.newest_information_on, dt.date.fromisoformat
    )


def default_as_of(today, newest):
    """The date statuses are judged on when the reader chooses none: the date of the newest
    information, or today if that is earlier (or there is no information at all)."""
    return today if newest is None else min(today, newest)
