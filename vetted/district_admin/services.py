"""Verbs on people: change their role, remove them (adding is an invitation: invitations.py). Audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vetted.audit.services import record
from vetted.clocks.packs import district_pack_choices, district_pack_ids
from vetted.districts.models import District, Membership, Role
from vetted.rules import PackError, load_stack


@transaction.atomic
def change_role(membership: Membership, *, actor: Any, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    _keep_an_admin(membership, leaving=role != Role.ADMIN)
    before, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    record(membership.district, "membership.role_changed", actor=actor, subject=membership,
           details={"email": membership.user.email, "before": before, "role": role})  # fmt: skip
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, actor: Any) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _keep_an_admin(membership, leaving=True)
    record(membership.district, "membership.removed", actor=actor, subject=membership,
           details={"email": membership.user.email, "role": membership.role})  # fmt: skip
    membership.delete()


def _keep_an_admin(membership: Membership, *, leaving: bool) -> None:
    """A district must always keep one privacy officer who can manage people."""
    if leaving and membership.role == Role.ADMIN:
        others = Membership.objects.filter(district=membership.district, role=Role.ADMIN).exclude(
            pk=membership.pk
        )
        if not others.exists():
            raise ValidationError({"role": "The district must keep at least one privacy officer (admin)."})


# What the settings page may change. State and slug are not among them: the state decides the law.
SETTINGS_FIELDS = (
    "name", "public_contact_name", "public_contact_email", "public_contact_phone", "website", "time_zone",
    "policy_packs",
)  # fmt: skip


@transaction.atomic
def update_district(district: District, *, actor: Any, **changes: Any) -> District:
    """Change the district's public details, time zone or policy packs; audited with before/after.

    The new pack stack must load (a district pack may only tighten the state's law), or nothing is saved.
    """
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not a district setting: {sorted(unknown)}")
    district = District.objects.select_for_update().get(pk=district.pk)
    if "policy_packs" in changes:
        packs = list(dict.fromkeys(str(p) for p in changes["policy_packs"] or []))
        offered = district_pack_choices()
        missing = [p for p in packs if p not in offered]
        if missing:
            raise ValidationError({"policy_packs": f"No district policy pack named {', '.join(missing)}."})
        changes["policy_packs"] = packs
    diff = {
        f: {"before": getattr(district, f), "after": v}
        for f, v in changes.items()
        if getattr(district, f) != v
    }
    if not diff:
        return district
    for f, d in diff.items():
        setattr(district, f, d["after"])
    district.full_clean(exclude=["slug", "state", "consortia"], validate_unique=False)
    if "policy_packs" in diff:
        try:
            load_stack(district_pack_ids(district))
        except (PackError, ValueError) as exc:
            raise ValidationError({"policy_packs": f"These packs cannot be used together: {exc}"}) from exc
    district.save(update_fields=list(diff))
    record(district, "district.updated", actor=actor, subject=district, details={"changed": diff})
    return district
