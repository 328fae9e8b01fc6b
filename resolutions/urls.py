from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks.csv", views.task_csv, name="task-csv"),
    path("tasks.ics", views.task_ics, name="task-ics"),
    path("tasks.atom", views.task_feed, name="task-feed"),
    path("tasks/<slug:slug>/", views.task_detail, name="task-detail"),
    path("laws/", views.law_list, name="law-list"),
    path("laws/<slug:slug>/", views.law_detail, name="law-detail"),
    path("law-reviews/<slug:slug>/", views.review_list_detail, name="review-list-detail"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("search/", views.search, name="search"),
    path("changes/", views.change_list, name="change-list"),
    path("changes.atom", views.change_feed, name="change-feed"),
]
