"""Directory information, the reads: the district's designated items, the students a request reaches
(before and after the opt-outs), a request's disclosure file, and a student's disclosures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet

from vetted.districts.models import District
from vetted.rosters.models import Enrollment, Org, Person

from ..models_directory import DirectoryDisclosure, DirectoryRequest, DirectorySettings
from ..selectors import directory_opted_out
from . import items


def settings_for(district: District) -> DirectorySettings:
    """The district's settings row, unsaved with the default items when it has none."""
    row = DirectorySettings.objects.filter(district=district).first()
    return row or DirectorySettings(district=district, items=list(items.DEFAULT))


def designated(district: District) -> list[str]:
    return items.ordered(settings_for(district).items)


def students_in_scope(request: DirectoryRequest) -> QuerySet[Person]:
    """The district's enabled students the request reaches: every one for the whole district, else
    those matching every limit that is set (schools, grades, named students). No limit: nobody."""
    district = request.district
    students = Person.objects.filter(district=district, role="student", enabled=True)
    if request.whole_district:
        return students
    schools = list(request.schools.all())
    named = list(request.students.values_list("pk", flat=True))
    if not (schools or request.grades or named):
        return students.none()
    if schools:
        by_class = Enrollment.objects.filter(
            district=district, role="student", school_class__school__in=schools
        ).values("person_id")
        wanted = {s.sourced_id for s in schools}
        by_record = [
            pk for pk, orgs in students.values_list("pk", "orgs").iterator(chunk_size=5000)
            if wanted.intersection(orgs or [])
        ]  # fmt: skip
        students = students.filter(Q(pk__in=by_class) | Q(pk__in=by_record))
    if request.grades:
        students = students.filter(grade__in=request.grades)
    if named:
        students = students.filter(pk__in=named)
    return students


@dataclass(frozen=True)
class Scope:
    included: list[int]  # student ids, in id order
    excluded: int  # opted out: how many, never who


def split_scope(request: DirectoryRequest) -> Scope:
    """The students in scope, less every student whose current choice is opted out."""
    ids = sorted(students_in_scope(request).values_list("pk", flat=True))
    out = directory_opted_out(request.district, ids)
    return Scope([pk for pk in ids if pk not in out], len(out))


def disclosure_rows(request: DirectoryRequest) -> Iterator[list[str]]:
    """The disclosure file's rows: one per student disclosed, the requested items only, in the
    law's order (items.ordered), with what the roster holds and empty cells for the rest."""
    codes = items.ordered(request.items)
    district = request.district
    disclosed = DirectoryDisclosure.objects.filter(district=district, request=request).values("student_id")
    students = Person.objects.filter(district=district, pk__in=disclosed).order_by(
        "family_name", "given_name", "pk"
    )
    schools = dict(Org.objects.filter(district=district).values_list("sourced_id", "name"))
    first_days = {
        row["person_id"]: row["first"].isoformat()
        for row in Enrollment.objects.filter(district=district, person__in=students, begin_date__isnull=False)
        .values("person_id").annotate(first=Min("begin_date"))
    }  # fmt: skip
    facts = items.RosterFacts(schools, first_days)
    for student in students.iterator(chunk_size=2000):
        yield [facts.value(code, student) for code in codes]


def disclosures_of(district: District, student: Person) -> QuerySet[DirectoryDisclosure]:
    """A student's disclosures, newest first (the portal's list)."""
    return DirectoryDisclosure.objects.filter(district=district, student=student).order_by(
        "-disclosed_at", "-pk"
    )


def requests_for(district: District) -> QuerySet[DirectoryRequest]:
    return DirectoryRequest.objects.filter(district=district)
