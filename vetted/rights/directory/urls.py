"""Mounted at /manage/<district_slug>/directory/."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("requests/", views.request_list, name="staff-directory-requests"),
    path("requests/new/", views.request_new, name="staff-directory-request-new"),
    path("requests/<int:request_id>/", views.request_detail, name="staff-directory-request"),
    path("requests/<int:request_id>/decide/", views.request_decide, name="staff-directory-request-decide"),
    path("requests/<int:request_id>/disclosure.csv", views.request_csv, name="staff-directory-request-csv"),
    path("settings/", views.directory_settings, name="staff-directory-settings"),
]
