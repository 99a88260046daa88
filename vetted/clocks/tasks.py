"""Worker job: remind before an obligation is due, escalate once it is overdue, each exactly once."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from vetted.audit.services import record
from vetted.districts.models import Role
from vetted.kit.claims import claim_due
from vetted.kit.localtime import format_local
from vetted.outbox.services import mail_staff_on_commit

from .models import Obligation, ObligationStatus


def _describe(o: Obligation) -> str:
    """The body: when it is due in the district's own time (zone named), and a link to the item."""
    link = f"\nOpen it: {settings.SITE_URL.rstrip('/')}{o.subject_path}" if o.subject_path else ""
    return (
        f"{o.title} — {o.subject_label}\nDue: {format_local(o.due_at, o.district.tz)}\n"
        f"Who acts: {o.actor}; who is told: {o.recipient}\n{o.description}\nCitation: {o.citation}{link}"
    )


def _remind(o: Obligation) -> None:
    record(
        o.district, "obligation.reminded", actor="worker", subject=o, details={"due_at": o.due_at.isoformat()}
    )
    mail_staff_on_commit(o.district, [Role.ADMIN], f"Due soon: {o.title}", _describe(o),
                         kind="obligation.reminder", key=f"obligation:{o.pk}:reminder", about=o)  # fmt: skip


def _escalate(o: Obligation) -> None:
    record(
        o.district,
        "obligation.escalated",
        actor="worker",
        subject=o,
        details={"due_at": o.due_at.isoformat()},
    )
    mail_staff_on_commit(o.district, [Role.ADMIN, Role.TECHNOLOGY_DIRECTOR], f"OVERDUE: {o.title}", _describe(o),
                         kind="obligation.overdue", key=f"obligation:{o.pk}:overdue", about=o)  # fmt: skip


def run_obligation_reminders(now: dt.datetime) -> int:
    """Remind before an obligation is due; escalate once it is overdue. Each exactly once.

    Obligations whose subject's own app chases them (`chased_by` set, e.g. a resource request's
    reviewers are reminded by resource_requests' job) are left to that app."""
    chased_here = Obligation.objects.filter(status=ObligationStatus.OPEN, chased_by="")
    chased_here = chased_here.select_related("district")
    reminded = claim_due(chased_here.filter(remind_at__lte=now, due_at__gt=now), "reminded_at", now, _remind)
    escalated = claim_due(chased_here.filter(due_at__lte=now), "escalated_at", now, _escalate)
    return reminded + escalated
