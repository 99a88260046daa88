"""The directory-information categories a district may designate (34 CFR 99.3, "directory
information"), their names in each shipped language (labels `directory_item_<code>` in
vetted/notices/languages/<code>/language.yaml), and the values the roster holds for them.

Vetted's roster holds only some of them (name, e-mail, grade, school, first day of attendance, birth
date); the others (address, telephone, photograph, activities, ...) live in the district's student
information system, so the disclosure file leaves those columns for the district to fill from there.
"""

from __future__ import annotations

from collections.abc import Callable

from vetted.notices import wording
from vetted.rosters.models import Person

# In the order the law lists them; the district designates some (DEFAULT until it chooses).
ITEMS: tuple[str, ...] = (
    "name", "address", "phone", "email", "photo", "birth", "grade_level", "enrollment_status",
    "dates_of_attendance", "activities", "athletes", "awards", "school",
)  # fmt: skip
DEFAULT: tuple[str, ...] = (
    "name", "address", "phone", "photo", "grade_level", "dates_of_attendance", "activities", "athletes",
    "awards", "school",
)  # fmt: skip
CITATION = "34 CFR 99.3 (directory information); 34 CFR 99.37"


def label(code: str, lang: wording.Language | None = None) -> str:
    lang = lang or wording.language(wording.DEFAULT_LANGUAGE)
    return lang.label(f"directory_item_{code}")


def choices() -> list[tuple[str, str]]:
    return [(code, label(code)) for code in ITEMS]


def ordered(codes: list[str]) -> list[str]:
    """Known codes only, in the law's order, each once."""
    wanted = set(codes)
    return [code for code in ITEMS if code in wanted]


# --- what the roster holds ------------------------------------------------------------------


class RosterFacts:
    """What the roster says about students, read once per file: school names and first days."""

    def __init__(self, schools: dict[str, str], first_days: dict[int, str]) -> None:
        self.schools = schools  # org sourcedId -> name
        self.first_days = first_days  # person id -> ISO date of the earliest enrollment

    def value(self, code: str, student: Person) -> str:
        getter = _GETTERS.get(code)
        return getter(self, student) if getter else ""


def _school(facts: RosterFacts, p: Person) -> str:
    return "; ".join(facts.schools[s] for s in (p.orgs or []) if s in facts.schools)


def _attendance(facts: RosterFacts, p: Person) -> str:
    day = facts.first_days.get(p.pk)
    return f"since {day}" if day else ""


_GETTERS: dict[str, Callable[[RosterFacts, Person], str]] = {
    "name": lambda f, p: " ".join(f"{p.given_name} {p.family_name}".split()),  # a roster's newlines too
    "email": lambda f, p: p.email,
    "grade_level": lambda f, p: ", ".join(p.grades or []),
    "school": _school,
    "dates_of_attendance": _attendance,
    "birth": lambda f, p: p.birth_date.isoformat() if p.birth_date else "",
}
HELD = frozenset(_GETTERS)  # the items the roster can fill in
