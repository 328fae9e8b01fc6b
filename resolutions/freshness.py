"""How current the data is: the date of the newest information, read once per data version.

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
# Stored for an empty database, which has no date: a cached None would read as a miss.
NO_DATE = ""


def newest_information_on():
    """``models.newest_information_on()``, from the cache when this data version was read before."""
    try:
        key = KEY_PREFIX + data_version()
        stored = response_cache().get(key)
    except Exception:
        logger.exception("Response cache unreachable; newest information date read from the database")
        return models.newest_information_on()
    if stored is not None:
        return dt.date.fromisoformat(stored) if stored else None
    newest = models.newest_information_on()
    seconds = cache_seconds() if cache_seconds() > 0 else DEFAULT_SECONDS
    try:
        response_cache().set(key, newest.isoformat() if newest else NO_DATE, seconds)
    except Exception:
        logger.exception("Response cache unreachable; newest information date not stored")
    return newest


def default_as_of(today, newest):
    """The date statuses are judged on when the reader chooses none: the date of the newest
    information, or today if that is earlier (or there is no information at all)."""
    return today if newest is None else min(today, newest)
