"""Approvals are looked at again: each approval's review-by date, its obligation, and the agenda.

When a district approves a resource (or approves it with parental permission), `after_decision`
opens an ApprovalReview: the approval's term, ending on its review-by day. The review-by day comes
from, in order:

1. the district's own rule packs (`decision_review` after `resource.decided`, e.g. demo-ct-2017:
   365 calendar days), where the review settings may only make it sooner, as with the committee's
   request deadline (resource_requests.services.clocks): an adopted policy is not loosened by a
   setting;
2. otherwise the district's review settings (`ReviewSchedule.interval_days`, on Settings);
3. otherwise yearly (365 calendar days): no statute sets an interval; it is the seed districts'
   practice ("annually reviews data privacy").

The review is a clocks Obligation about the ApprovalReview (on the obligations page and in the
calendar feed), linking to the staff decision page. Deciding the resource again (any status) is the
review: it closes the open term and its obligation; a new approval opens the next term. Retiring a
resource waives the review instead (nothing is left to look at).

The agenda (`agenda`) lists the open terms whose review-by day falls on or before the committee's
next meeting (ReviewSchedule.meeting_dates), or within the next 30 days when no meeting is entered,
with what changed since the approval: the data the resource collects, and its agreements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.calendar import due_times
from vetted.clocks.models import ObligationStatus
from vetted.clocks.services import close_about, start_obligation
from vetted.districts.models import District
from vetted.rules import DueTime, due_at

from .models import ApprovalReview, DataElement, DecisionStatus, Resource, ResourceDecision, ReviewSchedule

EVENT = "resource.decided"
KIND = "decision_review"
DEFAULT_DAYS = 365
AGENDA_DAYS_WITHOUT_MEETING = 30
APPROVALS = frozenset({DecisionStatus.APPROVED, DecisionStatus.APPROVED_WITH_CONSENT})
DESCRIPTION = (
    "The technology committee looks again at this approval: is the resource still used, has the data it "
    "collects or its agreement changed, and does the approval still stand?"
)


# --- settings --------------------------------------------------------------------------------


def schedule_for(district: District) -> ReviewSchedule:
    """The district's review settings; an unsaved row with the defaults when none was saved."""
    return ReviewSchedule.objects.filter(district=district).first() or ReviewSchedule(district=district)


def parse_meeting_dates(text: str) -> list[dt.date]:
    """One ISO date (YYYY-MM-DD) per line or separated by commas; sorted, without repeats."""
    dates: set[dt.date] = set()
    bad: list[str] = []
    for part in text.replace(",", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        try:
            dates.add(dt.date.fromisoformat(part))
        except ValueError:
            bad.append(part)
    if bad:
        raise ValidationError(f"Not a date: {', '.join(bad[:5])}. Write each as YYYY-MM-DD, e.g. 2027-01-12.")
    if len(dates) > 200:
        raise ValidationError("List at most 200 meeting dates.")
    return sorted(dates)


@transaction.atomic
def update_schedule(
    district: District, *, actor: Any, interval_days: int | None, meeting_dates: list[dt.date]
) -> ReviewSchedule:
    """Change how often approvals are reviewed and when the committee meets; audited with before/after.

    A new interval applies to approvals from now on; review-by days already set stay as they are."""
    schedule = ReviewSchedule.objects.select_for_update().filter(district=district).first()
    schedule = schedule or ReviewSchedule(district=district)
    dates = [d.isoformat() for d in sorted(set(meeting_dates))]
    after: dict[str, Any] = {"interval_days": interval_days, "meeting_dates": dates}
    before = {"interval_days": schedule.interval_days, "meeting_dates": list(schedule.meeting_dates or [])}
    if schedule.pk and before == after:
        return schedule
    schedule.interval_days, schedule.meeting_dates = interval_days, dates
    schedule.full_clean(exclude=["district"])
    schedule.save()
    record(district, "review_schedule.updated", actor=actor, subject=schedule,
           details={"before": before, "after": after})  # fmt: skip
    return schedule


# --- the review-by day -----------------------------------------------------------------------


def _due(
    district: District, at: dt.datetime, days: int, citation: str, decided_by: str, note: str | None
) -> DueTime:
    return DueTime(
        deadline_id=KIND, condition=None, description=DESCRIPTION, actor="district", recipient="staff",
        due_at=due_at(days, "calendar_days", at, district.tz), duration=days, unit="calendar_days",
        citation=citation, decided_by=decided_by, overridden=(), note=note,
    )  # fmt: skip


def review_due(district: District, at: dt.datetime) -> DueTime:
    """When an approval made at `at` is to be reviewed again, with where that rule comes from."""
    pack = [d for d in due_times(district, EVENT, at) if d.deadline_id == KIND and not d.condition]
    days = schedule_for(district).interval_days
    where = "District review settings in Vetted (Settings, reviewing approvals again)"
    if days:
        setting = _due(district, at, days, f"{where}: every {days} days" + (", sooner than the policy pack" if pack else ""),
                       "review settings", None)  # fmt: skip
        # The settings may make reviews sooner than an adopted policy, never later; a tie goes to the pack.
        return min([*pack, setting], key=lambda d: (d.due_at, d is setting))
    if pack:
        return min(pack, key=lambda d: d.due_at)
    return _due(
        district, at, DEFAULT_DAYS,
        "Vetted default: yearly. No statute sets an interval; districts' data privacy teams review annually",
        "vetted default",
        "The district's rule packs and review settings set no interval; set one on the Settings page.",
    )  # fmt: skip


def _snapshot(decision: ResourceDecision) -> dict[str, Any]:
    resource = decision.resource
    return {
        "status": decision.status,
        "grade_band": decision.grade_band,
        "conditions": decision.conditions,
        "data_elements": sorted(resource.data_elements.values_list("code", flat=True)),
        "data_elements_recorded": bool(getattr(resource, "data_elements_recorded", True)),
        "agreements": _agreements(decision.district, resource),
    }


def _agreements(district: District, resource: Resource) -> list[dict[str, Any]]:
    """The district's agreements covering the resource, read through the reverse relation so this app
    does not import the agreements app (a layer above it)."""
    rel = Resource._meta.get_field("agreements")
    model: Any = rel.related_model
    if model is None or isinstance(model, str):
        return []
    rows = model.objects.filter(district=district, resources=resource).order_by("pk")
    out = []
    for a in rows:
        expiry = a.expiry_date
        if expiry is None and a.effective_date is not None:
            try:
                expiry = a.effective_date.replace(year=a.effective_date.year + 3)
            except ValueError:  # 29 February
                expiry = a.effective_date + dt.timedelta(days=365 * 3 + 1)
        out.append({"id": a.pk, "title": a.title, "status": a.status, "status_label": a.get_status_display(),
                    "expiry": expiry.isoformat() if expiry else None})  # fmt: skip
    return out


def _close_open(decision: ResourceDecision, *, actor: Any, status: str, reason: str) -> None:
    now = timezone.now()
    for term in ApprovalReview.objects.select_for_update().filter(decision=decision, closed_at__isnull=True):
        term.closed_at, term.outcome = now, reason[:200]
        term.save(update_fields=["closed_at", "outcome"])
        close_about(term, kinds=[KIND], status=status, actor=actor, reason=reason)


def after_decision(decision: ResourceDecision, *, actor: Any) -> ApprovalReview | None:
    """Called by services.decide() inside its transaction, after the decision is saved.

    Deciding again is the review: the open term closes (its obligation done; waived when the
    resource is retired). An approval opens the next term and sets `decision.review_by`."""
    status = DecisionStatus(decision.status)
    if status == DecisionStatus.RETIRED:
        _close_open(decision, actor=actor, status=ObligationStatus.WAIVED,
                    reason="Retired: the resource is no longer used, so there is nothing to review.")  # fmt: skip
    else:
        _close_open(decision, actor=actor, status=ObligationStatus.DONE,
                    reason=f"Reviewed: decided again ({status.label.lower()}).")  # fmt: skip
    if status not in APPROVALS:
        if decision.review_by is not None:
            decision.review_by = None
            decision.save(update_fields=["review_by"])
        return None
    at = decision.decided_at or timezone.now()
    due = review_due(decision.district, at)
    review_by = due.due_at.astimezone(decision.district.tz).date()
    term = ApprovalReview.objects.create(
        district=decision.district, decision=decision, approved_at=at, review_by=review_by,
        snapshot=_snapshot(decision),
    )  # fmt: skip
    decision.review_by = review_by
    decision.save(update_fields=["review_by"])
    start_obligation(
        decision.district, EVENT, at, due, subject=term, actor=actor,
        subject_path=reverse("staff-decision", args=[decision.district.slug, decision.resource_id]),
    )  # fmt: skip
    return term


# --- the agenda ------------------------------------------------------------------------------


@dataclass
class AgendaItem:
    term: ApprovalReview
    changes: list[str] = field(default_factory=list)

    @property
    def decision(self) -> ResourceDecision:
        return self.term.decision


@dataclass
class Agenda:
    today: dt.date
    until: dt.date
    meeting: dt.date | None  # the meeting the agenda is for; None: the next 30 days
    upcoming_meetings: list[dt.date]
    overdue: list[AgendaItem]
    due: list[AgendaItem]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due)


def today_in(district: District, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(district.tz).date()


def _names(codes: set[str]) -> str:
    return ", ".join(
        DataElement.objects.filter(code__in=codes).order_by("position", "name").values_list("name", flat=True)
    )


def what_changed(term: ApprovalReview, today: dt.date) -> list[str]:
    """Plain sentences on what is different since the approval (data collected, agreements, terms)."""
    decision, snap = term.decision, term.snapshot or {}
    out: list[str] = []
    before = set(snap.get("data_elements", []))
    now = set(decision.resource.data_elements.values_list("code", flat=True))
    if now - before:
        out.append(f"It now collects more: {_names(now - before)}.")
    if before - now:
        out.append(f"It no longer lists: {_names(before - now)}.")
    old = {a["id"]: a for a in snap.get("agreements", [])}
    current = _agreements(decision.district, decision.resource)
    if not current:
        out.append("No agreement with the vendor covers it.")
    for a in current:
        expiry = dt.date.fromisoformat(a["expiry"]) if a["expiry"] else None
        was = old.get(a["id"])
        if was is None:
            out.append(f"New agreement since the approval: {a['title']} ({a['status_label'].lower()}).")
        elif was["status"] != a["status"]:
            out.append(f"Agreement {a['title']} is now {a['status_label'].lower()} "
                       f"(was {was['status_label'].lower()}).")  # fmt: skip
        if expiry is not None and expiry < today:
            out.append(f"Agreement {a['title']} expired on {expiry:%B %-d, %Y}.")
        elif expiry is not None and expiry <= term.review_by + dt.timedelta(days=90):
            out.append(f"Agreement {a['title']} expires on {expiry:%B %-d, %Y}.")
    gone = set(old) - {a["id"] for a in current}
    if gone:
        out.append("An agreement it had at approval no longer covers it.")
    if decision.resource.updated_at > term.approved_at:
        out.append("The resource's details were edited after the approval.")
    return out


def agenda(district: District, *, now: dt.datetime | None = None, meeting: dt.date | None = None) -> Agenda:
    """The open approval terms to review before the next meeting (or the chosen upcoming one)."""
    today = today_in(district, now)
    upcoming = [
        d
        for d in (dt.date.fromisoformat(s) for s in schedule_for(district).meeting_dates or [])
        if d >= today
    ]
    if meeting not in upcoming:
        meeting = upcoming[0] if upcoming else None
    until = meeting or today + dt.timedelta(days=AGENDA_DAYS_WITHOUT_MEETING)
    terms = (
        open_terms(district)
        .filter(review_by__lte=until)
        .select_related("decision__resource__vendor", "decision__decided_by")
        .prefetch_related("decision__resource__data_elements")
        .order_by("review_by", "decision__resource__name", "pk")
    )
    items = [AgendaItem(t, what_changed(t, today)) for t in terms]
    return Agenda(
        today=today, until=until, meeting=meeting, upcoming_meetings=upcoming[:12],
        overdue=[i for i in items if i.term.review_by < today], due=[i for i in items if i.term.review_by >= today],
    )  # fmt: skip


def open_terms(district: District) -> models.QuerySet[ApprovalReview]:
    return ApprovalReview.objects.filter(district=district, closed_at__isnull=True)
