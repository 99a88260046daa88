"""Worker job: remind before an obligation is due, escalate once it is overdue, each exactly once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import Role
from vetted.outbox.services import mail_staff_on_commit

from .models import Obligation, ObligationStatus

BATCH = 200


def _describe(o: Obligation) -> str:
    due = timezone.localtime(o.due_at, o.district.tz)
    return (
        f"{o.title} — {o.subject_label}\nDue: {due:%A %B %d, %Y %H:%M %Z}\n"
        f"Who acts: {o.actor}; who is told: {o.recipient}\n{o.description}\nCitation: {o.citation}"
    )


def run_obligation_reminders(now: dt.datetime) -> int:
    """Remind before an obligation is due; escalate once it is overdue. Each exactly once."""
    sent = 0
    due_soon = Obligation.objects.filter(
        status=ObligationStatus.OPEN, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
    ).values_list("pk", flat=True)[:BATCH]
    for pk in list(due_soon):
        with transaction.atomic():
            if not Obligation.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another worker claimed it
            o = Obligation.objects.select_related("district").get(pk=pk)
            record(
                o.district,
                "obligation.reminded",
                actor="worker",
                subject=o,
                details={"due_at": o.due_at.isoformat()},
            )
            mail_staff_on_commit(o.district, [Role.ADMIN], f"Due soon: {o.title}", _describe(o),
                                 kind="obligation.reminder", key=f"obligation:{o.pk}:reminder", about=o)  # fmt: skip
            sent += 1
    overdue = Obligation.objects.filter(
        status=ObligationStatus.OPEN, escalated_at__isnull=True, due_at__lte=now
    ).values_list("pk", flat=True)[:BATCH]
    for pk in list(overdue):
        with transaction.atomic():
            if not Obligation.objects.filter(pk=pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            o = Obligation.objects.select_related("district").get(pk=pk)
            record(
                o.district,
                "obligation.escalated",
                actor="worker",
                subject=o,
                details={"due_at": o.due_at.isoformat()},
            )
            mail_staff_on_commit(
                o.district,
                [Role.ADMIN, Role.TECHNOLOGY_DIRECTOR],
                f"OVERDUE: {o.title}",
                _describe(o),
                kind="obligation.overdue",
                key=f"obligation:{o.pk}:overdue",
                about=o,
            )
            sent += 1
    return sent
