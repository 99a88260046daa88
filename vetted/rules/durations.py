"""Turning a duration in hours, calendar days or business days into a due time.

Semantics (documented here because the statutes rarely are):

* ``hours`` are elapsed hours: the due time is ``at`` plus N x 3600 seconds on the
  real time line, shown in the district's zone. 48 hours from 12:00 on the Saturday
  before the autumn clock change end at 11:00 local on Monday.
* ``calendar_days``: the day of the event is not counted; the deadline ends at the end
  (23:59:59 local) of the Nth calendar day after the event's local date.
* ``business_days``: the day of the event is not counted; we count forward over days
  that are not Saturday, Sunday, a public holiday of the district's state
  (``holidays.US(subdiv=state)``) or one of the district's closure dates; the deadline
  ends at 23:59:59 local on the Nth such day. An event on a weekend or holiday simply
  starts counting from the next business day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

END_OF_DAY = dt.time(23, 59, 59)


@cache
def _public_holidays(state: str | None) -> holidays.HolidayBase:
    # The object grows its year list on demand, so one per state is enough.
    # country_holidays("US") builds the same object as holidays.US() but is typed: holidays.US is
    # a lazy loader created at run time, which the type checker cannot see.
    return holidays.country_holidays("US", subdiv=state or None)


@dataclass(frozen=True)
class BusinessCalendar:
    """Which dates count as business days for one district."""

    state: str | None = None
    closures: frozenset[dt.date] = field(default_factory=frozenset)

    def is_business_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or day in self.closures:
            return False
        return day not in _public_holidays(self.state)

    def holiday_name(self, day: dt.date) -> str | None:
        return _public_holidays(self.state).get(day)


def _end_of(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=zone)


def due_at(
    duration: int, unit: str, at: dt.datetime, zone: ZoneInfo, calendar: BusinessCalendar | None = None
) -> dt.datetime:
    """When a deadline of ``duration`` ``unit`` starting at aware ``at`` falls due, in ``zone``."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be a timezone-aware datetime")
    local = at.astimezone(zone)
    if unit == "hours":
        # Arithmetic on UTC gives elapsed time across clock changes.
        return (at.astimezone(dt.UTC) + dt.timedelta(hours=duration)).astimezone(zone)
    if unit == "calendar_days":
        return _end_of(local.date() + dt.timedelta(days=duration), zone)
    if unit == "business_days":
        calendar = calendar or BusinessCalendar()
        day, counted = local.date(), 0
        while counted < duration:
            day += dt.timedelta(days=1)
            if calendar.is_business_day(day):
                counted += 1
        return _end_of(day, zone)
    raise ValueError(f"unknown unit {unit!r}; must be one of hours, calendar_days, business_days")


def elapsed_bounds(duration: int, unit: str) -> tuple[dt.timedelta, dt.timedelta | None]:
    """Shortest and longest real time a deadline can span, over every possible start time.

    Used at load time to tell "always stricter", "always looser" and "depends on when".
    """
    hour = dt.timedelta(hours=1)
    if unit == "hours":
        return duration * hour, duration * hour
    if unit == "calendar_days":
        # Start at 23:59:59 -> N days later (one hour less across a spring-forward);
        # start at 00:00:00 -> almost N+1 days (one hour more across a fall-back).
        return dt.timedelta(days=duration) - hour, dt.timedelta(days=duration + 1) + hour
    # Business days: at least N whole days (US clock changes happen on a Sunday, never
    # inside a run of consecutive business days); unbounded above (holidays, closures).
    return dt.timedelta(days=duration), None


Strictness = Literal["not_looser", "looser", "depends"]


def compare_strictness(duration: int, unit: str, base_duration: int, base_unit: str) -> Strictness:
    """Is (duration, unit) at least as strict as (base_duration, base_unit) for every start?"""
    if unit == base_unit:
        return "not_looser" if duration <= base_duration else "looser"
    low, high = elapsed_bounds(duration, unit)
    base_low, base_high = elapsed_bounds(base_duration, base_unit)
    if high is not None and high <= base_low:
        return "not_looser"
    if base_high is not None and low > base_high:
        return "looser"
    return "depends"
