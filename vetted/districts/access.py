"""One way in for tenancy: fetch a district through the signed-in user's memberships.

Outsiders get 404, never 403, so the existence of a district's private pages does not leak.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import District
from .permissions import can, role_in


def public_district(slug: str) -> District:
    return get_object_or_404(District, slug=slug)


def member_district(user: Any, slug: str, action: str = "district.view") -> District:
    """The district if the user may do `action` there.

    Not a member: 404 (outsiders learn nothing). A member whose role does not allow it: 403.
    """
    district = public_district(slug)
    if role_in(user, district) is None:
        raise Http404("No such district.")
    if not can(user, action, district):
        raise PermissionDenied("Your role in this district does not allow that.")
    return district


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise Http404("Not found.")


def user_districts(user: Any) -> list[District]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(District.objects.filter(memberships__user=user).order_by("name"))
