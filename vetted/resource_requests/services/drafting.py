"""The requester's verbs: write a draft, submit it, withdraw it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog.grades import BAND_ORDER_MESSAGE, band_is_inverted
from vetted.catalog.models import Resource
from vetted.districts.models import District

from ..models import ResourceRequest
from ..selectors import covering_decision, find_catalog_match, names_same_resource
from ..states import next_state
from .base import lock, policy_for, require
from .clocks import close_review_clock, start_review_clock
from .deciding import answer_at_once
from .mail import mail_directors
from .reviewing import auto_assign

# What the requester writes; everything else is set by the verbs.
FORM_FIELDS = (
    "requester_position", "grade_min", "grade_max", "resource_name", "vendor_name", "description",
    "resource_url", "planned_use", "information_shared", "who_has_access", "student_accounts",
    "app_download", "app_requires_parental_permission", "terms_url", "privacy_policy_url",
    "data_sharing_agreement", "resource", "collects_no_student_data", "under_13",
)  # fmt: skip
# The structured answers the catalogue needs (many-to-many: set after the row is saved).
RELATION_FIELDS = ("data_elements", "subjects")


def _apply_relations(req: ResourceRequest, data: dict[str, Any]) -> None:
    for field in RELATION_FIELDS:
        if field in data and data[field] is not None:
            getattr(req, field).set(list(data[field]))


# Needed before the committee can review it (a draft may leave them empty).
SUBMIT_REQUIRED = {
    "resource_name": "Give the name of the resource.",
    "description": "Describe the resource.",
    "planned_use": "Describe how you plan to use it.",
    "information_shared": "Say what information will be shared (or “none”).",
    "who_has_access": "Say who will have access to it.",
}


def _apply(req: ResourceRequest, data: dict[str, Any]) -> None:
    for field in FORM_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            setattr(req, field, value)
    # One grade given: the band is that grade.
    if req.grade_min is None and req.grade_max is not None:
        req.grade_min = req.grade_max
    elif req.grade_max is None and req.grade_min is not None:
        req.grade_max = req.grade_min
    if band_is_inverted(req.grade_min, req.grade_max):
        raise ValidationError({"grade_max": BAND_ORDER_MESSAGE})
    if req.resource is not None and not isinstance(req.resource, Resource):
        raise ValidationError({"resource": "Choose a resource from the catalogue."})
    req.full_clean(exclude=["district", "requester", "resource"])


@transaction.atomic
def create_draft(district: District, *, actor: Any, data: dict[str, Any]) -> ResourceRequest:
    req = ResourceRequest(district=district, requester=actor, requester_name=actor.display_name,
                      requester_position=actor.position)  # fmt: skip
    require(actor, "resource_request.create", req)
    _apply(req, data)
    req.save()
    _apply_relations(req, data)
    record(
        district,
        "resource_request.created",
        actor=actor,
        subject=req,
        details={"resource_name": req.resource_name},
    )
    return req


@transaction.atomic
def update_draft(req: ResourceRequest, *, actor: Any, data: dict[str, Any]) -> ResourceRequest:
    """Edit the request while it is a draft (states: `edit` is draft-only).

    Once submitted, a request changes only through the audited verbs: the committee's question is
    answered with `respond` (the answer text), never by rewriting the fields, the terms link, the
    data-sharing flag, the grades or the linked catalogue resource."""
    req = lock(req)
    require(actor, "resource_request.edit", req)
    next_state("edit", req.state)
    _apply(req, data)
    req.save()
    _apply_relations(req, data)
    return req


# The written questions: not asked when the resource is already approved here for those grades.
WRITTEN_QUESTIONS = ("description", "planned_use", "information_shared", "who_has_access")


def _band(grade_min: int | None, grade_max: int | None) -> tuple[int | None, int | None]:
    """One grade given: the band is that grade (as `_apply` stores it)."""
    return (
        grade_min if grade_min is not None else grade_max,
        grade_max if grade_max is not None else grade_min,
    )


def approval_answering(district: District, values: dict[str, Any]) -> Any:
    """The district's approval that would answer these form values at once on submit, if any.

    The same test `submit` applies: the chosen (or matched) catalogue resource is really the one
    named, and its approval here covers the requested grades."""
    name = str(values.get("resource_name") or "").strip()
    vendor = str(values.get("vendor_name") or "").strip()
    resource = values.get("resource")
    if not isinstance(resource, Resource):
        resource = (
            find_catalog_match(name, str(values.get("resource_url") or "").strip(), vendor) if name else None
        )
    probe = ResourceRequest(resource_name=name, vendor_name=vendor)
    if resource is None or not names_same_resource(probe, resource):
        return None
    return covering_decision(district, resource, *_band(values.get("grade_min"), values.get("grade_max")))


def missing_for_submit(district: District, values: dict[str, Any]) -> dict[str, str]:
    """What a submit still needs, field by field (every one at once); the form and `submit` share it."""
    needed = dict(SUBMIT_REQUIRED)
    if approval_answering(district, values) is not None:
        for field in WRITTEN_QUESTIONS:
            needed.pop(field, None)
    return {f: msg for f, msg in needed.items() if not str(values.get(f) or "").strip()}


def _check_complete(req: ResourceRequest) -> None:
    values = {f: getattr(req, f) for f in FORM_FIELDS if f != "resource"}
    values["resource"] = req.resource
    missing = missing_for_submit(req.district, values)
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def submit(req: ResourceRequest, *, actor: Any) -> ResourceRequest:
    """Send the request to the committee; answer at once when it is already approved here."""
    req = lock(req)
    require(actor, "resource_request.submit", req)
    req.state = next_state("submit", req.state)
    _check_complete(req)
    policy = policy_for(req.district)
    now = timezone.now()
    req.requester_name = actor.display_name
    req.requester_position = req.requester_position or actor.position
    req.submitted_at = now
    req.due_at, req.remind_at = start_review_clock(req, policy, now, actor=actor)  # an obligation
    if req.resource is None:
        req.resource = find_catalog_match(req.resource_name, req.resource_url, req.vendor_name)
    req.save()
    record(req.district, "resource_request.submitted", actor=actor, subject=req,
           details={"resource_name": req.resource_name, "resource_id": req.resource_id,
                    "grades": req.grade_band, "due_at": req.due_at,
                    "terms_review_required": req.terms_review_required})  # fmt: skip
    # "Already approved" only when the linked resource is really the one requested (attack 3).
    same = names_same_resource(req, req.resource)
    decision = covering_decision(req.district, req.resource, req.grade_min, req.grade_max) if same else None
    if decision is not None:
        return answer_at_once(req, decision)
    if policy.auto_assign:
        auto_assign(req, count=policy.quorum)
    if req.terms_pending:
        mail_directors(req, why="terms")
    return req


@transaction.atomic
def save_and_submit(
    district: District, req: ResourceRequest | None, *, actor: Any, data: dict[str, Any]
) -> ResourceRequest:
    """Write the draft and send it in one step: if the submit is refused, nothing is saved."""
    req = (
        create_draft(district, actor=actor, data=data)
        if req is None
        else update_draft(req, actor=actor, data=data)
    )
    return submit(req, actor=actor)


@transaction.atomic
def withdraw(req: ResourceRequest, *, actor: Any, reason: str = "") -> ResourceRequest:
    req = lock(req)
    require(actor, "resource_request.withdraw", req)
    req.state = next_state("withdraw", req.state)
    req.save()
    close_review_clock(req, actor=actor)
    record(
        req.district,
        "resource_request.withdrawn",
        actor=actor,
        subject=req,
        details={"reason": reason.strip()[:2000]},
    )
    return req
