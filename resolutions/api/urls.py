from django.urls import path
from rest_framework.routers import DefaultRouter

from . import reference, schema, views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.APIRootView
router.include_format_suffixes = False
router.register("tasks", views.TaskViewSet, basename="task")
router.register("laws", views.LawViewSet, basename="law")
router.register("review-lists", views.ReviewListViewSet, basename="review-list")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("figures", views.FigureViewSet, basename="figure")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("sources", views.SourceViewSet, basename="source")
router.register("reports", views.ProgressReportViewSet, basename="report")

urlpatterns = [
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("docs/", reference.ReferenceView.as_view(), name="docs"),
    *router.urls,
]
