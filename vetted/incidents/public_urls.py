"""Mounted at /d/<district_slug>/incidents/: the district's posted breach notices."""

from django.urls import URLPattern, path

from .views import public

urlpatterns: list[URLPattern] = [
    path("", public.incident_list, name="public-incidents"),
    path("<int:incident_id>/", public.incident_detail, name="public-incident"),
]
