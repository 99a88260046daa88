"""RFC 5545 iCalendar text for obligations: escaped values, CRLF lines folded at 75 octets.

Times: DTSTART stays in UTC ('Z', RFC 5545 3.3.5 form #2), which every calendar program converts
to its user's zone, so no VTIMEZONE is needed and nothing can disagree with the tz database. The
district's own wall-clock time, with its zone named, opens the DESCRIPTION, because that is the
time the law and the district mean ("Sat Dec 5, 2026 11:59 PM EST (America/New_York)"), and a
reader in another zone must see it too. X-WR-TIMEZONE names the district's zone for the programs
that read it. The item's page is both the URL property and the DESCRIPTION's last line: several
calendar programs show no URL property.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from vetted.kit.localtime import format_local

from .models import Obligation


def escape(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # continuation lines start with one space
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def item_url(path: str) -> str:
    """The item's page, absolute (RFC 5545 3.8.4.6 URL is a URI, not TEXT: not escaped)."""
    return settings.SITE_URL.rstrip("/") + path


def calendar(
    name: str, obligations: Iterable[Obligation], *, host: str, now: dt.datetime, time_zone: str = ""
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vetted//Obligations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        *([f"X-WR-TIMEZONE:{time_zone}"] if time_zone else []),
    ]
    for o in obligations:
        zone = time_zone or o.district.time_zone
        description = (
            f"Due: {format_local(o.due_at, zone)} ({zone})\n"
            f"{o.description}\nWho acts: {o.actor}. Who is told: {o.recipient}.\n"
            f"Citation: {o.citation} (rule pack {o.decided_by})"
            + (f"\nOpen it: {item_url(o.subject_path)}" if o.subject_path else "")
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:obligation-{o.pk}@{host}",
            f"DTSTAMP:{utc(now)}",
            f"DTSTART:{utc(o.due_at)}",
            f"SUMMARY:{escape(f'{o.title}: {o.subject_label}')}",
            f"DESCRIPTION:{escape(description)}",
            *([f"URL:{item_url(o.subject_path)}"] if o.subject_path else []),
            f"STATUS:{'CONFIRMED' if o.status == 'open' else 'CANCELLED'}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
