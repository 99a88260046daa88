"""Worker jobs (`job(now) -> int`). Each reminder is claimed by a compare-and-swap UPDATE on a
nullable column, so running a job twice, or two workers at once, sends it once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import Role

from .models import Agreement, AgreementStatus, Obligation, ObligationStatus
from .services.agreements import transition
from .services.mail import mail_staff_on_commit

BATCH = 200
EXPIRY_REMINDERS = ((90, "expiry_reminder_90_at"), (30, "expiry_reminder_30_at"))


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


def run_agreement_expiry(now: dt.datetime) -> int:
    """Remind 90 and 30 days before an executed agreement expires; expire it once the date passes."""
    done = 0
    today = now.date()
    for days, column in EXPIRY_REMINDERS:
        horizon = today + dt.timedelta(days=days)
        candidates = Agreement.objects.filter(
            status=AgreementStatus.FULLY_EXECUTED, expiry_date__lte=horizon, expiry_date__gte=today,
            **{f"{column}__isnull": True},
        ).values_list("pk", flat=True)[:BATCH]  # fmt: skip
        for pk in list(candidates):
            with transaction.atomic():
                if not Agreement.objects.filter(pk=pk, **{f"{column}__isnull": True}).update(**{column: now}):
                    continue
                a = Agreement.objects.select_related("district", "vendor").get(pk=pk)
                if days == 90 and a.expiry_date and a.expiry_date <= today + dt.timedelta(days=30):
                    # Already inside 30 days: one reminder (the 30-day one) is enough.
                    continue
                record(a.district, "agreement.expiry_reminded", actor="worker", subject=a,
                       details={"days_before": days, "expiry_date": str(a.expiry_date)})  # fmt: skip
                mail_staff_on_commit(
                    a.district, [Role.ADMIN, Role.TECHNOLOGY_DIRECTOR],
                    f"Agreement expires on {a.expiry_date:%B %d, %Y}: {a}",
                    f"“{a.title}” with {a.vendor} expires on {a.expiry_date:%B %d, %Y}. "
                    "Renew it in Vetted (Renew on the agreement's page) or let it expire.",
                    kind="agreement.expiry_reminder", key=f"agreement:{a.pk}:expiry:{days}", about=a,
                )  # fmt: skip
                done += 1
    expired = Agreement.objects.filter(
        status=AgreementStatus.FULLY_EXECUTED, expiry_date__lt=today
    ).values_list("pk", flat=True)[:BATCH]
    for pk in list(expired):
        a = Agreement.objects.select_related("district").get(pk=pk)
        local_today = timezone.localtime(now, a.district.tz).date()
        if a.expiry_date is None or a.expiry_date >= local_today:
            continue
        end = dt.datetime.combine(a.expiry_date + dt.timedelta(days=1), dt.time(0), tzinfo=a.district.tz)
        try:
            transition(a, "expire", actor="worker", at=end, system=True)
        except ValidationError:  # its status changed meanwhile
            continue
        done += 1
    return done
