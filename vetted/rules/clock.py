"""The statutory clock: from an event and its moment to every due time in the stack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .durations import BusinessCalendar, due_at
from .events import check_event
from .stack import PackStack


@dataclass(frozen=True)
class Overridden:
    """A layer's rule that lost to a stricter (or equal, lower-layer) rule for this event time."""

    pack_id: str
    duration: int
    unit: str
    due_at: dt.datetime
    citation: str


@dataclass(frozen=True)
class DueTime:
    deadline_id: str
    condition: str | None  # None = applies whatever data was involved
    description: str
    actor: str
    recipient: str
    due_at: dt.datetime  # aware, in the district's zone
    duration: int
    unit: str
    citation: str
    decided_by: str  # pack id whose rule set this due time
    overridden: tuple[Overridden, ...]
    note: str | None = None


def compute_due_times(
    stack: PackStack,
    event: str,
    at: dt.datetime,
    tz: str | ZoneInfo,
    closures: Iterable[dt.date] = frozenset(),
) -> tuple[DueTime, ...]:
    """Every deadline ``event`` starts at ``at``, due times in the district zone ``tz``.

    ``at`` must be timezone-aware. Business days skip weekends, the public holidays of
    the stack's state and ``closures`` (the district's own closure dates). Where layers
    set the same deadline, the earliest due time for this ``at`` wins; ties go to the
    lower layer (the law), and the losing rules are listed in ``overridden``.
    Rows are sorted by due time.
    """
    check_event(event)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"at must be timezone-aware (got naive {at.isoformat()}); "
            "attach the zone the event happened in, e.g. at.replace(tzinfo=ZoneInfo(...))"
        )
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    calendar = BusinessCalendar(stack.state, frozenset(closures))
    rows: list[DueTime] = []
    for group in stack.deadlines_for(event):
        scored = [
            (due_at(rule.deadline.duration, rule.deadline.unit, at, zone, calendar), index, rule)
            for index, rule in enumerate(group.candidates)
        ]
        best_due, best_index, best = min(scored, key=lambda item: (item[0], item[1]))
        d = best.deadline
        rows.append(
            DueTime(
                deadline_id=group.deadline_id,
                condition=group.condition,
                description=d.description,
                actor=d.actor,
                recipient=d.recipient,
                due_at=best_due,
                duration=d.duration,
                unit=d.unit,
                citation=d.citation,
                decided_by=best.pack_id,
                overridden=tuple(
                    Overridden(r.pack_id, r.deadline.duration, r.deadline.unit, due, r.deadline.citation)
                    for due, index, r in scored
                    if index != best_index
                ),
                note=d.note,
            )
        )
    rows.sort(key=lambda r: (r.due_at, r.deadline_id, r.condition or ""))
    return tuple(rows)
