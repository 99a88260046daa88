"""API access helpers: the same tenancy rule as the pages (404 to outsiders, 403 to a lacking role)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, permissions

from .access import member_district
from .models import District


class DistrictScopedMixin:
    """For views under /api/v1/districts/<district_slug>/: the district comes from the URL only."""

    kwargs: dict[str, Any]
    request: Any
    district: District

    def district_for(self, action: str) -> District:
        try:
            return member_district(self.request.user, self.kwargs["district_slug"], action)
        except Http404 as exc:
            raise exceptions.NotFound() from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc

    def scope(self, view_action: str, edit_action: str) -> District:
        """The district for this request: reads need `view_action`, writes `edit_action`."""
        safe = self.request.method in permissions.SAFE_METHODS
        self.district = self.district_for(view_action if safe else edit_action)
        return self.district
