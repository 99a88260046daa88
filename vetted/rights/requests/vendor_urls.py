"""Mounted at /vendor/rights/: a vendor answers its task through its secure link (no account)."""

from django.urls import URLPattern, path

from . import vendor_views

urlpatterns: list[URLPattern] = [
    path("<str:token>/", vendor_views.task, name="vendor-rights-task"),
]
