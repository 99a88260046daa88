"""Roles as data: which role may do which action. `can()` is the one place that decides."""

from __future__ import annotations

from typing import Any

from .models import District, Role

A, TD, RV, ST, AU = Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.REVIEWER, Role.STAFF, Role.AUDITOR
EVERYONE = frozenset(Role)

# action -> roles allowed to perform it inside their own district.
ACTIONS: dict[str, frozenset[str]] = {
    "district.view": EVERYONE,
    "district.manage": frozenset({A}),
    "membership.manage": frozenset({A}),
    "catalog.view": EVERYONE,
    "catalog.edit": frozenset({A, TD, RV}),
    "decision.edit": frozenset({A, TD, RV}),
    "audit.view": frozenset({A, AU}),
    "contract.review": frozenset({A, TD, RV}),
    "contract.rerun_review": frozenset({A}),
    "agreement.view": EVERYONE,
    "agreement.edit": frozenset({A, TD}),
    "obligation.view": EVERYONE,
    "obligation.manage": frozenset({A}),
    "resource_request.create": frozenset({A, TD, RV, ST}),
    "resource_request.review": frozenset({A, TD, RV}),
    "resource_request.assign": frozenset({A}),
    "resource_request.approve_terms": frozenset({TD}),
    "resource_request.view_all": frozenset({A, AU}),
    "resource_request.configure": frozenset({A}),
}


def _district_of(obj: Any) -> District | None:
    if isinstance(obj, District):
        return obj
    district = getattr(obj, "district", None)
    return district if isinstance(district, District) else None


def role_in(user: Any, district: District) -> str | None:
    """The user's role in the district, or None. Cached per user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache: dict[int, str] | None = getattr(user, "_vetted_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("district_id", "role"))
        user._vetted_roles = cache
    return cache.get(district.pk)


def can(user: Any, action: str, obj: Any) -> bool:
    """May `user` perform `action` on `obj` (a District or a row that carries its district)?"""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    district = _district_of(obj)
    if district is None:
        return False
    role = role_in(user, district)
    return role is not None and role in ACTIONS[action]
