"""Ids read from what a visitor sends: only plain digits within the database's integer range.

Django protects `pk=<huge>` lookups, but not lookups through a foreign key (`resource_id=<huge>`):
SQLite raises OverflowError there. `str.isdigit()` also accepts "²", which `int()` refuses. Every id
taken from a URL, a query string or a form goes through `parse_id`, so neither reaches a query.
"""

from __future__ import annotations

import re

# The widest id column (BigAutoField) on either database: a signed 64-bit integer.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """The id `value` names, or None when it is not one (not ASCII digits, or out of range)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None
