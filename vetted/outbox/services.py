"""Queue a message in the caller's transaction; deliver it after commit; retry what did not go out.

Delivery itself (the claim, one SMTP connection per batch, back-off, bounces, leases) is
vetted/outbox/delivery.py; the on-commit send and the worker share its claim, so two workers, or a
worker and the on-commit send, never both hold a row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction

from vetted.districts.models import District, Membership
from vetted.kit.bulk import insert_rows

from .delivery import MAX_ATTEMPTS, deliver_batch, deliver_one, message_id_for
from .models import Message

log = logging.getLogger("vetted.outbox")
__all__ = ["MAX_ATTEMPTS", "Draft", "deliver", "deliver_pending", "message_id_for", "queue", "queue_many"]


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
    """Claim the row (the worker's claim), hand it to SMTP, record the result."""
    return deliver_one(message_id)


def deliver_pending(now: datetime) -> int:
    """Worker drain job (settings.VETTED_WORKER_DRAINS): one batch over one SMTP connection; the
    worker calls it again while it returns more than 0. Rows left `sending` by a worker that stopped
    are taken back first."""
    return deliver_batch(now)


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
