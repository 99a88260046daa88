"""Who uses what: from a decision (its status, grade band, staff-only) and its scope (schools or
classes) to the students who use a resource, and from them to their guardians."""

from __future__ import annotations

from django.db.models import QuerySet

from vetted.catalog.models import Resource, ResourceDecision
from vetted.catalog.reviews import APPROVALS
from vetted.districts.models import District

from .models import Person, ResourceScope


def students_using(district: District, resource: Resource) -> QuerySet[Person]:
    """The district's enabled students who use the resource. None when it is not approved here or is
    for staff only. A band on the decision leaves out students whose grade the roster does not say."""
    decision = ResourceDecision.objects.filter(
        district=district, resource=resource, status__in=APPROVALS
    ).first()
    if decision is None or decision.staff_only:
        return Person.objects.none()
    students = Person.objects.filter(district=district, role="student", enabled=True)
    if decision.grade_min is not None:
        students = students.filter(grade__gte=decision.grade_min)
    if decision.grade_max is not None:
        students = students.filter(grade__lte=decision.grade_max)
    scope = ResourceScope.objects.filter(district=district, resource=resource).first()
    if scope is not None:
        classes, schools = list(scope.classes.all()), list(scope.schools.all())
        if classes:
            students = students.filter(enrollments__school_class__in=classes, enrollments__role="student")
        elif schools:
            students = students.filter(enrollments__school_class__school__in=schools)
    return students.distinct()


def guardians_of(students: QuerySet[Person]) -> QuerySet[Person]:
    return Person.objects.filter(student_links__student__in=students).distinct()
