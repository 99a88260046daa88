"""Verbs on the catalogue. Each runs in one transaction and writes its audit event there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District

from .models import DataElement, DecisionStatus, Resource, ResourceDecision, Subject, Vendor

VENDOR_FIELDS = (
    "legal_name",
    "website",
    "privacy_contact_name",
    "privacy_contact_email",
    "security_contact_email",
)
RESOURCE_FIELDS = (
    "name", "vendor", "url", "description", "grade_min", "grade_max", "student_accounts_required",
    "mobile_app", "under_13_users", "privacy_policy_url", "terms_url",
)  # fmt: skip


def _changes(obj: Any, data: dict[str, Any], fields: Iterable[str]) -> dict[str, list[Any]]:
    """Apply `data` to `obj`; return {field: [old, new]} for what actually changed."""
    changed: dict[str, list[Any]] = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(obj, field), data[field]
        if old != new:
            changed[field] = [str(old) if old is not None else None, str(new) if new is not None else None]
            setattr(obj, field, new)
    return changed


def _full_clean(obj: Any) -> None:
    # Model validation (lengths, URLs, uniqueness) so the API and forms give the same messages.
    obj.full_clean()


@transaction.atomic
def create_vendor(district: District, *, actor: Any, data: dict[str, Any]) -> Vendor:
    vendor = Vendor(**{k: v for k, v in data.items() if k in VENDOR_FIELDS})
    _full_clean(vendor)
    vendor.save()
    record(district, "vendor.created", actor=actor, subject=vendor, details={"legal_name": vendor.legal_name})
    return vendor


@transaction.atomic
def update_vendor(district: District, vendor: Vendor, *, actor: Any, data: dict[str, Any]) -> Vendor:
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    changed = _changes(vendor, data, VENDOR_FIELDS)
    if changed:
        _full_clean(vendor)
        vendor.save()
        if "legal_name" in changed:
            for resource in vendor.resources.all():
                resource.save(update_fields=["search_text"])
        record(district, "vendor.updated", actor=actor, subject=vendor, details={"changed": changed})
    return vendor


def _set_relations(
    resource: Resource, subjects: Iterable[Subject] | None, elements: Iterable[DataElement] | None
) -> dict[str, list[str]]:
    changed: dict[str, list[str]] = {}
    if subjects is not None:
        new = sorted(s.name for s in subjects)
        if new != sorted(resource.subjects.values_list("name", flat=True)):
            resource.subjects.set(list(subjects))
            changed["subjects"] = new
    if elements is not None:
        new = sorted(e.code for e in elements)
        if new != sorted(resource.data_elements.values_list("code", flat=True)):
            resource.data_elements.set(list(elements))
            changed["data_elements"] = new
    return changed


@transaction.atomic
def create_resource(
    district: District,
    *,
    actor: Any,
    data: dict[str, Any],
    subjects: Iterable[Subject] = (),
    data_elements: Iterable[DataElement] = (),
) -> Resource:
    resource = Resource(**{k: v for k, v in data.items() if k in RESOURCE_FIELDS})
    _full_clean(resource)
    resource.save()
    _set_relations(resource, list(subjects), list(data_elements))
    record(
        district,
        "resource.created",
        actor=actor,
        subject=resource,
        details={
            "vendor": resource.vendor.legal_name,
            "data_elements": sorted(e.code for e in data_elements),
        },
    )
    return resource


@transaction.atomic
def update_resource(
    district: District,
    resource: Resource,
    *,
    actor: Any,
    data: dict[str, Any],
    subjects: Iterable[Subject] | None = None,
    data_elements: Iterable[DataElement] | None = None,
) -> Resource:
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    changed: dict[str, Any] = _changes(resource, data, RESOURCE_FIELDS)
    if changed:
        _full_clean(resource)
        resource.save()
    changed.update(
        _set_relations(
            resource,
            list(subjects) if subjects is not None else None,
            list(data_elements) if data_elements is not None else None,
        )
    )
    if changed:
        record(district, "resource.updated", actor=actor, subject=resource, details={"changed": changed})
    return resource


REASON_REQUIRED = {DecisionStatus.NOT_APPROVED, DecisionStatus.RETIRED}


@transaction.atomic
def decide(
    district: District,
    resource: Resource,
    *,
    actor: Any,
    status: str,
    grade_min: int | None = None,
    grade_max: int | None = None,
    conditions: str = "",
    reason: str = "",
    internal_notes: str = "",
) -> ResourceDecision:
    """Record (or change) the district's decision on a resource."""
    if status not in DecisionStatus.values:
        raise ValidationError({"status": f"“{status}” is not a valid status."})
    if status in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": "Give a reason: staff and families will read it."})
    if grade_min is None and grade_max is None:
        # The district approves the resource's own band unless it narrows it.
        grade_min, grade_max = resource.grade_min, resource.grade_max
    decision, created = ResourceDecision.objects.select_for_update().get_or_create(
        district=district, resource=resource
    )
    before = {
        "status": decision.status if not created else None,
        "grade_min": decision.grade_min,
        "grade_max": decision.grade_max,
    }
    decision.status = status
    decision.grade_min, decision.grade_max = grade_min, grade_max
    decision.conditions, decision.reason, decision.internal_notes = conditions, reason, internal_notes
    if status != DecisionStatus.PENDING:
        decision.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        decision.decided_at = timezone.now()
    decision.full_clean(exclude=["district", "resource"])
    decision.save()
    record(
        district,
        "resource.decided",
        actor=actor,
        subject=decision,
        details={
            "resource_id": resource.pk,
            "resource": resource.name,
            "before": before,
            "status": status,
            "grade_min": grade_min,
            "grade_max": grade_max,
            "reason": reason,
        },
    )
    return decision
