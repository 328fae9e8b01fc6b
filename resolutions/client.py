"""The client's address, read one way by the API throttle, the website throttle and the login
lockout, so that none of them can be fooled where another is not."""

from django.conf import settings


def client_address(request):
    """The connection's address, or with ``NUM_PROXIES`` trusted proxies in front, the entry that
    many places from the right of X-Forwarded-For (the address the outermost trusted proxy saw).
    Entries further left are written by the client and never trusted. Same rule as DRF's
    throttles' ``get_ident``."""
    remote_address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.NUM_PROXIES or not forwarded:
        return remote_address
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.NUM_PROXIES, len(addresses))] or remote_address
