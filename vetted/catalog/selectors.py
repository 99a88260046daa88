"""Reads for the catalogue and the public registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from vetted.districts.models import District

from . import registry_query, registry_rows
from .grades import parse_grade
from .models import DataElement, DecisionStatus, Resource, ResourceDecision


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
    """The district's decisions that match `filters`, in the registry's order (name, then id)."""
    return registry_query.queryset(registry_query.plan(district.pk, filters))


def registry_page(
    district: District,
    filters: RegistryFilters,
    *,
    page_size: int,
    first_page: bool,
    full: bool = False,
    tax: registry_rows.Taxonomy | None = None,
) -> registry_rows.RegistryRows:
    """A lazy list of plain rows for a paginator: one statement per page, plus a count if needed."""
    return registry_rows.RegistryRows(
        registry_query.plan(district.pk, filters),
        full=full,
        page_size=page_size,
        first_page=first_page,
        tax=tax,
    )


def registry_rows_all(district: District, filters: RegistryFilters) -> Any:
    """Every matching row, full, streamed (the CSV)."""
    return registry_rows.iterate(registry(district, filters))


def public_entry(district: District, resource_id: int) -> dict[str, Any] | None:
    """A resource's public registry entry in the district, as a plain row (one prepared statement)."""
    return registry_rows.one(district.pk, resource_id)


def with_elements(qs: QuerySet[ResourceDecision]) -> QuerySet[ResourceDecision]:
    return qs.select_related("resource", "resource__vendor").prefetch_related(
        Prefetch("resource__data_elements", queryset=DataElement.objects.order_by("position")),
        "resource__subjects",
        "elements_off",
    )


def public_decision(district: District, resource_id: int) -> ResourceDecision | None:
    return with_elements(ResourceDecision.objects.filter(district=district, resource_id=resource_id)).first()


def taxonomy() -> registry_rows.Taxonomy:
    """Data elements and subjects (the registry's option lists), cached per catalogue version."""
    return registry_rows.taxonomy()


def subject_choices() -> list[tuple[str, str]]:
    return registry_rows.taxonomy().subject_choices


def element_choices() -> list[tuple[str, str]]:
    return registry_rows.taxonomy().element_choices


def resources_for_staff(q: str = "") -> QuerySet[Resource]:
    qs = Resource.objects.select_related("vendor")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(vendor__legal_name__icontains=q))
    return qs.order_by("name")
