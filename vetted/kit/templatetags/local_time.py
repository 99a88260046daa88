"""`{{ value|local:district }}` -> 'Sat Dec 5, 2026 11:59 PM EST', in the district's time zone.

Registered as a template builtin (settings.TEMPLATES), so every template, page or e-mail, has it.
`{{ value|local_date:district }}` gives the district's calendar day ('December 5, 2026').
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from vetted.kit import localtime
from vetted.kit.localtime import format_local, format_local_date

register = template.Library()


@register.filter
def local(value: dt.datetime | None, zone: Any) -> str:
    if not isinstance(value, dt.datetime) or not zone:
        return "" if value is None else str(value)
    return format_local(value, zone)


@register.filter
def local_date(value: dt.datetime | dt.date | None, zone: Any) -> str:
    if not isinstance(value, dt.date) or not zone:
        return "" if value is None else str(value)
    return format_local_date(value, zone)


@register.filter
def days_left(value: dt.datetime | None, zone: Any) -> str:
    """`{{ o.due_at|days_left:district }}` -> '12 days left' or 'overdue by 3 days' (district days)."""
    if not isinstance(value, dt.datetime) or not zone:
        return ""
    return localtime.days_left(value, timezone.now(), zone)
