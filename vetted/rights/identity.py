"""Who a family member is, and for which students they may act: the one identity layer every page of
the family portal (and every later rights slice: requests, directory information) builds on.

A *family member* is a roster `Person` of the district who signed in with a one-time code
(vetted.rights.services.codes): a guardian (role parent, guardian or relative) linked to students
through `GuardianLink`, or an *eligible* student acting for themselves. No Django user is made; the
session holds the person's id and district under `SESSION_KEY`, separate from staff sign-in.

Who may act for whom (34 CFR 99.3, 99.5: the rights pass to the student at the pack stack's
eligible age, 18 under FERPA):

- an eligible student acts for themselves only;
- a guardian acts for each linked, enabled student who is not eligible; for an eligible child the
  guardian is refused (`ChildAccess.may_act` is False, `reason` "eligible"), and the page says so.

Public API:

- `signed_in_family(request, district) -> FamilyMember | None`  (also refreshes the idle clock)
- `sign_in(request, person)`, `sign_out(request)`
- `children_of(member) -> QuerySet[Person]`  the students the member may act for
- `family_of(member) -> list[ChildAccess]`    every linked student, with may_act and the reason
- `child_for(member, student_id) -> ChildAccess | None`  one linked student (may_act says if), else None
- `eligible_age(district)`, `is_eligible(student, district)`, `may_sign_in(person, district)`
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from vetted.clocks.packs import district_stack
from vetted.districts.models import District
from vetted.kit.localtime import to_local
from vetted.rosters.models import Person

SESSION_KEY = "vetted_family"
GUARDIAN_ROLES = ("parent", "guardian", "relative")
IDLE_SECONDS = 30 * 60  # a family session ends after 30 minutes without a page
FEDERAL_AGE = 18  # 34 CFR 99.3, used only if no pack in the stack sets an age


@dataclass(frozen=True)
class FamilyMember:
    person: Person
    district: District

    @property
    def is_student(self) -> bool:
        return self.person.role == "student"

    @property
    def language(self) -> str:
        return self.person.language


@dataclass(frozen=True)
class ChildAccess:
    student: Person
    may_act: bool
    reason: str = ""  # "" when may_act; "eligible": the rights are the student's own now


def eligible_age(district: District) -> int:
    found = district_stack(district).eligible_student()
    return found[0] if found else FEDERAL_AGE


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def today_in(district: District) -> dt.date:
    return to_local(timezone.now(), district).date()


def is_eligible(student: Person, district: District, *, age: int | None = None) -> bool:
    """Whether the student has reached the eligible age. An unknown birth date: not eligible (the
    roster does not say, so the parents keep the rights and the student cannot sign in alone)."""
    if student.birth_date is None:
        return False
    return age_on(student.birth_date, today_in(district)) >= (
        age if age is not None else eligible_age(district)
    )


def may_sign_in(person: Person, district: District) -> bool:
    """An enabled guardian of at least one student, or an enabled eligible student, of this district."""
    if person.district_id != district.pk or not person.enabled:
        return False
    if person.role in GUARDIAN_ROLES:
        return person.student_links.filter(student__enabled=True).exists()
    if person.role == "student":
        return is_eligible(person, district)
    return False


def sign_in(request: HttpRequest, person: Person) -> None:
    """Start a family session (a new session key, as at any sign-in)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"person": person.pk, "district": person.district_id, "seen": time.time()}


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def signed_in_family(request: HttpRequest, district: District) -> FamilyMember | None:
    """The family member signed in for this district, or None (not signed in, another district's
    session, idle too long, or no longer someone who may sign in)."""
    data: Any = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("district") != district.pk:
        return None
    seen = data.get("seen")
    if not isinstance(seen, (int, float)) or time.time() - seen > IDLE_SECONDS:
        request.session.pop(SESSION_KEY, None)
        return None
    person_id = data.get("person")
    if not isinstance(person_id, int):
        return None
    person = Person.objects.filter(pk=person_id, district=district).first()
    if person is None or not may_sign_in(person, district):
        request.session.pop(SESSION_KEY, None)
        return None
    data["seen"] = time.time()
    request.session[SESSION_KEY] = data
    return FamilyMember(person=person, district=district)


def _linked(member: FamilyMember) -> QuerySet[Person]:
    if member.is_student:
        return Person.objects.filter(pk=member.person.pk, district=member.district)
    return Person.objects.filter(
        district=member.district, role="student", enabled=True, guardian_links__guardian=member.person
    ).distinct()


def family_of(member: FamilyMember) -> list[ChildAccess]:
    """Every student linked to the member (the member themselves for a student), in name order, with
    whether the member may act for them."""
    students = list(_linked(member).order_by("given_name", "family_name", "pk"))
    if member.is_student:
        return [ChildAccess(s, True) for s in students]
    age = eligible_age(member.district)
    return [
        ChildAccess(s, False, "eligible")
        if is_eligible(s, member.district, age=age)
        else ChildAccess(s, True)
        for s in students
    ]


def children_of(member: FamilyMember) -> QuerySet[Person]:
    """The students the member may act for: the student themselves, or a guardian's linked students
    who are not eligible."""
    ids = [c.student.pk for c in family_of(member) if c.may_act]
    return Person.objects.filter(pk__in=ids, district=member.district)


def child_for(member: FamilyMember, student_id: int | None) -> ChildAccess | None:
    """The member's access to one linked student (may_act False for an eligible child), or None when
    the student is not theirs (another family's, another district's, unknown)."""
    if student_id is None:
        return None
    return next((c for c in family_of(member) if c.student.pk == student_id), None)
