"""Staff pages for notices (/manage/<d>/notices/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
