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
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from vetted.audit.services import record
from vetted.clocks.calendar import business_calendar, due_times
from vetted.clocks.models import ObligationStatus
from vetted.clocks.selectors import about
from vetted.clocks.services import close_about, move_obligation, remind_time, start_obligation
from vetted.districts.models import District, Membership, Role
from vetted.kit.claims import claim, claim_due
from vetted.rules import DueTime, due_at

from ..models import ResourceRequest, ReviewPolicy
from ..states import CLOCK_RUNNING, State
from .mail import queue_mail

SUBMITTED = "resource_request.submitted"
COMMITTEE_REVIEW = "committee_review"
CHASED_BY = "resource_requests"  # this app's job reminds the reviewers and escalates (below)


def _settings_due(district: District, policy: ReviewPolicy, at: datetime, stricter: bool) -> DueTime:
    days = policy.review_business_days
    where = "District review settings in Vetted (staff requests, Settings)"
    return DueTime(
        deadline_id=COMMITTEE_REVIEW, condition=None,
        description="The technology committee reviews the staff request and decides it, with its reason.",
        actor="district", recipient="staff",
        due_at=due_at(days, "business_days", at, district.tz, business_calendar(district)),
        duration=days, unit="business_days",
        citation=f"{where}: {days} business days" + (", stricter than the policy pack" if stricter else ""),
        decided_by="review settings", overridden=(),
        note=None if stricter else "The district's rule packs set no committee review time.",
    )  # fmt: skip


def review_due(district: District, policy: ReviewPolicy, at: datetime) -> DueTime:
    """The committee's deadline for a request submitted at `at`, with its citation.

    A district policy pack may set it (`committee_review` after `resource_request.submitted`, e.g.
    demo-ct-2017); the review settings (ReviewPolicy, default 10 business days) set it for a
    district whose packs do not. Where both do, the earlier due time wins and a tie goes to the
    pack: the settings may make the committee quicker than the adopted policy, never slower."""
    pack = [
        d for d in due_times(district, SUBMITTED, at) if d.deadline_id == COMMITTEE_REVIEW and not d.condition
    ]
    settings = _settings_due(district, policy, at, stricter=bool(pack))
    return min([*pack, settings], key=lambda d: (d.due_at, d is settings))


def _remind_at(district: District, policy: ReviewPolicy, at: datetime, due: DueTime) -> datetime:
    """The end of the business day `reminder_business_days` before the deadline (at once if the
    lead is longer than the deadline)."""
    if due.unit != "business_days":
        return remind_time(at, due.due_at)
    lead = due.duration - policy.reminder_business_days
    return due_at(lead, "business_days", at, district.tz, business_calendar(district)) if lead > 0 else at


def review_clock(district: District, policy: ReviewPolicy, at: datetime) -> tuple[datetime, datetime]:
    """(due_at, remind_at) for a request submitted at `at`."""
    due = review_due(district, policy, at)
    return due.due_at, _remind_at(district, policy, at, due)


def start_review_clock(
    req: ResourceRequest, policy: ReviewPolicy, now: datetime, *, actor: Any
) -> tuple[datetime, datetime]:
    """On submission: the committee's deadline becomes an open obligation about the request (on the
    obligations page and in the calendar feed, with its citation). Returns (due_at, remind_at) for
    the request, read from that obligation so the two never disagree."""
    due = review_due(req.district, policy, now)
    obligation = start_obligation(
        req.district, SUBMITTED, now, due, subject=req, actor=actor,
        subject_path=reverse("request-detail", args=[req.district.slug, req.pk]),
        remind_at=_remind_at(req.district, policy, now, due), chased_by=CHASED_BY,
    )  # fmt: skip
    return obligation.due_at, obligation.remind_at


def close_review_clock(req: ResourceRequest, *, actor: Any) -> None:
    """The request was decided (the duty is done) or withdrawn (waived: nothing left to review)."""
    if req.state == State.WITHDRAWN:
        status, reason = ObligationStatus.WAIVED, "The requester withdrew the request."
    else:
        status, reason = ObligationStatus.DONE, f"Decided: {req.get_outcome_display()}"
    close_about(req, kinds=[COMMITTEE_REVIEW], status=status, actor=actor, reason=reason)


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
    if waited:
        for o in about(req).filter(kind=COMMITTEE_REVIEW, status=ObligationStatus.OPEN):
            move_obligation(o, due_at=req.due_at, remind_at=req.remind_at or o.remind_at, actor=req.requester,
                            details={"waited_business_days": waited, "reason": "the requester answered the committee's question"})  # fmt: skip
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
