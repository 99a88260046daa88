"""Shared pieces of the request verbs: locking, the district's policy, refusals."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from vetted.districts.models import District
from vetted.districts.permissions import can

from ..models import ResourceRequest, ReviewPolicy
from ..policies import refusal


class NotAllowed(PermissionDenied):
    """The actor may not do this to this request (role, own request, not assigned)."""


def policy_for(district: District) -> ReviewPolicy:
    """The district's review policy; an unsaved default row when the district has none."""
    policy = ReviewPolicy.objects.filter(district=district).first()
    return policy or ReviewPolicy(district=district)


def lock(req: ResourceRequest) -> ResourceRequest:
    """Re-read the request under a row lock: every state change checks the state it locked.

    Two reviewers deciding at once: the second waits here, then sees `decided` and is refused.
    """
    return ResourceRequest.objects.select_for_update().select_related("district", "requester").get(pk=req.pk)


def require(actor: Any, action: str, req: ResourceRequest) -> None:
    """Every verb asks `can()` for its actor on this request (roles and the relation rules in
    policies.py); a refusal says why."""
    if not can(actor, action, req):
        raise NotAllowed(refusal(actor, action, req))


def user_label(user: Any) -> str:
    return getattr(user, "display_name", None) or str(user)
