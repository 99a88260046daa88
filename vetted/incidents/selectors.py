"""Reads: the students an incident affects (named, by class, by school), public postings."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vetted.districts.models import District
from vetted.rosters.models import Person

from .models import Incident


def affected_students(incident: Incident) -> QuerySet[Person]:
    """The district's enabled or not students named on the incident, enrolled in its classes, in a
    class of its schools, or whose own record names one of its schools."""
    district = incident.district
    query = (
        Q(pk__in=incident.students.values("pk"))
        | Q(enrollments__school_class__in=incident.classes.all(), enrollments__role="student")
        | Q(enrollments__school_class__school__in=incident.schools.all())
    )
    ids = Person.objects.filter(district=district, role="student").filter(query).values("pk")
    by_record = _in_schools(district, list(incident.schools.values_list("sourced_id", flat=True)))
    return Person.objects.filter(district=district, role="student").filter(
        Q(pk__in=ids) | Q(pk__in=by_record)
    )


def _in_schools(district: District, school_ids: list[str]) -> list[int]:
    """Students whose own record names one of the schools (JSON lists: read in Python, both databases)."""
    if not school_ids:
        return []
    wanted = set(school_ids)
    rows = Person.objects.filter(district=district, role="student").values_list("pk", "orgs")
    return [pk for pk, orgs in rows.iterator(chunk_size=5000) if wanted.intersection(orgs or [])]


def postings(district: District) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(district=district, posted_at__isnull=False)
        .select_related("vendor")
        .order_by("-posted_at")
    )
