"""Worker job: expiry reminders (90 and 30 days before) and expiry of executed agreements. Each
reminder is claimed by vetted.kit.claims.claim_due (a compare-and-swap UPDATE on a nullable
column), so it is sent once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import Role
from vetted.kit.claims import claim_due
from vetted.outbox.services import mail_staff_on_commit

from ..models import Agreement, AgreementStatus
from ..services.agreements import transition

BATCH = 200
EXPIRY_REMINDERS = ((90, "expiry_reminder_90_at"), (30, "expiry_reminder_30_at"))


def _expiry_reminder(days: int, today: dt.date) -> Callable[[Agreement], bool]:
    def handle(a: Agreement) -> bool:
        if days == 90 and a.expiry_date and a.expiry_date <= today + dt.timedelta(days=30):
            return False  # already inside 30 days: one reminder (the 30-day one) is enough
        record(a.district, "agreement.expiry_reminded", actor="worker", subject=a,
               details={"days_before": days, "expiry_date": str(a.expiry_date)})  # fmt: skip
        mail_staff_on_commit(
            a.district, [Role.ADMIN, Role.TECHNOLOGY_DIRECTOR],
            f"Agreement expires on {a.expiry_date:%B %d, %Y}: {a}",
            f"“{a.title}” with {a.vendor} expires on {a.expiry_date:%B %d, %Y}. "
            "Renew it in Vetted (Renew on the agreement's page) or let it expire.",
            kind="agreement.expiry_reminder", key=f"agreement:{a.pk}:expiry:{days}", about=a,
        )  # fmt: skip
        return True

    return handle


def run_agreement_expiry(now: dt.datetime) -> int:
    """Remind 90 and 30 days before an executed agreement expires; expire it once the date passes."""
    done = 0
    today = now.date()
    for days, column in EXPIRY_REMINDERS:
        due = Agreement.objects.filter(
            status=AgreementStatus.FULLY_EXECUTED, expiry_date__lte=today + dt.timedelta(days=days),
            expiry_date__gte=today,
        ).select_related("district", "vendor")  # fmt: skip
        done += claim_due(due, column, now, _expiry_reminder(days, today), batch=BATCH)
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
