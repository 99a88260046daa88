"""The family portal's view of a child's directory-information disclosures, in the family's words:
what was shared (the items' names in its language), with whom, and when (the district's time zone,
named)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from vetted.districts.models import District
from vetted.kit.localtime import to_local
from vetted.notices import wording
from vetted.rosters.models import Person

from . import items, selectors


@dataclass(frozen=True)
class DisclosureLine:
    when: str
    to: str
    what: str


def when(value: dt.datetime, district: District, lang: wording.Language) -> str:
    """'December 2, 2026, 9:15 AM EST' / '2 de diciembre de 2026, 9:15 EST' (24-hour outside English)."""
    local = to_local(value, district)
    if lang.code == "en":
        clock = f"{local.hour % 12 or 12}:{local:%M} {local:%p}"
    else:
        clock = f"{local.hour}:{local:%M}"
    return f"{lang.date(local.date())}, {clock} {local:%Z}"


def lines_for(district: District, student: Person, lang: wording.Language) -> list[DisclosureLine]:
    return [
        DisclosureLine(
            when=when(row.disclosed_at, district, lang),
            to=row.recipient,
            what=lang.join([items.label(code, lang) for code in items.ordered(row.items)]),
        )
        for row in selectors.disclosures_of(district, student)[:200]
    ]


def context(district: District, student: Person, lang: wording.Language) -> dict[str, Any]:
    """What rights/directory/_portal_disclosures.html reads (the child page adds it to its context)."""
    name = student.first_name
    return {
        "disclosures": lines_for(district, student, lang),
        "disclosures_heading": lang.label("portal_disclosures", student=name),
        "disclosures_intro": lang.label("portal_disclosures_intro", student=name, zone=district.time_zone),
        "disclosures_none": lang.label("portal_disclosures_none", student=name),
    }
