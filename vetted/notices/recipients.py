"""Who a notice goes to, from the students it concerns: each guardian address once (naming all of
its children among them), each student's own address when asked, and a printed letter for every
student none of whose guardians can be e-mailed. Plain rows, no model objects: a notice may
concern 100,000 families."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from vetted.rosters.models import GuardianLink, Person

from .wording import DEFAULT_LANGUAGE, normalize_language

CHUNK = 5000  # student ids per IN (…) list: under SQLite's and PostgreSQL's parameter limits


@dataclass
class Planned:
    channel: str  # "email" or "letter"
    email: str
    name: str
    language: str
    person_id: int | None
    student_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Student:
    id: int
    first_name: str
    full_name: str
    email: str
    language: str


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_students(students: QuerySet[Person]) -> dict[int, Student]:
    rows = students.order_by().values_list(
        "id", "given_name", "preferred_given_name", "family_name", "email", "language"
    )
    return {
        pk: Student(pk, preferred or given, f"{preferred or given} {family}".strip(), (email or "").strip(),
                    normalize_language(lang))
        for pk, given, preferred, family, email, lang in rows.iterator(chunk_size=CHUNK)
    }  # fmt: skip


def plan(students: dict[int, Student], *, include_students: bool, available: set[str]) -> list[Planned]:
    """The recipients, in a stable order. A language the district has no text for falls back to
    English; a guardian without a recorded language takes their first child's."""

    def usable(code: str) -> str:
        return code if code in available else DEFAULT_LANGUAGE

    by_email: dict[str, Planned] = {}
    emailed_students: set[int] = set()
    for ids in _chunks(sorted(students)):
        links = GuardianLink.objects.filter(student_id__in=ids, guardian__enabled=True).values_list(
            "student_id", "guardian_id", "guardian__email", "guardian__given_name", "guardian__family_name",
            "guardian__language",
        )  # fmt: skip
        for student_id, guardian_id, email, given, family, lang in links.order_by(
            "student_id", "guardian_id"
        ):
            address = (email or "").strip()
            if not address or "@" not in address:
                continue
            key = address.lower()
            entry = by_email.get(key)
            if entry is None:
                code = normalize_language(lang) or students[student_id].language
                entry = by_email[key] = Planned("email", address, f"{given} {family}".strip(),
                                                usable(code), guardian_id)  # fmt: skip
            if student_id not in entry.student_ids:
                entry.student_ids.append(student_id)
            emailed_students.add(student_id)
    planned = list(by_email.values())
    if include_students:
        for s in students.values():
            if s.email and "@" in s.email and s.email.lower() not in by_email:
                planned.append(Planned("email", s.email, s.full_name, usable(s.language), s.id, [s.id]))
    for s in students.values():
        if s.id not in emailed_students:
            planned.append(Planned("letter", "", s.full_name, usable(s.language), None, [s.id]))
    return planned
