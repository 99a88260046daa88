"""Reading OneRoster values as real exports write them: ISO dates and US ones (1/05/2023),
booleans in any case, lists separated by commas."""

from __future__ import annotations

import datetime as dt
import re

US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE, FALSE = frozenset({"true", "t", "yes", "y", "1"}), frozenset({"false", "f", "no", "n", "0"})


class ValueProblem(ValueError):
    """A value that cannot be read; the message is for the person who fixes the file."""


def parse_date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    us = US_DATE.match(value)
    try:
        if us:
            month, day, year = (int(g) for g in us.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueProblem(f"“{value}” is not a date (write 2023-01-05 or 1/05/2023)") from None


def parse_datetime(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        day = parse_date(value)  # some exports write a bare date here
        if day is None:
            return None
        parsed = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_bool(value: str, default: bool | None = None) -> bool | None:
    word = value.strip().lower()
    if not word:
        return default
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueProblem(f"“{value}” is not true or false")


def parse_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
