"""Verbs on invitations: invite, re-send, withdraw, accept, decline. Each is audited.

The admin's page answers the same way for every address (no name, no title, no "already has an
account"); only the address's owner, through the link, learns what accepting will do.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District, Membership, Role, User
from vetted.districts.permissions import role_in
from vetted.kit.localtime import format_local
from vetted.outbox.services import queue

from .models import Invitation, token_hash

# Long enough to reach someone back from a week away; a dead link is cheap to replace (re-send).
INVITATION_LIFETIME = timedelta(days=7)
# Re-sending is not a way to flood someone's mailbox: one new link per address every few minutes.
RESEND_PAUSE = timedelta(minutes=5)


def never_signed_in(user: User) -> bool:
    """A person made by an invitation (or an operator) who has not yet signed in even once."""
    return user.last_login is None


def find(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("district", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    now = timezone.now()
    invitation.sent_at, invitation.expires_at = now, now + INVITATION_LIFETIME
    return token


def _send(invitation: Invitation, token: str) -> None:
    """The same e-mail whatever the address: it names the inviter and the role, and says that
    ignoring it changes nothing."""
    district, inviter = invitation.district, invitation.invited_by
    inviter_role = role_in(inviter, district) if inviter is not None else None
    context = {
        "district": district,
        "inviter": inviter.display_name if inviter else "A privacy officer",
        "inviter_role": Role(inviter_role).label if inviter_role else "",
        "role": Role(invitation.role).label,
        "link": f"{settings.SITE_URL}/invitations/{token}/",
        "expires": format_local(invitation.expires_at, district),
    }
    queue(
        district, kind="membership.invitation", to=invitation.email,
        key=f"invitation:{invitation.pk}:{invitation.times_sent}",
        subject=f"Invitation to join {district.name} on Vetted",
        body=render_to_string("district_admin/invitation_email.txt", context), about=invitation,
    )  # fmt: skip


@transaction.atomic
def invite(
    district: District, *, actor: Any, email: str, role: str, full_name: str = "", position: str = ""
) -> Invitation:
    """Offer `role` to the address. Refused only for what the admin can already see on their own
    page: a current member, or an invitation already waiting."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    email = email.strip().lower()
    member = (
        Membership.objects.filter(district=district, user__email__iexact=email).select_related("user").first()
    )
    # A member who never signed in (invited before invitations existed) may be invited again.
    if member is not None and not never_signed_in(member.user):
        raise ValidationError({"email": "This person is already a member of the district."})
    if Invitation.objects.filter(
        district=district, email=email, accepted_at=None, declined_at=None, withdrawn_at=None
    ).exists():
        raise ValidationError(
            {"email": "An invitation to this address is already waiting; re-send it from the list below."}
        )
    invitation = Invitation(
        district=district, email=email, role=role, invited_by=actor if getattr(actor, "pk", None) else None,
        full_name=full_name.strip(), position=position.strip(),
    )  # fmt: skip
    token = _new_token(invitation)
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    record(
        district,
        "membership.invited",
        actor=actor,
        subject=invitation,
        details={"email": email, "role": role},
    )
    _send(invitation, token)
    return invitation


def _open(district: District, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, district=district).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError("This invitation was already answered or withdrawn.")
    return invitation


@transaction.atomic
def resend(invitation: Invitation, *, actor: Any) -> Invitation:
    """A new link (the old one stops working: only the new token's hash is kept) and a new week."""
    invitation = _open(invitation.district, invitation.pk)
    if invitation.sent_at > timezone.now() - RESEND_PAUSE:
        raise ValidationError(
            "A link was sent to this address a moment ago; wait a few minutes before sending another."
        )
    was_expired = invitation.is_expired
    token = _new_token(invitation)
    invitation.times_sent += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "times_sent"])
    record(invitation.district, "membership.invitation_resent", actor=actor, subject=invitation,
           details={"email": invitation.email, "role": invitation.role, "was_expired": was_expired})  # fmt: skip
    _send(invitation, token)
    return invitation


@transaction.atomic
def withdraw(invitation: Invitation, *, actor: Any) -> None:
    invitation = _open(invitation.district, invitation.pk)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    record(invitation.district, "membership.invitation_withdrawn", actor=actor, subject=invitation,
           details={"email": invitation.email, "role": invitation.role})  # fmt: skip


def account_for(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def needs_password(invitation: Invitation) -> bool:
    """A new account, or one made before invitations existed that never got a password."""
    user = account_for(invitation)
    return user is None or (not user.has_usable_password() and never_signed_in(user))


@transaction.atomic
def accept(invitation: Invitation, *, password: str | None = None, full_name: str = "") -> Membership:
    """The address's owner (they hold the link) joins the district; a new account gets its password."""
    invitation = _open(invitation.district, invitation.pk)
    if invitation.is_expired:
        raise ValidationError("This invitation has expired.")
    user = account_for(invitation)
    if user is None:
        email = invitation.email
        user = User(username=email, email=email, full_name=(full_name or invitation.full_name).strip(),
                    position=invitation.position)  # fmt: skip
        user.full_clean(exclude=["password"])
    if password is not None:
        user.set_password(password)
    elif not user.has_usable_password() and never_signed_in(user):
        raise ValidationError("Choose a password.")
    user.save()
    membership, created = Membership.objects.get_or_create(
        user=user, district=invitation.district, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(invitation.district, "membership.added", actor=user, subject=membership,
           details={"email": invitation.email, "role": membership.role, "invitation": invitation.pk,
                    "invited_by": invitation.invited_by.email if invitation.invited_by else None})  # fmt: skip
    return membership


@transaction.atomic
def decline(invitation: Invitation) -> None:
    invitation = _open(invitation.district, invitation.pk)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    record(invitation.district, "membership.invitation_declined", subject=invitation,
           details={"email": invitation.email, "role": invitation.role})  # fmt: skip
