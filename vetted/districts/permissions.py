"""Roles as data: which role may do which action. `can()` is the one place that decides.

Two layers, both consulted by `can()`:
- ACTIONS: the roles that may perform an action inside their own district (a table).
- relation rules: per-object conditions (own request, assigned reviewer, the director's gate, who
  may change what after submission). Each app registers its rules from its `policies.py` with
  `@relation("action")`, imported by its AppConfig.ready(); views, API, templates and services
  all ask `can()`, so a rule holds everywhere at once.
"""

from __future__ import annotations

from collections.abc import Callable
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
    "decision.override_policy": frozenset({A}),
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


# action -> relation rules; every rule must allow (after the role table) for can() to say yes.
Rule = Callable[[Any, Any], bool]
RELATIONS: dict[str, list[Rule]] = {}


def register_actions(actions: dict[str, frozenset[str]]) -> None:
    """An app adds its own actions to the table (from its policies.py); a name is defined once."""
    for name, roles in actions.items():
        if name in ACTIONS and ACTIONS[name] != roles:
            raise ValueError(f"action {name!r} is already defined with other roles")
        ACTIONS[name] = roles


def relation(action: str) -> Callable[[Rule], Rule]:
    """Register `rule(user, obj) -> bool` as a condition of `action` on objects (not districts)."""

    def register(rule: Rule) -> Rule:
        if action not in ACTIONS:
            raise KeyError(f"unknown action {action!r}")
        RELATIONS.setdefault(action, []).append(rule)
        return rule

    return register


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
    if role is None or role not in ACTIONS[action]:
        return False
    if obj is district:
        return True
    return all(rule(user, obj) for rule in RELATIONS.get(action, ()))
