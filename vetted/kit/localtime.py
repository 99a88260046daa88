"""Times as a person reads them: in the district's time zone, with the zone named.

`zone` is a ZoneInfo, a zone name ("America/New_York") or anything with a `tz` (a District), so
this bottom layer needs no import of the tenancy app.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any


def zone_of(zone: Any) -> dt.tzinfo:
    if isinstance(zone, dt.tzinfo):
        return zone
    if isinstance(zone, str):
        return zoneinfo.ZoneInfo(zone)
    tz = getattr(zone, "tz", None)
    if isinstance(tz, dt.tzinfo):
        return tz
    name = getattr(zone, "time_zone", None)
    if isinstance(name, str):
        return zoneinfo.ZoneInfo(name)
    raise TypeError(f"not a time zone: {zone!r}")


def to_local(value: dt.datetime, zone: Any) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # the database stores UTC
    return value.astimezone(zone_of(zone))


def format_local(value: dt.datetime | None, zone: Any, *, seconds: bool = False) -> str:
    """'Sat Dec 5, 2026 11:59 PM EST' (US style: 12-hour clock, the zone's abbreviation)."""
    if value is None:
        return ""
    local = to_local(value, zone)
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local:%M}" + (f":{local:%S}" if seconds else "")
    return f"{local:%a %b} {local.day}, {local:%Y} {clock} {local:%p %Z}"


def format_local_date(value: dt.datetime | dt.date | None, zone: Any) -> str:
    """'December 5, 2026': the calendar day in the district (a UTC date can be the day after)."""
    if value is None:
        return ""
    day = to_local(value, zone).date() if isinstance(value, dt.datetime) else value
    return f"{day:%B} {day.day}, {day:%Y}"


def csv_time(value: dt.datetime | None, zone: Any, *, seconds: bool = False) -> str:
    """'2026-12-05 23:59 EST' for a CSV cell: sortable, local, the zone named."""
    if value is None:
        return ""
    local = to_local(value, zone)
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


def local_date(value: dt.datetime | None, zone: Any) -> dt.date | None:
    return to_local(value, zone).date() if value is not None else None


def days_left(due: dt.datetime, now: dt.datetime, zone: Any) -> str:
    """'12 days left', 'due today', 'overdue by 3 days': counted in the district's calendar days."""
    days = (to_local(due, zone).date() - to_local(now, zone).date()).days
    if due <= now:
        late = max(-days, 0)
        return "overdue by " + (f"{late} day{'s' if late != 1 else ''}" if late else "less than a day")
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} left"
