from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views import defaults

from resolutions import health
from resolutions.api import errors as api_errors

from . import site_files

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", site_files.robots_txt, name="robots-txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    # The admin's language switch; the public site's language is in its address.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    # /vi/... and /en/...: an address without a language redirects by Accept-Language.
    *i18n_patterns(path("", include("resolutions.urls")), prefix_default_language=True),
]

handler400 = "resolutions.error_pages.bad_request"
handler500 = "resolutions.error_pages.server_error"


def handler404(request, exception):
    """JSON in English under /api/, the site's page elsewhere. CommonMiddleware redirects a path
    that lacks only its final slash before this is reached."""
    if request.path.startswith("/api/"):
        return api_errors.not_found(request)
    return defaults.page_not_found(request, exception)
