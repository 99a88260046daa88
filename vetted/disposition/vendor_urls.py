"""Mounted at /vendor/disposition/: a vendor certifies disposition through its secure link (no account)."""

from django.urls import URLPattern, path

from .views import vendor

urlpatterns: list[URLPattern] = [
    path("<str:token>/", vendor.certify, name="vendor-disposition"),
]
