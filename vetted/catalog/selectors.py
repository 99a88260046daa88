"""Reads for the catalogue and the public registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from vetted.districts.models import District

from .grades import parse_grade
from .models import DataElement, DecisionStatus, Resource, ResourceDecision, Subject


@dataclass(frozen=True)
class RegistryFilters:
    q: str = ""
    vendor: str = ""
    subject: str = ""
    grade: int | None = None
    status: str = ""
    element: str = ""

    @property
    def words(self) -> list[str]:
        return self.q.lower().split()[:8]

    @classmethod
    def from_params(cls, params: dict[str, str]) -> tuple[RegistryFilters, dict[str, str]]:
        """Parse query parameters; unknown values become field errors, never exceptions."""
        errors: dict[str, str] = {}
        grade_text = (params.get("grade") or "").strip()
        grade = parse_grade(grade_text) if grade_text else None
        if grade_text and grade is None:
            errors["grade"] = "Choose a grade from PK, K or 1 to 12."
        status = (params.get("status") or "").strip()
        if status and status not in DecisionStatus.values:
            errors["status"] = "Choose one of the listed statuses."
            status = ""
        return (
            cls(
                q=(params.get("q") or "").strip()[:200],
                vendor=(params.get("vendor") or "").strip()[:200],
                subject=(params.get("subject") or "").strip()[:80],
                grade=grade,
                status=status,
                element=(params.get("element") or "").strip()[:64],
            ),
            errors,
        )


def registry(district: District, filters: RegistryFilters) -> QuerySet[ResourceDecision]:
    qs = ResourceDecision.objects.filter(district=district).select_related("resource", "resource__vendor")
    for word in filters.words:
        # Every word must appear in the name, the vendor or the description.
        qs = qs.filter(resource__search_text__contains=word)
    if filters.vendor:
        qs = qs.filter(resource__vendor__legal_name__icontains=filters.vendor)
    if filters.subject:
        qs = qs.filter(resource__subjects__slug=filters.subject)
    if filters.grade is not None:
        g = filters.grade
        qs = qs.filter(
            Q(grade_min__isnull=True) | Q(grade_min__lte=g), Q(grade_max__isnull=True) | Q(grade_max__gte=g)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.element:
        qs = qs.filter(resource__data_elements__code=filters.element)
    return qs.order_by("resource__name", "resource_id")


def with_elements(qs: QuerySet[ResourceDecision]) -> QuerySet[ResourceDecision]:
    return qs.prefetch_related(
        Prefetch("resource__data_elements", queryset=DataElement.objects.order_by("position")),
        "resource__subjects",
        "elements_off",
    )


def for_listing(qs: QuerySet[ResourceDecision]) -> QuerySet[ResourceDecision]:
    """What a page of the registry shows: element names only, no subjects, no long text."""
    return qs.defer("resource__search_text", "resource__description", "internal_notes").prefetch_related(
        Prefetch(
            "resource__data_elements", queryset=DataElement.objects.order_by("position").only("id", "name")
        ),
        Prefetch("elements_off", queryset=DataElement.objects.only("id")),
    )


def public_decision(district: District, resource_id: int) -> ResourceDecision | None:
    return (
        with_elements(ResourceDecision.objects.filter(district=district, resource_id=resource_id))
        .select_related("resource", "resource__vendor")
        .first()
    )


def subject_choices() -> list[tuple[str, str]]:
    return list(Subject.objects.order_by("name").values_list("slug", "name"))


def element_choices() -> list[tuple[str, str]]:
    return list(DataElement.objects.order_by("position").values_list("code", "name"))


def resources_for_staff(q: str = "") -> QuerySet[Resource]:
    qs = Resource.objects.select_related("vendor")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(vendor__legal_name__icontains=q))
    return qs.order_by("name")
