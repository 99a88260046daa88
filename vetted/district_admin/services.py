"""Verbs on people: add someone to a district, change their role, remove them. Each is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from vetted.audit.services import record
from vetted.clocks.packs import district_pack_choices, district_pack_ids
from vetted.districts.models import District, Membership, Role, User
from vetted.outbox.services import queue
from vetted.rules import PackError, load_stack


def _invite(membership: Membership) -> None:
    """Queue the invitation with a link to choose a password (sent after commit)."""
    user, district = membership.user, membership.district
    context = {
        "user": user,
        "district": district,
        "site_url": settings.SITE_URL,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    queue(
        district, kind="membership.invitation", to=user.email, key=f"invitation:{membership.pk}",
        subject=f"You have been added to {district.name} on Vetted",
        body=render_to_string("district_admin/invitation_email.txt", context), about=membership,
    )  # fmt: skip


@transaction.atomic
def add_member(
    district: District, *, actor: Any, email: str, full_name: str, role: str, position: str = ""
) -> Membership:
    """Add a person (creating the account if new) and e-mail them a link to set a password."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(username=email, email=email, full_name=full_name.strip(), position=position.strip())
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    if Membership.objects.filter(user=user, district=district).exists():
        raise ValidationError({"email": "This person is already a member of the district."})
    membership = Membership.objects.create(user=user, district=district, role=role)
    record(district, "membership.added", actor=actor, subject=membership,
           details={"email": email, "role": role, "new_account": created})  # fmt: skip
    if created:
        _invite(membership)
    return membership


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
