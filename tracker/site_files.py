"""Files that browsers and crawlers ask for at the site's root: /robots.txt and /favicon.ico."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ONE_DAY = 24 * 60 * 60
ARCHIVE_CRAWLER = "archive.org_bot"


@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def robots_txt(request):
    """Search engines are welcome on the public pages and the API, not in the admin or the API
    docs. The Internet Archive may keep a copy of everything a visitor can open: what the tracker
    said, and when, is part of its record (the admin shows an archiver its login page only)."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('api:docs')}",
        f"Disallow: {reverse('api:schema')}",
        "",
        f"User-agent: {ARCHIVE_CRAWLER}",
        "Allow: /",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def favicon(request):
    """The icon browsers fetch from the root whatever the page's <link rel=icon> says."""
    path = finders.find("favicon.ico") or staticfiles_storage.path("favicon.ico")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")
