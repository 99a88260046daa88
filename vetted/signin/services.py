"""Verbs on how people sign in: a district's single sign-on settings, approving a first SSO sign-in,
and audit events for a person's own second factor. Each writes its audit event in its transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District, Membership
from vetted.signin.models import DistrictSignOn, SignOnApproval

# What the trail shows of a sign-on's settings: everything but the secret.
AUDITED_FIELDS = ["kind", "label", "issuer", "client_id", "allowed_domain", "tenant_id", "tenant_claim",
                  "saml_sso_url", "saml_certificate", "first_sign_in", "default_role", "enabled"]  # fmt: skip


def record_for_person(
    user: Any, event_type: str, *, actor: Any = None, details: dict[str, Any] | None = None
) -> None:
    """A person may belong to several districts; each district's trail gets the event, since each
    district's admins answer for who can reach its data."""
    with transaction.atomic():
        for district in District.objects.filter(memberships__user=user).distinct():
            record(district, event_type, actor=actor or user, subject=user, details=details or {})


@transaction.atomic
def save_sign_on(sign_on: DistrictSignOn, *, actor: Any, secret_changed: bool) -> DistrictSignOn:
    """Create or change a district's single sign-on (the form already validated it)."""
    created = sign_on.pk is None
    before = (
        {} if created else {f: getattr(DistrictSignOn.objects.get(pk=sign_on.pk), f) for f in AUDITED_FIELDS}
    )
    sign_on.full_clean()
    sign_on.save()
    after = {f: getattr(sign_on, f) for f in AUDITED_FIELDS}
    changes = {f: [before.get(f), v] for f, v in after.items() if before.get(f) != v}
    record(sign_on.district, "signin.sso_added" if created else "signin.sso_changed", actor=actor, subject=sign_on,
           details={"changes": changes, "secret_changed": secret_changed})  # fmt: skip
    return sign_on


@transaction.atomic
def decide_approval(approval: SignOnApproval, *, actor: Any, approve: bool) -> None:
    """Let a first SSO sign-in in with the sign-on's default role, or turn it away."""
    approval = SignOnApproval.objects.select_for_update().select_related("sign_on").get(pk=approval.pk)
    if approval.decided_at is not None:
        raise ValidationError("This sign-in was already decided.")
    approval.approved, approval.decided_at = approve, timezone.now()
    approval.save(update_fields=["approved", "decided_at"])
    role = approval.sign_on.default_role
    if approve:
        Membership.objects.get_or_create(
            user=approval.user, district=approval.district, defaults={"role": role}
        )
    record(approval.district, "signin.sso_approved" if approve else "signin.sso_turned_away", actor=actor,
           subject=approval.user, details={"role": role if approve else None})  # fmt: skip
