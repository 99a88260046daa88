"""Starting clocks (due times become Obligation rows), closing obligations, closure days, feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.rules import DueTime, compute_due_times

from . import listeners
from .calendar import checked_stack, closures, due_times
from .models import CalendarFeed, ClosureDay, Obligation, ObligationStatus, new_feed_token

ONE_DAY = dt.timedelta(days=1)
BUSINESS_DAYS = "business_days"


def remind_time(event_at: dt.datetime, due_at: dt.datetime) -> dt.datetime:
    """Remind a quarter of the window before the due time, and at least one day before it."""
    window = due_at - event_at
    lead = max(ONE_DAY, window / 4)
    return max(event_at, due_at - lead)


def _store(
    district: District,
    event: str,
    at: dt.datetime,
    due: DueTime,
    *,
    subject: models.Model,
    subject_path: str,
    remind_at: dt.datetime | None = None,
    chased_by: str = "",
) -> tuple[Obligation, bool]:
    return Obligation.objects.get_or_create(
        district=district,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        event=event,
        kind=due.deadline_id,
        condition=due.condition or "",
        defaults={
            "subject_path": subject_path[:300],
            "subject_label": str(subject)[:300],
            "description": due.description,
            "event_at": at,
            "due_at": due.due_at,
            "remind_at": remind_at or remind_time(at, due.due_at),
            "citation": due.citation[:500],
            "actor": due.actor,
            "recipient": due.recipient,
            "decided_by": due.decided_by,
            "note": (due.note or "")[:1000],
            "chased_by": chased_by[:64],
        },
    )


def _started(district: District, event: str, at: dt.datetime, subject: models.Model, actor: Any,
             created: list[Obligation]) -> None:  # fmt: skip
    if created:
        record(
            district, "obligation.started", actor=actor, subject=subject,
            details={"event": event, "at": at.isoformat(),
                     "obligations": [{"id": o.pk, "kind": o.kind, "due_at": o.due_at.isoformat(),
                                      "citation": o.citation, "decided_by": o.decided_by} for o in created]},
        )  # fmt: skip


def _require_atomic(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name}() must run inside the caller's transaction")


def start_clocks(
    district: District,
    event: str,
    at: dt.datetime,
    *,
    subject: models.Model,
    actor: Any,
    subject_path: str = "",
) -> list[Obligation]:
    """Store every due time `event` starts as an open obligation. Idempotent per subject and event.
    Then the event's listeners (clocks.listeners) run, in the same transaction."""
    _require_atomic("start_clocks")
    created: list[Obligation] = []
    for due in due_times(district, event, at):
        obligation, was_created = _store(district, event, at, due, subject=subject, subject_path=subject_path)
        if was_created:
            created.append(obligation)
    _started(district, event, at, subject, actor, created)
    listeners.announce(district, event, at, subject, actor)
    return created


def start_obligation(
    district: District,
    event: str,
    at: dt.datetime,
    due: DueTime,
    *,
    subject: models.Model,
    actor: Any,
    subject_path: str = "",
    remind_at: dt.datetime | None = None,
    chased_by: str = "",
) -> Obligation:
    """Store one due time the caller chose (e.g. the earlier of a pack line and a district setting,
    see resource_requests.services.clocks) like start_clocks' rows; the existing row if started.

    `chased_by` names the subject's app when its own job sends the reminders; this app's worker
    then leaves the obligation alone."""
    _require_atomic("start_obligation")
    obligation, created = _store(district, event, at, due, subject=subject, subject_path=subject_path,
                                 remind_at=remind_at, chased_by=chased_by)  # fmt: skip
    _started(district, event, at, subject, actor, [obligation] if created else [])
    return obligation


def hand_over(obligation: Obligation, *, chased_by: str) -> Obligation:
    """Let the subject's own app chase an open obligation a pack started (see start_obligation)."""
    _require_atomic("hand_over")
    if obligation.chased_by != chased_by[:64]:
        Obligation.objects.filter(pk=obligation.pk).update(chased_by=chased_by[:64])
        obligation.chased_by = chased_by[:64]
    return obligation


def move_obligation(
    obligation: Obligation,
    *,
    due_at: dt.datetime,
    remind_at: dt.datetime,
    actor: Any,
    details: dict[str, Any],
) -> Obligation:
    """Move an open obligation's due (and reminder) time, e.g. after its subject's clock paused.
    Audited as obligation.rescheduled with the old and new times; a sent reminder stays sent."""
    _require_atomic("move_obligation")
    o = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if o.status != ObligationStatus.OPEN or (o.due_at, o.remind_at) == (due_at, remind_at):
        return o
    old_due = o.due_at
    o.due_at, o.remind_at = due_at, remind_at
    o.save(update_fields=["due_at", "remind_at"])
    record(
        o.district, "obligation.rescheduled", actor=actor, subject=o,
        details={"kind": o.kind, "old_due_at": old_due.isoformat(), "new_due_at": due_at.isoformat(), **details},
    )  # fmt: skip
    return o


def close_about(
    subject: models.Model, *, kinds: Iterable[str], status: str, actor: Any, reason: str
) -> list[Obligation]:
    """Close the open obligations of `kinds` about `subject` (its duty was met, or ended) — each
    audited like close_obligation. `actor` may be a user or a name such as "worker"."""
    _require_atomic("close_about")
    user = actor if isinstance(actor, models.Model) else None
    rows = Obligation.objects.select_for_update().filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk), kind__in=list(kinds),
        status=ObligationStatus.OPEN,
    )  # fmt: skip
    return [close_obligation(o, actor=user, status=status, reason=reason, audit_actor=actor) for o in rows]


CLOSING = {ObligationStatus.DONE: "obligation.done", ObligationStatus.WAIVED: "obligation.waived"}


@transaction.atomic
def close_obligation(
    obligation: Obligation, *, actor: Any, status: str, reason: str, audit_actor: Any = None
) -> Obligation:
    """Mark an open obligation done or waived. A waiver needs a reason; both are audited."""
    if status not in CLOSING:
        raise ValidationError({"status": "Choose done or waived."})
    reason = (reason or "").strip()
    if status == ObligationStatus.WAIVED and not reason:
        raise ValidationError({"reason": "Say why this obligation is waived."})
    # Compare-and-swap: only an open obligation is closed, so two clicks close it once.
    now = timezone.now()
    changed = Obligation.objects.filter(pk=obligation.pk, status=ObligationStatus.OPEN).update(
        status=status, closed_at=now, closed_by=actor, close_reason=reason[:1000]
    )
    if not changed:
        raise ValidationError({"status": "This obligation is already closed."})
    obligation.refresh_from_db()
    record(
        obligation.district, CLOSING[ObligationStatus(status)], actor=audit_actor or actor, subject=obligation,
        details={"kind": obligation.kind, "due_at": obligation.due_at.isoformat(), "reason": reason,
                 "late": now > obligation.due_at},
    )  # fmt: skip
    return obligation


@transaction.atomic
def add_closure_day(district: District, *, actor: Any, date: dt.date, reason: str = "") -> Any:
    """A day the district is closed; business-day clocks skip it, and open ones spanning it move."""
    if ClosureDay.objects.filter(district=district, date=date).exists():
        raise ValidationError({"date": "That day is already listed as a closure."})
    before = closures(district)
    day = ClosureDay.objects.create(district=district, date=date, reason=reason.strip()[:200])
    record(district, "closure_day.added", actor=actor, subject=day, details={"date": date.isoformat()})
    reschedule_for_closure(district, date, before=before, after=before | {date}, actor=actor)
    return day


@transaction.atomic
def remove_closure_day(day: Any, *, actor: Any) -> None:
    """The district is open after all: open business-day clocks spanning the day move back."""
    district, date = day.district, day.date
    before = closures(district)
    record(district, "closure_day.removed", actor=actor, subject=day, details={"date": date.isoformat()})
    day.delete()
    reschedule_for_closure(district, date, before=before, after=before - {date}, actor=actor)


def reschedule_for_closure(
    district: District, date: dt.date, *, before: frozenset[dt.date], after: frozenset[dt.date], actor: Any
) -> list[Obligation]:
    """Re-run the clock for open obligations whose window covers `date`, with the new closure days.

    An obligation moves only when its stored due time is what the clock gives with the old closures
    (so a pack change or a hand-set due time is never silently rewritten here) and its rule counts
    business days. The reminder time follows; a reminder already sent stays sent (reminded_at kept).
    """
    tz = district.tz
    day_start = dt.datetime.combine(date, dt.time.min, tzinfo=tz)
    # Counting starts the day after the event, and the due time ends the last counted day.
    spanning = Obligation.objects.select_for_update().filter(
        district=district, status=ObligationStatus.OPEN, event_at__lt=day_start, due_at__gte=day_start
    )
    cache: dict[tuple[str, dt.datetime, frozenset[dt.date]], dict[tuple[str, str], DueTime]] = {}

    def clock(event: str, at: dt.datetime, days: frozenset[dt.date]) -> dict[tuple[str, str], DueTime]:
        key = (event, at, days)
        if key not in cache:
            rows = compute_due_times(checked_stack(district), event, at, tz, days)
            cache[key] = {(r.deadline_id, r.condition or ""): r for r in rows}
        return cache[key]

    moved: list[Obligation] = []
    for o in spanning:
        old = clock(o.event, o.event_at, before).get((o.kind, o.condition))
        new = clock(o.event, o.event_at, after).get((o.kind, o.condition))
        if old is None or new is None or old.due_at != o.due_at or new.due_at == o.due_at:
            continue
        if BUSINESS_DAYS not in (old.unit, new.unit):
            continue
        old_due = o.due_at
        o.due_at, o.remind_at = new.due_at, remind_time(o.event_at, new.due_at)
        o.save(update_fields=["due_at", "remind_at"])
        record(
            district, "obligation.rescheduled", actor=actor, subject=o,
            details={"kind": o.kind, "old_due_at": old_due.astimezone(tz).isoformat(),
                     "new_due_at": new.due_at.isoformat(),
                     "closure_date": date.isoformat(), "closed": date in after},
        )  # fmt: skip
        moved.append(o)
    return moved


@transaction.atomic
def regenerate_feed(district: District, user: Any) -> Any:
    """A new secret calendar link for this user and district; the old link stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user, district=district)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    record(district, "calendar_feed.regenerated", actor=user, subject=None, details={"user": user.pk})
    return feed
