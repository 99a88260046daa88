"""The incident's clocks, from the district's rule packs (clocks.calendar.due_times) and its facts.

- `breach.discovered` at the vendor's discovery starts the vendor's duties;
- `breach.reported_to_district` (the vendor told us) or `breach.discovered_by_district` (we found it)
  at the district's awareness starts every district duty: a district clock never runs from the
  vendor's discovery;
- `breach.notice_delay_ended` at the end of a law-enforcement delay starts the delayed-notice duty,
  and moves the open family-notice duties on by the length of the delay.

Which tier of a conditional deadline applies follows the data elements involved: Connecticut's
30 days for student information other than directory information, 60 days for directory
information, student records or student-generated content (the taxonomy's "Student work" category).

`recompute` stores new obligations, moves open ones whose due time changed, waives (with the reason)
open ones that no longer apply, and leaves closed ones alone: a duty already met keeps the deadline
it met. It returns, and audits, what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.urls import reverse

from vetted.audit.services import record
from vetted.catalog.models import DataElement
from vetted.clocks.calendar import due_times
from vetted.clocks.models import Obligation, ObligationStatus
from vetted.clocks.services import close_obligation, move_obligation, remind_time, start_obligation
from vetted.kit.localtime import format_local
from vetted.rules import DueTime

from ..models import Discoverer, Incident

NON_DIRECTORY = "student_information_excluding_directory"
DIRECTORY_RECORDS_CONTENT = "directory_records_or_content"
STUDENT_CONTENT_CATEGORIES = frozenset({"Student work"})

FAMILY_KINDS = (
    "district_breach_notice_to_families",
    "district_own_breach_notice_to_families",
    "delayed_breach_notice_to_families",
)
STATE_KINDS = ("district_breach_report_to_state", "district_own_breach_report_to_state")
VENDOR_NOTICE_KIND = "vendor_breach_notice_to_district"
SUBJECT_TYPE = "incidents.incident"


def conditions_for(elements: Iterable[DataElement]) -> set[str]:
    """The tiers the exposed elements fall in (both, when both kinds of data were exposed)."""
    conditions: set[str] = set()
    for element in elements:
        if element.is_directory or element.category in STUDENT_CONTENT_CATEGORIES:
            conditions.add(DIRECTORY_RECORDS_CONTENT)
        else:
            conditions.add(NON_DIRECTORY)
    return conditions


@dataclass(frozen=True)
class Planned:
    event: str
    at: dt.datetime
    due: DueTime


def delay_length(incident: Incident) -> dt.timedelta:
    start, end = incident.delay_started_at, incident.delay_ended_at
    if start is None or end is None or end <= start:
        return dt.timedelta(0)
    return end - max(start, incident.district_aware_at)


def plan(incident: Incident) -> list[Planned]:
    """Every due time the incident's facts start, from the district's packs (nothing stored)."""
    district = incident.district
    conditions = conditions_for(incident.elements.all())
    events: list[tuple[str, dt.datetime]] = []
    if incident.vendor_discovered_at is not None and incident.discovered_by == Discoverer.VENDOR:
        events.append(("breach.discovered", incident.vendor_discovered_at))
    district_event = (
        "breach.discovered_by_district" if incident.discovered_by == Discoverer.DISTRICT
        else "breach.reported_to_district"
    )  # fmt: skip
    events.append((district_event, incident.district_aware_at))
    if incident.delay_ended_at is not None:
        events.append(("breach.notice_delay_ended", incident.delay_ended_at))
    pause = delay_length(incident)
    rows: list[Planned] = []
    for event, at in events:
        for due in due_times(district, event, at):
            if due.condition is not None and due.condition not in conditions:
                continue
            if pause and event != "breach.notice_delay_ended" and due.deadline_id in FAMILY_KINDS:
                due = _shifted(due, pause)
            rows.append(Planned(event, at, due))
    return rows


def _shifted(due: DueTime, pause: dt.timedelta) -> DueTime:
    note = f"Moved on by the law-enforcement delay ({_human(pause)})."
    return replace(due, due_at=due.due_at + pause, note=f"{due.note} {note}" if due.note else note)


def _human(delta: dt.timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    if hours or not parts:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)


def obligations(incident: Incident) -> list[Obligation]:
    return list(
        Obligation.objects.filter(
            district=incident.district, subject_type=SUBJECT_TYPE, subject_id=str(incident.pk)
        ).order_by("due_at", "kind")
    )


def incident_path(incident: Incident) -> str:
    return reverse("staff-incident", args=[incident.district.slug, incident.pk])


def _label(o: Obligation | Planned) -> str:
    if isinstance(o, Planned):
        kind, condition = o.due.deadline_id, o.due.condition or ""
    else:
        kind, condition = o.kind, o.condition
    name = kind.replace("_", " ")
    return f"{name} ({condition.replace('_', ' ')})" if condition else name


def recompute(incident: Incident, *, actor: Any, why: str) -> list[str]:
    """Bring the incident's obligations in line with its facts; returns what changed, in words."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("recompute() must run inside the caller's transaction")
    district = incident.district
    tz = district.tz
    existing = {(o.event, o.kind, o.condition): o for o in obligations(incident)}
    wanted: dict[tuple[str, str, str], Planned] = {}
    for p in plan(incident):
        wanted[(p.event, p.due.deadline_id, p.due.condition or "")] = p
    changes: list[str] = []
    path = incident_path(incident)
    for key, p in wanted.items():
        o = existing.get(key)
        if o is None:
            o = start_obligation(
                district, p.event, p.at, p.due, subject=incident, actor=actor, subject_path=path
            )
            changes.append(f"New: {_label(p)}, due {format_local(o.due_at, tz)} ({p.due.citation}).")
            continue
        if o.status != ObligationStatus.OPEN:
            continue  # met or decided: it keeps the deadline it had
        if o.event_at != p.at or o.due_at != p.due.due_at:
            old = o.due_at
            if o.event_at != p.at:
                o.event_at = p.at
                o.save(update_fields=["event_at"])
            move_obligation(
                o, due_at=p.due.due_at, remind_at=remind_time(p.at, p.due.due_at), actor=actor,
                details={"incident": incident.pk, "why": why},
            )  # fmt: skip
            changes.append(
                f"Moved: {_label(p)}, from {format_local(old, tz)} to {format_local(p.due.due_at, tz)}."
            )
    for key, o in existing.items():
        if key not in wanted and o.status == ObligationStatus.OPEN:
            close_obligation(
                o, actor=actor if getattr(actor, "is_authenticated", False) else None,
                status=ObligationStatus.WAIVED, reason=f"No longer applies after new facts: {why}",
                audit_actor=actor,
            )  # fmt: skip
            changes.append(f"No longer applies: {_label(o)}.")
    record(
        district, "incident.clocks_recomputed", actor=actor, subject=incident,
        details={"why": why, "changes": changes or ["No deadline changed."]},
    )  # fmt: skip
    return changes


def vendor_notice_late(incident: Incident, rows: list[Obligation] | None = None) -> list[Obligation]:
    """The vendor's notice-to-district duties its notice missed: a contract breach the district may act on."""
    if incident.vendor_notice_at is None:
        return []
    rows = rows if rows is not None else obligations(incident)
    return [o for o in rows if o.kind == VENDOR_NOTICE_KIND and incident.vendor_notice_at > o.due_at]
