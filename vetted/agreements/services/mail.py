"""Mail to a district's own staff, sent only after the transaction that decided it commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from vetted.districts.models import District, Membership

log = logging.getLogger("vetted.agreements")


def staff_emails(district: District, roles: Iterable[str]) -> list[str]:
    return sorted(
        Membership.objects.filter(district=district, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def mail_staff_on_commit(district: District, roles: Iterable[str], subject: str, body: str) -> None:
    recipients = staff_emails(district, roles)
    if not recipients:
        return

    def _send() -> None:
        try:
            send_mail(f"[{district.name}] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            # The claim is already committed; a lost mail is logged, never retried into a duplicate.
            log.exception("could not send %r to %s", subject, recipients)

    transaction.on_commit(_send)
