"""Messages are rows: queue an e-mail in the caller's transaction, send it after commit.

Each row carries an idempotency key, so a retried verb or a second worker never queues the same
message twice, and a compare-and-swap claim so a row is handed to SMTP at most once per attempt.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import OutgoingMail, TechRequest

log = logging.getLogger("vetted.tech_requests.mail")
MAX_ATTEMPTS = 5


def request_link(req: TechRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("request-detail", args=[req.district.slug, req.pk])


def queue_mail(
    req: TechRequest, *, kind: str, to: str, key: str, template: str, context: dict[str, object]
) -> OutgoingMail | None:
    """Store the message (once per key) and send it when the transaction commits."""
    if not to:
        return None
    ctx = {"req": req, "district": req.district, "link": request_link(req), **context}
    subject = " ".join(render_to_string(f"tech_requests/email/{template}_subject.txt", ctx).split())
    body = render_to_string(f"tech_requests/email/{template}.txt", ctx)
    mail, created = OutgoingMail.objects.get_or_create(
        idempotency_key=key[:200],
        defaults={"district": req.district, "request": req, "kind": kind, "to_email": to,
                  "subject": subject[:300], "body": body},
    )  # fmt: skip
    if created:
        transaction.on_commit(lambda: deliver(mail.pk))
    return mail if created else None


def deliver(mail_id: int) -> bool:
    """Claim the row (queued/failed -> sending), hand it to SMTP, record the result."""
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.FAILED]
    ).update(status=OutgoingMail.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to_email]).send()
    except Exception as exc:  # any transport failure: keep the row for a retry
        log.warning("mail %s to %s failed: %s", mail.pk, mail.to_email, exc)
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED, last_error=str(exc)[:500]
        )
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.SENT, sent_at=timezone.now())
    return True


def deliver_pending(now: datetime) -> int:
    """Retry what did not go out: failed rows, and queued rows whose on-commit send never ran."""
    stale = now - timedelta(minutes=1)
    ids = list(
        OutgoingMail.objects.filter(
            Q(status=OutgoingMail.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            | Q(status=OutgoingMail.Status.QUEUED, created_at__lte=stale)
        ).values_list("pk", flat=True)[:100]
    )
    return sum(1 for pk in ids if deliver(pk))
