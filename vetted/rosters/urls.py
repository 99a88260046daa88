"""Mounted at /manage/<district_slug>/roster/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.roster, name="roster"),
    path("imports/<int:import_id>/", views.import_report, name="roster-import"),
]
