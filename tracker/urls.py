from django.contrib import admin
from django.urls import include, path

from resolutions import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    path("", include("resolutions.urls")),
]

handler400 = "resolutions.error_pages.bad_request"
handler500 = "resolutions.error_pages.server_error"
