"""The verbs: create a token (shown once), revoke one, revoke all of a person's tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District

from .keys import digest, new_token
from .models import ApiToken


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: show it once, store it nowhere


def _districts(user: Any) -> list[District]:
    # A token acts in every district the person belongs to, so each district's trail records it.
    return list(District.objects.filter(memberships__user=user).order_by("pk"))


def _record(user: Any, event_type: str, token: ApiToken, *, actor: Any, **details: Any) -> None:
    for district in _districts(user):
        record(district, event_type, actor=actor, subject=token, details={
            "name": token.name, "prefix": token.prefix, "owner": user.email, **details,
        })  # fmt: skip


def create_token(user: Any, *, name: str, days: int) -> NewToken:
    now = timezone.now()
    if not 1 <= days <= settings.VETTED_API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": f"Choose between 1 and {settings.VETTED_API_TOKEN_MAX_DAYS} days."})
    if not _districts(user):
        raise ValidationError("You are not a member of any district, so a token would reach nothing.")
    with transaction.atomic():
        live = ApiToken.objects.select_for_update().filter(user=user, revoked_at=None, expires_at__gt=now)
        if len(live) >= settings.VETTED_API_TOKEN_MAX_ACTIVE:
            raise ValidationError(
                f"You already have {settings.VETTED_API_TOKEN_MAX_ACTIVE} active tokens; "
                "revoke one you no longer use first."
            )
        secret, prefix = new_token()
        token = ApiToken.objects.create(
            user=user, name=name.strip(), prefix=prefix, digest=digest(secret),
            expires_at=now + timedelta(days=days),
        )  # fmt: skip
        _record(user, "api_token.created", token, actor=user, expires_at=token.expires_at.isoformat())
    return NewToken(token, secret)


def revoke_token(token: ApiToken, *, actor: Any, reason: str = "revoked by its owner") -> bool:
    """Revoke one token; False if it was already revoked (nothing is recorded twice)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
            revoked_at=timezone.now(), revoked_reason=reason[:60]
        )
        if changed:
            token.refresh_from_db()
            _record(token.user, "api_token.revoked", token, actor=actor, reason=reason)
    return bool(changed)


def revoke_all_for_user(user: Any, *, reason: str, actor: Any = None) -> int:
    """Revoke every token the person still has (expired ones too, so the list says why they ended)."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at=None))
        for token in tokens:
            revoke_token(token, actor=actor, reason=reason)
    return len(tokens)
