"""Mounted at /vendor/incidents/: a vendor's report through its secure link (no account)."""

from django.urls import URLPattern, path

from .views import vendor

urlpatterns: list[URLPattern] = [
    path("<str:token>/", vendor.report, name="vendor-incident-report"),
]
