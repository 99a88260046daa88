"""The committee's verbs before the decision: assign, comment, ask and answer, the director's gate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import Role, User
from vetted.districts.permissions import ACTIONS, role_in

from ..models import TEXT_MAX, Assignment, Comment, ResourceRequest
from ..states import next_state
from .base import lock, require
from .clocks import resume_clock
from .deciding import settle
from .mail import queue_mail


def _text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"Write {what}."})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: f"Keep it under {TEXT_MAX} characters (it has {len(value)})."})
    return value


def _add_assignment(req: ResourceRequest, reviewer: Any, *, actor: Any, how: str) -> Assignment:
    req.state = next_state("assign", req.state)
    assignment = Assignment.objects.create(
        request=req, reviewer=reviewer, district=req.district, assigned_by=actor
    )
    req.save(update_fields=["state", "updated_at"])
    record(req.district, "resource_request.assigned", actor=actor, subject=req,
           details={"reviewer": reviewer.email, "how": how})  # fmt: skip
    queue_mail(req, kind="assigned", to=reviewer.email, key=f"treq-{req.pk}-assigned-{reviewer.pk}",
               template="assigned", context={"reviewer": reviewer})  # fmt: skip
    return assignment


@transaction.atomic
def assign(req: ResourceRequest, reviewer: Any, *, actor: Any) -> Assignment:
    """An admin assigns a reviewer (a committee reviewer, admin or director of the district)."""
    req = lock(req)
    require(actor, "resource_request.assign", req)
    next_state("assign", req.state)
    if role_in(reviewer, req.district) not in ACTIONS["resource_request.review"]:
        raise ValidationError(
            {"reviewer": "Choose a reviewer, admin or technology director of this district."}
        )
    if reviewer.pk == req.requester_id:
        raise ValidationError({"reviewer": "Nobody reviews their own request: choose someone else."})
    if reviewer.last_login is None:
        raise ValidationError(
            {"reviewer": f"{reviewer.display_name} has not signed in yet: choose someone who has."}
        )
    if req.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer.display_name} is already assigned."})
    return _add_assignment(req, reviewer, actor=actor, how="admin")


def auto_assign(req: ResourceRequest, *, count: int) -> list[Assignment]:
    """Rotation: the district's committee reviewers who have signed in at least once, least recently
    assigned first (never assigned first of all), never the requester. Runs inside submit()'s transaction."""
    last = (
        Assignment.objects.filter(district=req.district, reviewer=OuterRef("pk"))
        .order_by("-assigned_at", "-pk")
        .values("assigned_at")[:1]
    )
    candidates = (
        User.objects.filter(
            memberships__district=req.district,
            memberships__role=Role.REVIEWER,
            is_active=True,
            last_login__isnull=False,
        )
        .exclude(pk=req.requester_id)
        .exclude(pk__in=req.assignments.values("reviewer"))
        .annotate(last_assigned=Subquery(last))
        .order_by(F("last_assigned").asc(nulls_first=True), "pk")
    )
    return [_add_assignment(req, user, actor=None, how="rotation") for user in candidates[:count]]


@transaction.atomic
def comment(req: ResourceRequest, *, actor: Any, body: str) -> Comment:
    req = lock(req)
    require(actor, "resource_request.comment", req)
    next_state("comment", req.state)
    text = _text(body, "body", "a comment")
    note = Comment.objects.create(request=req, author=actor, body=text)
    record(req.district, "resource_request.commented", actor=actor, subject=req,
           details={"comment_id": note.pk, "excerpt": text[:300]})  # fmt: skip
    return note


@transaction.atomic
def request_information(req: ResourceRequest, *, actor: Any, question: str) -> ResourceRequest:
    req = lock(req)
    require(actor, "resource_request.request_info", req)
    req.state = next_state("request_info", req.state)
    text = _text(question, "question", "your question to the requester")
    Comment.objects.create(request=req, author=actor, body=text, kind=Comment.Kind.INFORMATION_REQUEST)
    req.information_requested_at = timezone.now()  # the review clock pauses from here (see clocks.py)
    req.save(update_fields=["state", "information_requested_at", "updated_at"])
    record(
        req.district,
        "resource_request.information_requested",
        actor=actor,
        subject=req,
        details={"question": text[:2000]},
    )
    queue_mail(req, kind="information_requested", to=req.requester.email,
               key=f"treq-{req.pk}-info-{Comment.objects.filter(request=req).count()}",
               template="information_requested", context={"question": text, "asker": actor})  # fmt: skip
    return req


@transaction.atomic
def respond(req: ResourceRequest, *, actor: Any, answer: str) -> ResourceRequest:
    req = lock(req)
    require(actor, "resource_request.respond", req)
    req.state = next_state("respond", req.state)
    text = _text(answer, "answer", "your answer")
    note = Comment.objects.create(request=req, author=actor, body=text, kind=Comment.Kind.RESPONSE)
    clock = resume_clock(req, timezone.now())
    req.save(update_fields=["state", "due_at", "remind_at", "information_requested_at", "updated_at"])
    record(
        req.district,
        "resource_request.information_provided",
        actor=actor,
        subject=req,
        details={"answer": text[:2000], **clock},
    )
    for a in req.assignments.select_related("reviewer"):
        queue_mail(req, kind="response", to=a.reviewer.email, key=f"treq-{req.pk}-response-{note.pk}-{a.reviewer_id}",
                   template="response", context={"answer": text})  # fmt: skip
    return req


@transaction.atomic
def approve_terms(req: ResourceRequest, *, actor: Any, note: str = "") -> ResourceRequest:
    """The technology director approves the terms of service / data-sharing agreement.

    Seed policy: they "must be approved by the Executive Director of Technology prior to the final
    approval of any related contract". If the reviewers' votes already settle on an approval, the
    request is decided now.
    """
    req = lock(req)
    require(actor, "resource_request.approve_terms", req)
    next_state("approve_terms", req.state)
    if not req.terms_review_required:
        raise ValidationError({"note": "This request names no terms of service or agreement to approve."})
    if req.terms_approved_at is not None:
        raise ValidationError({"note": "The terms were already approved."})
    req.terms_approved_by, req.terms_approved_at = actor, timezone.now()
    req.save(update_fields=["terms_approved_by", "terms_approved_at", "updated_at"])
    record(req.district, "resource_request.terms_approved", actor=actor, subject=req,
           details={"terms_url": req.terms_url, "data_sharing_agreement": req.data_sharing_agreement,
                    "note": note.strip()[:2000]})  # fmt: skip
    settle(req, actor=actor)
    return req
