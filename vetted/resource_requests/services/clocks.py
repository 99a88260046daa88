"""The review clock and the reminders it drives.

`due_at` = submission + the district's review deadline in business days (weekends and the state's
public holidays skipped, via vetted.rules' business calendar); `remind_at` = the end of the business
day `reminder_business_days` before that. Both are stored once at submission. The worker claims
due rows with vetted.kit.claims.claim_due (a compare-and-swap UPDATE on the nullable
`reminder_sent_at` / `escalated_at` columns), so a restart or a second worker never sends the same
reminder twice.

The clock pauses while the committee waits for the requester's answer (`information_requested`):
the worker skips such requests, and the answer pushes `due_at` / `remind_at` later by the business
days the request waited (`resume_clock`). A reminder or escalation already sent stays sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet

from vetted.audit.services import record
from vetted.clocks.calendar import business_calendar
from vetted.districts.models import District, Membership, Role
from vetted.kit.claims import claim, claim_due
from vetted.rules import due_at

from ..models import ResourceRequest, ReviewPolicy
from ..states import CLOCK_RUNNING
from .mail import queue_mail


def review_clock(district: District, policy: ReviewPolicy, at: datetime) -> tuple[datetime, datetime]:
    """(due_at, remind_at) for a request submitted at `at`."""
    calendar = business_calendar(district)
    due = due_at(policy.review_business_days, "business_days", at, district.tz, calendar)
    lead = policy.review_business_days - policy.reminder_business_days
    remind = due_at(lead, "business_days", at, district.tz, calendar) if lead > 0 else at
    return due, remind


def business_days_between(district: District, start: datetime, end: datetime) -> int:
    """Business days after `start`'s local date up to and including `end`'s (as `due_at` counts):
    asked on Friday and answered on Monday is one day; answered the same day is none."""
    calendar = business_calendar(district)
    day, last = start.astimezone(district.tz).date(), end.astimezone(district.tz).date()
    count = 0
    while day < last:
        day += timedelta(days=1)
        count += calendar.is_business_day(day)
    return count


def resume_clock(req: ResourceRequest, now: datetime) -> dict[str, object]:
    """Push the (locked) request's deadline past the wait for the requester's answer; the caller saves.

    Returns what changed, for the audit event."""
    if req.information_requested_at is None or req.due_at is None:
        return {}
    waited = business_days_between(req.district, req.information_requested_at, now)
    old_due = req.due_at
    if waited:
        calendar = business_calendar(req.district)
        req.due_at = due_at(waited, "business_days", old_due, req.district.tz, calendar)
        # A reminder already sent is not sent again (its column stays set); only a pending one moves.
        if req.remind_at is not None and req.reminder_sent_at is None:
            req.remind_at = due_at(waited, "business_days", req.remind_at, req.district.tz, calendar)
    req.information_requested_at = None
    return {"waited_business_days": waited, "old_due_at": old_due, "new_due_at": req.due_at}


def _running() -> QuerySet[ResourceRequest]:
    return ResourceRequest.objects.filter(state__in=CLOCK_RUNNING).select_related("district")


def _claim(pk: int, column: str, now: datetime) -> bool:
    """One compare-and-swap claim of a request whose clock runs (kit.claims; for tests and callers)."""
    return claim(_running(), pk, column, now)


def _remind(req: ResourceRequest) -> None:
    waiting = [a.reviewer for a in req.assignments.select_related("reviewer") if not a.vote]
    for reviewer in waiting:
        queue_mail(req, kind="reminder", to=reviewer.email, key=f"treq-{req.pk}-reminder-{reviewer.pk}",
                   template="reminder", context={"reviewer": reviewer})  # fmt: skip
    record(req.district, "resource_request.reminder_sent", subject=req,
           details={"due_at": req.due_at, "reviewers": [r.email for r in waiting]})  # fmt: skip


def _escalate(req: ResourceRequest) -> None:
    admins = [
        m.user
        for m in Membership.objects.filter(district=req.district, role=Role.ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    ]
    for admin in admins:
        queue_mail(req, kind="overdue", to=admin.email, key=f"treq-{req.pk}-overdue-{admin.pk}",
                   template="overdue", context={"admin": admin})  # fmt: skip
    record(req.district, "resource_request.overdue", subject=req,
           details={"due_at": req.due_at, "notified": [a.email for a in admins]})  # fmt: skip


def send_reminders(now: datetime) -> int:
    """E-mail assigned reviewers who have not voted yet, once per request, before it is due."""
    return claim_due(_running().filter(remind_at__lte=now, due_at__gt=now), "reminder_sent_at", now, _remind)


def escalate_overdue(now: datetime) -> int:
    """E-mail the district's admins, once per request, when the deadline has passed."""
    return claim_due(_running().filter(due_at__lte=now), "escalated_at", now, _escalate)
