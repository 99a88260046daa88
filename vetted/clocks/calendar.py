"""A district's statutory clock: its pack stack (state pack + its own policy packs) and closure days."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from vetted.districts.models import District
from vetted.rules import (
    EVENT_NAMES,
    BusinessCalendar,
    DueTime,
    PackError,
    PackStack,
    UnknownEventError,
    compute_due_times,
    load_stack,
)

from .models import ClosureDay
from .packs import district_pack_ids


def checked_stack(district: District) -> PackStack:
    """The district's pack stack; a stack that does not load is a validation error naming the packs."""
    try:
        return load_stack(district_pack_ids(district))
    except (PackError, FileNotFoundError, KeyError, ValueError) as exc:
        raise ValidationError(
            {
                "district": f"The district's rule packs {district_pack_ids(district)} could not be loaded: {exc}"
            }
        ) from exc


def closures(district: District) -> frozenset[dt.date]:
    return frozenset(ClosureDay.objects.filter(district=district).values_list("date", flat=True))


def business_calendar(district: District) -> BusinessCalendar:
    """Weekends, the state's public holidays and the district's own closure days: every business-day
    count in the product (statutory clocks, staff-request reviews) uses this one calendar."""
    return BusinessCalendar(district.state, closures(district))


def parse_event_time(value: str) -> dt.datetime:
    """An ISO 8601 time with its offset; a naive time is refused (which zone was meant?)."""
    try:
        at = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(
            {"at": f"“{value}” is not an ISO 8601 time, e.g. 2026-03-02T09:30:00-05:00."}
        ) from exc
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError({"at": f"“{value}” has no time zone; add an offset such as -05:00 or Z (UTC)."})
    return at


def check_event_name(event: str) -> str:
    if event not in EVENT_NAMES:
        raise ValidationError({"event": f"Unknown event “{event}”. Known events: {', '.join(EVENT_NAMES)}."})
    return event


def due_times(district: District, event: str, at: dt.datetime) -> tuple[DueTime, ...]:
    """Every due time `event` at `at` starts for the district. Raises ValidationError for bad input."""
    check_event_name(event)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError({"at": "The time has no time zone; add an offset such as -05:00 or Z."})
    try:
        return compute_due_times(checked_stack(district), event, at, district.tz, closures(district))
    except UnknownEventError as exc:
        raise ValidationError({"event": str(exc)}) from exc
