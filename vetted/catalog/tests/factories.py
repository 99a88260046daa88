"""Small builders for catalogue rows in tests (through the services, so audit events exist)."""

from __future__ import annotations

from typing import Any

from vetted.catalog import services
from vetted.catalog.models import DataElement, Resource, Subject, Vendor


def vendor(tenant: Any, name: str = "Fernleaf Interactive") -> Vendor:
    found = Vendor.objects.filter(legal_name=name).first()
    return found or services.create_vendor(
        tenant.district, actor=tenant.user("admin"), data={"legal_name": name}
    )


def resource(
    tenant: Any,
    name: str,
    *,
    vendor_name: str = "Fernleaf Interactive",
    status: str | None = "approved",
    grades: tuple[int | None, int | None] = (None, None),
    elements: tuple[str, ...] = (),
    subjects: tuple[str, ...] = (),
    reason: str = "",
    description: str = "",
) -> Resource:
    made = services.create_resource(
        tenant.district,
        actor=tenant.user("admin"),
        data={"name": name, "vendor": vendor(tenant, vendor_name), "grade_min": grades[0], "grade_max": grades[1],
              "description": description},
        subjects=Subject.objects.filter(slug__in=subjects),
        data_elements=DataElement.objects.filter(code__in=elements),
    )  # fmt: skip
    if status:
        services.decide(tenant.district, made, actor=tenant.user("admin"), status=status, reason=reason)
    return made
