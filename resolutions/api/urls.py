from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .errors import not_found

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("tasks", views.TaskViewSet, basename="task")
router.register("laws", views.LawViewSet, basename="law")
router.register("review-lists", views.ReviewListViewSet, basename="review-list")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("sources", views.SourceViewSet, basename="source")
router.register("reports", views.ProgressReportViewSet, basename="report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
