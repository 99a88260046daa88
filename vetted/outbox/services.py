"""Queue a message in the caller's transaction; deliver it after commit; retry what did not go out.

A compare-and-swap claim (queued/failed -> sending) hands a row to SMTP at most once per attempt,
so two workers, or a worker and the on-commit send, never both send it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from vetted.districts.models import District, Membership
from vetted.kit.bulk import insert_rows

from .models import Message

log = logging.getLogger("vetted.outbox")
MAX_ATTEMPTS = 5


def message_id_for(key: str) -> str:
    """A stable RFC 5322 Message-ID for an idempotency key: the same key always gives the same id."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{_id_domain(settings.DEFAULT_FROM_EMAIL)}>"


@functools.lru_cache(maxsize=4)
def _id_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "vetted.invalid"


@dataclass(frozen=True)
class Draft:
    """One message for queue_many: the caller has already rendered it."""

    key: str
    to: str
    subject: str
    body: str
    subject_type: str = ""
    subject_id: str = ""


def queue_many(district: District, kind: str, drafts: Iterable[Draft]) -> int:
    """Store many messages in the caller's transaction (bulk inserts; a key already queued is left as
    it was). The worker sends them; nothing is sent on commit, so a notice to 100,000 families does
    not hold a web request open. Returns how many rows were offered."""
    columns = ("district_id", "kind", "idempotency_key", "message_id", "to_email", "subject", "body",
               "subject_type", "subject_id")  # fmt: skip
    kind, offered = kind[:60], 0

    def rows() -> Iterable[tuple[Any, ...]]:
        nonlocal offered
        for d in drafts:
            if not d.to:
                continue
            key = d.key[:200]
            offered += 1
            yield (district.pk, kind, key, message_id_for(key), d.to, " ".join(d.subject.split())[:300], d.body,
                   d.subject_type, d.subject_id)  # fmt: skip

    insert_rows(Message, columns, rows(), ignore_conflicts=True)
    return offered


def queue(
    district: District,
    *,
    kind: str,
    to: str,
    key: str,
    subject: str,
    body: str,
    about: models.Model | None = None,
) -> Message | None:
    """Store the message once per key and send it when the transaction commits; None if already queued."""
    if not to:
        return None
    message, created = Message.objects.get_or_create(
        idempotency_key=key[:200],
        defaults={
            "district": district, "kind": kind[:60], "to_email": to, "message_id": message_id_for(key[:200]), "subject": " ".join(subject.split())[:300],
            "body": body, "subject_type": about._meta.label_lower if about is not None else "",
            "subject_id": str(about.pk) if about is not None else "",
        },
    )  # fmt: skip
    if not created:
        return None
    transaction.on_commit(lambda: deliver(message.pk))
    return message


def deliver(message_id: int) -> bool:
    """Claim the row, hand it to SMTP, record the result."""
    claimed = Message.objects.filter(
        pk=message_id, status__in=[Message.Status.QUEUED, Message.Status.FAILED]
    ).update(status=Message.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        headers = {"Message-ID": message.message_id} if message.message_id else None
        EmailMessage(
            message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to_email], headers=headers
        ).send()
    except Exception as exc:  # any transport failure: keep the row for a retry
        log.warning("message %s to %s failed: %s", message.pk, message.to_email, exc)
        Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, last_error=str(exc)[:500])
        return False
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SENT, sent_at=timezone.now())
    return True


def deliver_pending(now: datetime) -> int:
    """Worker job: retry failed rows, send queued rows whose on-commit send never ran, and
    take back rows left `sending` by a worker that died mid-send."""
    stale = now - timedelta(minutes=1)
    Message.objects.filter(status=Message.Status.SENDING, created_at__lte=now - timedelta(minutes=10)).update(
        status=Message.Status.FAILED, last_error="interrupted while sending"
    )
    ids = list(
        Message.objects.filter(
            Q(status=Message.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=Message.Status.QUEUED, created_at__lte=stale)
        ).values_list("pk", flat=True)[:200]
    )
    return sum(1 for pk in ids if deliver(pk))


def staff_emails(district: District, roles: Iterable[str]) -> list[str]:
    return sorted(
        Membership.objects.filter(district=district, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def mail_staff_on_commit(
    district: District,
    roles: Iterable[str],
    subject: str,
    body: str,
    *,
    kind: str,
    key: str,
    about: Any = None,
) -> None:
    """One outbox row per recipient, sent after the transaction commits; `key` makes it once-only."""
    for email in staff_emails(district, roles):
        queue(district, kind=kind, to=email, key=f"{key}:{email}", subject=f"[{district.name}] {subject}",
              body=body, about=about)  # fmt: skip
