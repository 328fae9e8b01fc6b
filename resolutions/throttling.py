"""Request limits counted in the default cache, so per client across workers and restarts when
that cache is Redis (REDIS_URL), per worker otherwise."""

import logging
import time

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from .client import client_address

logger = logging.getLogger(__name__)


class ClientRateThrottle(AnonRateThrottle):
    """The API's limit (API_ANON_RATE) per client address, as resolutions.client reads it. When
    the cache cannot be reached the request is let through and the failure logged: an outage of
    the cache must not take the API down."""

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.exception("API throttle: the cache is unreachable; request allowed")
            return True


def parse_rate(rate):
    """'600/minute' -> (600, 60)."""
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def site_request_allowed(address, rate, now=None):
    """Count one request of ``address`` in the current window of ``rate``; returns (allowed,
    seconds until the window ends). A fixed window, counted with the cache's atomic increment."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"site-throttle:{address}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    except Exception:
        logger.exception("Website throttle: the cache is unreachable; request allowed")
        return True, 0
    return count <= limit, int((window + 1) * period - now) + 1
