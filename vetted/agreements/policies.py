"""Who may change agreements: every agreement verb asks `districts.permissions.can()` for its actor.

Imported by AgreementsConfig.ready(). The role table (districts.permissions.ACTIONS) says who may
edit agreements in their district ("agreement.edit": admins and the technology director); can()
compares the row's district with the actor's memberships. Relation rules for agreements go here
(registered with `@relation`) when a row must say more. Services call `authorize()` first, like the
staff-request verbs do; work the program does by itself (the worker's expiry, a supersede that an
execution triggers) passes `system=True` explicitly instead of a person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from vetted.districts.permissions import can


class NotAllowed(PermissionDenied):
    """The actor may not do this to this agreement (views answer 403; the API 403)."""


def authorize(actor: Any, action: str, obj: Any, *, system: bool = False) -> None:
    """Refuse unless `can(actor, action, obj)`; `system=True` is the program acting by itself."""
    if system:
        return
    if not can(actor, action, obj):
        raise NotAllowed("Your role in this district does not allow that.")
