"""The portal's reads: which resources a student uses (the inverse of
vetted.rosters.selectors.students_using), what each collects, its public agreement, the notices sent
about the student, the permissions given or refused, and the directory-information choice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from vetted.agreements.models import Agreement
from vetted.agreements.selectors import agreement_for_resource
from vetted.catalog.models import DataElement, DecisionStatus, Resource, ResourceDecision
from vetted.catalog.reviews import APPROVALS
from vetted.districts.models import District
from vetted.notices.consent import current
from vetted.notices.models import Consent, Notice, NoticeKind, NoticeStatus, RecipientStudent
from vetted.rosters.models import Enrollment, Person, ResourceScope

from .models import DirectoryOptOut


def resources_used_by(district: District, student: Person) -> QuerySet[ResourceDecision]:
    """The district's approval decisions whose use reaches the student, in one query: the same rule
    as students_using (an approval, not staff-only, the grade band, the scope's classes or else its
    schools, no scope: everywhere), turned around. Each decision carries its resource."""
    decisions = ResourceDecision.objects.filter(district=district, status__in=APPROVALS, staff_only=False)
    if student.district_id != district.pk or student.role != "student" or not student.enabled:
        return decisions.none()
    if student.grade is None:
        decisions = decisions.filter(grade_min__isnull=True, grade_max__isnull=True)
    else:
        decisions = decisions.filter(Q(grade_min__isnull=True) | Q(grade_min__lte=student.grade)).filter(
            Q(grade_max__isnull=True) | Q(grade_max__gte=student.grade)
        )
    classes = ResourceScope.classes.through.objects.filter(
        resourcescope__district=district, resourcescope__resource=OuterRef("resource")
    )
    schools = ResourceScope.schools.through.objects.filter(
        resourcescope__district=district, resourcescope__resource=OuterRef("resource")
    )
    own_classes = Enrollment.objects.filter(person=student, role="student").values("school_class")
    own_schools = Enrollment.objects.filter(person=student).values("school_class__school")
    decisions = decisions.annotate(
        has_classes=Exists(classes),
        in_class=Exists(classes.filter(schoolclass__in=own_classes)),
        has_schools=Exists(schools),
        in_school=Exists(schools.filter(org__in=own_schools)),
    ).filter(
        Q(has_classes=False, has_schools=False)
        | Q(has_classes=True, in_class=True)
        | Q(has_classes=False, has_schools=True, in_school=True)
    )
    return decisions.select_related("resource__vendor").order_by("resource__name", "pk")


@dataclass
class ResourceView:
    """One resource a student uses, as the family reads it."""

    decision: ResourceDecision
    elements: list[DataElement]  # empty with collection "none" or "unknown"
    collection: str  # "listed", "none" (recorded as nothing) or "unknown" (not yet recorded)
    agreement: Agreement | None
    needs_permission: bool
    permission: Consent | None = None
    notice: Notice | None = None  # the permission request the family can answer from the portal
    names: list[str] = field(default_factory=list)  # the elements' names in the reader's language

    @property
    def resource(self) -> Resource:
        return self.decision.resource


@dataclass
class ChildPage:
    student: Person
    resources: list[ResourceView] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    opted_out: bool = False


def notices_about(district: District, student: Person) -> QuerySet[Notice]:
    """The sent notices that reached this student's family (any of its recipients named the student)."""
    reached = RecipientStudent.objects.filter(district=district, student=student).values("recipient__notice")
    return Notice.objects.filter(district=district, status=NoticeStatus.SENT, pk__in=reached).order_by(
        "-sent_at", "-pk"
    )


def permission_request(notices: Iterable[Notice], resource_id: int) -> Notice | None:
    """The newest permission request about the resource among the notices the family got."""
    return next(
        (n for n in notices if n.kind == NoticeKind.PERMISSION_REQUEST and n.resource_id == resource_id), None
    )


def directory_opted_out(district: District, student_ids: Iterable[int]) -> set[int]:
    """The students whose families opted out of directory information (newest row says yes)."""
    newest = (
        DirectoryOptOut.objects.filter(district=district, student=OuterRef("student"))
        .order_by("-id")
        .values("id")[:1]
    )
    return set(
        DirectoryOptOut.objects.filter(
            district=district, student_id__in=list(student_ids), id=Subquery(newest), opted_out=True
        ).values_list("student_id", flat=True)
    )


def child_page(district: District, student: Person) -> ChildPage:
    page = ChildPage(student=student)
    page.notices = list(notices_about(district, student).select_related("resource"))
    for decision in resources_used_by(district, student).prefetch_related("resource__data_elements"):
        resource = decision.resource
        elements = sorted(resource.data_elements.all(), key=lambda e: e.name)
        needs = decision.status == DecisionStatus.APPROVED_WITH_CONSENT
        view = ResourceView(
            decision=decision,
            elements=elements,
            collection=resource.data_collection,
            agreement=agreement_for_resource(district, resource.pk),
            needs_permission=needs,
        )
        if needs:
            view.permission = current(district, resource, [student.pk]).get(student.pk)
            view.notice = permission_request(page.notices, resource.pk)
        page.resources.append(view)
    page.opted_out = student.pk in directory_opted_out(district, [student.pk])
    return page
