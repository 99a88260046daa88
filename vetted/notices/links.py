"""A family's link to answer a notice: signed (the server's key), expiring, naming one recipient and
its random nonce. Using it once sets the recipient's answered_at, so a second use is refused.

The token is `<recipient id>.<nonce>` signed with a timestamp; without the key nobody can make one,
and a recipient's nonce cannot be guessed from another family's link.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from enum import Enum

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Recipient

SALT = "vetted.notices.answer"


class LinkState(Enum):
    OK = "ok"
    USED = "used"
    EXPIRED = "expired"
    INVALID = "invalid"


def new_nonce() -> str:
    return secrets.token_hex(16)


def max_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "VETTED_NOTICE_LINK_DAYS", 60))


def make_token(recipient_id: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{recipient_id}.{nonce}")


def answer_url(district_slug: str, recipient_id: int, nonce: str) -> str:
    return answer_url_maker(district_slug)(recipient_id, nonce)


def answer_url_maker(district_slug: str) -> Callable[[int, str], str]:
    """answer_url for many recipients of one district: the URL is resolved once, then only signed."""
    marker = "T0KEN"
    path = reverse("notice-answer", kwargs={"district_slug": district_slug, "token": marker})
    head, _, tail = (settings.SITE_URL.rstrip("/") + path).partition(marker)
    return lambda recipient_id, nonce: head + make_token(recipient_id, nonce) + tail


def read_token(district_slug: str, token: str) -> tuple[LinkState, Recipient | None]:
    """The recipient a token names in this district, and whether it may still be used."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=max_age())
    except signing.SignatureExpired:
        return LinkState.EXPIRED, None
    except signing.BadSignature:
        return LinkState.INVALID, None
    rid, _, nonce = value.partition(".")
    if not rid.isdigit() or len(rid) > 18:
        return LinkState.INVALID, None
    recipient = (
        Recipient.objects.select_related("notice", "district")
        .filter(pk=int(rid), district__slug=district_slug)
        .first()
    )
    if recipient is None or not secrets.compare_digest(recipient.token_nonce, nonce):
        return LinkState.INVALID, None
    if recipient.answered_at is not None:
        return LinkState.USED, recipient
    return LinkState.OK, recipient
