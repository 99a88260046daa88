"""The review clock and the reminders it drives.

`due_at` = submission + the district's review deadline in business days (weekends and the state's
public holidays skipped, via vetted.rules' business calendar); `remind_at` = the end of the business
day `reminder_business_days` before that. Both are stored once at submission. The worker claims
due rows with a compare-and-swap UPDATE on the nullable `reminder_sent_at` / `escalated_at`
columns, so a restart or a second worker never sends the same reminder twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from vetted.audit.services import record
from vetted.districts.models import District, Membership, Role
from vetted.rules import BusinessCalendar, due_at

from ..models import ReviewPolicy, TechRequest
from ..states import OPEN
from .mail import queue_mail


def review_clock(district: District, policy: ReviewPolicy, at: datetime) -> tuple[datetime, datetime]:
    """(due_at, remind_at) for a request submitted at `at`."""
    calendar = BusinessCalendar(district.state)
    due = due_at(policy.review_business_days, "business_days", at, district.tz, calendar)
    lead = policy.review_business_days - policy.reminder_business_days
    remind = due_at(lead, "business_days", at, district.tz, calendar) if lead > 0 else at
    return due, remind


def _claim(pk: int, column: str, now: datetime) -> bool:
    # Compare-and-swap: only the first UPDATE that finds the column empty wins.
    return bool(
        TechRequest.objects.filter(pk=pk, state__in=OPEN, **{f"{column}__isnull": True}).update(
            **{column: now}
        )
    )


def send_reminders(now: datetime) -> int:
    """E-mail assigned reviewers who have not voted yet, once per request, before it is due."""
    ids = TechRequest.objects.filter(
        state__in=OPEN, remind_at__lte=now, due_at__gt=now, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(ids[:200]):
        with transaction.atomic():
            if not _claim(pk, "reminder_sent_at", now):
                continue
            req = TechRequest.objects.select_related("district").get(pk=pk)
            waiting = [a.reviewer for a in req.assignments.select_related("reviewer") if not a.vote]
            for reviewer in waiting:
                queue_mail(req, kind="reminder", to=reviewer.email, key=f"treq-{pk}-reminder-{reviewer.pk}",
                           template="reminder", context={"reviewer": reviewer})  # fmt: skip
            record(req.district, "request.reminder_sent", subject=req,
                   details={"due_at": req.due_at, "reviewers": [r.email for r in waiting]})  # fmt: skip
            sent += 1
    return sent


def escalate_overdue(now: datetime) -> int:
    """E-mail the district's admins, once per request, when the deadline has passed."""
    ids = TechRequest.objects.filter(state__in=OPEN, due_at__lte=now, escalated_at__isnull=True).values_list(
        "pk", flat=True
    )
    escalated = 0
    for pk in list(ids[:200]):
        with transaction.atomic():
            if not _claim(pk, "escalated_at", now):
                continue
            req = TechRequest.objects.select_related("district").get(pk=pk)
            admins = [
                m.user
                for m in Membership.objects.filter(
                    district=req.district, role=Role.ADMIN, user__is_active=True
                )
                .select_related("user")
                .order_by("user__email")
            ]
            for admin in admins:
                queue_mail(req, kind="overdue", to=admin.email, key=f"treq-{pk}-overdue-{admin.pk}",
                           template="overdue", context={"admin": admin})  # fmt: skip
            record(req.district, "request.overdue", subject=req,
                   details={"due_at": req.due_at, "notified": [a.email for a in admins]})  # fmt: skip
            escalated += 1
    return escalated
