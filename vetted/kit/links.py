"""Secure links for people without an account (a vendor's privacy contact): a row holds a random
nonce, an expiry and a revocation time; the token is the server's signature over (row id, nonce)
with a salt per purpose. A guessed, forged, altered or revoked token is INVALID; a genuine one past
its time is EXPIRED. The row kind and what a link may do stay with the app that owns it."""

from __future__ import annotations

import datetime as dt
import secrets
from enum import Enum
from typing import Any, TypeVar

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils import timezone

Row = TypeVar("Row", bound=Model)


class LinkState(Enum):
    OK = "ok"
    EXPIRED = "expired"
    INVALID = "invalid"


def new_nonce() -> str:
    return secrets.token_hex(16)  # 32 characters: the rows keep it in a CharField(max_length=32)


def sign_link(salt: str, pk: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(f"{pk}.{nonce}")


def read_link(
    token: str, *, salt: str, rows: QuerySet[Row], max_days: int, now: dt.datetime | None = None
) -> tuple[LinkState, Row | None]:
    """The row a token names and whether it may be used. `rows` is the model's queryset (with its
    select_related); the row must have `nonce`, `expires_at` and `revoked_at`."""
    now = now or timezone.now()
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token[:300], max_age=dt.timedelta(days=max_days))
    except signing.SignatureExpired:
        return LinkState.EXPIRED, None
    except signing.BadSignature:
        return LinkState.INVALID, None
    pk, _, nonce = value.partition(".")
    if not pk.isdigit() or len(pk) > 18:
        return LinkState.INVALID, None
    row: Any = rows.filter(pk=int(pk)).first()
    if row is None or row.revoked_at is not None or not secrets.compare_digest(row.nonce, nonce):
        return LinkState.INVALID, None
    if row.expires_at <= now:
        return LinkState.EXPIRED, row
    return LinkState.OK, row
