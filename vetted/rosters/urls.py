"""Mounted at /manage/<district_slug>/roster/."""

from django.urls import path

from . import views, views_usage

urlpatterns = [
    path("", views.roster, name="roster"),
    path("imports/<int:import_id>/", views.import_report, name="roster-import"),
    path("resources/<int:resource_id>/", views_usage.resource_usage, name="roster-resource"),
]
