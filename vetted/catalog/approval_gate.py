"""What a district's policy still needs before a resource may be approved, asked by `decide()`.

The catalogue cannot know the rules that need other apps (an executed agreement lives in
`agreements`, the district's review settings in `resource_requests`), so those apps register a
check here from their AppConfig.ready(), as permission rules register with `can()`. A check
returns the sentences a person reads: what is missing, in plain words. An empty list: nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from vetted.districts.models import District
from vetted.districts.permissions import can

from .models import Resource

ApprovalCheck = Callable[[District, Resource], list[str]]
_CHECKS: list[ApprovalCheck] = []


def register(check: ApprovalCheck) -> ApprovalCheck:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def needs(district: District, resource: Resource) -> list[str]:
    """Everything the registered policies still need before `resource` may be approved here."""
    return [line for check in _CHECKS for line in check(district, resource)]


OVERRIDE_HINT = "An admin may approve it anyway by giving a reason for the override."
OVERRIDE_MAX = 2000


def require_override(district: District, actor: Any, missing: list[str], reason: str, *, field: str) -> str:
    """An approval the policy does not allow yet: refused with what is missing (on `field`), unless
    an admin gives a reason. Returns the cleaned reason, for the caller's audit event."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: [*missing, OVERRIDE_HINT]})
    if not can(actor, "decision.override_policy", district):
        raise ValidationError({"override_reason": "Only an admin may approve before the policy is met."})
    if len(reason) > OVERRIDE_MAX:
        raise ValidationError({"override_reason": f"Keep the reason under {OVERRIDE_MAX:,} characters."})
    return reason
