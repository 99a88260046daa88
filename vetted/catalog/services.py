"""Verbs on the catalogue. Each runs in one transaction and writes its audit event there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.districts.permissions import can

from . import approval_gate, reviews
from .governance import (  # the edit verbs live with the rule that governs them (ADR 0001)
    RESOURCE_FIELDS,
    VENDOR_FIELDS,
    _full_clean,
    _set_relations,
    update_resource,
    update_vendor,
)
from .models import DataElement, DecisionStatus, Resource, ResourceDecision, Subject, Vendor

__all__ = ["create_resource", "create_vendor", "decide", "update_resource", "update_vendor"]


@transaction.atomic
def create_vendor(district: District, *, actor: Any, data: dict[str, Any]) -> Vendor:
    vendor = Vendor(**{k: v for k, v in data.items() if k in VENDOR_FIELDS})
    _full_clean(vendor)
    vendor.save()
    record(district, "vendor.created", actor=actor, subject=vendor, details={"legal_name": vendor.legal_name})
    return vendor


@transaction.atomic
def create_resource(
    district: District,
    *,
    actor: Any,
    data: dict[str, Any],
    subjects: Iterable[Subject] = (),
    data_elements: Iterable[DataElement] = (),
) -> Resource:
    data_elements = list(data_elements)
    resource = Resource(**{k: v for k, v in data.items() if k in RESOURCE_FIELDS})
    if data_elements:
        resource.data_elements_recorded = True  # a list given is a list recorded
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
    staff_only: bool | None = None,
    elements_off: Iterable[DataElement] | None = None,
    override_reason: str = "",
    system: bool = False,
) -> ResourceDecision:
    """Record (or change) the district's decision on a resource.

    The actor must pass `can(actor, "decision.edit", decision)`: the role table and the relation
    rules other apps register (a resource under an open staff request is decided through that
    request's workflow; nobody decides their own request; see resource_requests/policies.py).
    `system=True` only for callers that authorized the decision themselves (a staff request's
    decision, which has its own quorum and gate). `staff_only` and `elements_off` left as None keep
    what the decision says already.

    Approving a resource not approved before asks the district's policy (`approval_gate`): while
    it still needs something (an executed agreement, say), the approval is refused with the list,
    unless an admin gives `override_reason`, which the audit trail keeps with what was missing.
    """
    if not system and not can(actor, "decision.edit", ResourceDecision(district=district, resource=resource)):
        raise PermissionDenied(
            "This decision cannot be made directly: a staff request about this resource decides it "
            "(its reviewers and the technology director), and nobody decides their own request."
            if can(actor, "decision.edit", district)
            else "Your role in this district does not allow that."
        )
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
    approving = status in reviews.APPROVALS and (created or decision.status not in reviews.APPROVALS)
    missing = _policy_missing(district, resource, actor, override_reason) if approving and not system else []
    before = {
        "status": decision.status if not created else None,
        "grade_min": decision.grade_min,
        "grade_max": decision.grade_max,
    }
    decision.status = status
    decision.grade_min, decision.grade_max = grade_min, grade_max
    decision.conditions, decision.reason, decision.internal_notes = conditions, reason, internal_notes
    if staff_only is not None:
        decision.staff_only = staff_only
    if status != DecisionStatus.PENDING:
        decision.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        decision.decided_at = timezone.now()
    decision.full_clean(exclude=["district", "resource"])
    decision.save()
    off_before = sorted(decision.elements_off.values_list("code", flat=True))
    if elements_off is not None:
        decision.elements_off.set(list(elements_off))
    off_after = sorted(decision.elements_off.values_list("code", flat=True))
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
            "staff_only": decision.staff_only,
            "elements_off": {"before": off_before, "after": off_after},
        },
    )
    if missing:
        record(district, "decision.policy_overridden", actor=actor, subject=decision,
               details={"missing": missing, "reason": override_reason.strip()})  # fmt: skip
    reviews.after_decision(decision, actor=actor)  # the review-by day and its obligation (reviews.py)
    return decision


def _policy_missing(district: District, resource: Resource, actor: Any, override_reason: str) -> list[str]:
    """What the policy still needs; raises unless an admin overrides it with a reason."""
    missing = approval_gate.needs(district, resource)
    if missing:
        approval_gate.require_override(district, actor, missing, override_reason, field="status")
    return missing
