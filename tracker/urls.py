from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("resolutions.api.urls")),
    path("", include("resolutions.urls")),
]

# JSON under /api/, HTML elsewhere; CommonMiddleware redirects a missing final slash first.
handler404 = "resolutions.views.not_found"
