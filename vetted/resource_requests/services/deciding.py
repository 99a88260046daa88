"""Votes, the decision, and its effects on the catalogue.

Quorum and disagreement (the district's ReviewPolicy.quorum, default 1):
* each assigned reviewer records one vote (they may change it until the request is decided);
* the request is decided as soon as `quorum` votes agree on one outcome;
* if every assigned reviewer has voted, at least `quorum` of them, and no outcome reached the
  quorum, the MOST RESTRICTIVE outcome cast wins (not approved > approved with parental
  permission > approved). A split committee does not let student data flow; the requester may file
  again with more information. No admin tie-break step is needed, so no request stalls on one.
* an approval waits for the technology director's approval of the terms where they are required
  (the votes stand; `approve_terms` settles the request);
* the director's refusal of the terms (`refuse_terms`) decides the request not approved at once,
  whatever the votes: the same effects on the registry and the same e-mail as a committee refusal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog import approval_gate
from vetted.catalog import services as catalog
from vetted.catalog.models import DecisionStatus, Resource, ResourceDecision, Vendor

from .. import gate
from ..models import TEXT_MAX, Assignment, Comment, ResourceRequest
from ..selectors import APPROVALS, find_catalog_match
from ..states import RESTRICTIVENESS, Outcome, State, TransitionRefused, next_state
from .base import lock, policy_for, require, user_label
from .clocks import close_review_clock
from .mail import mail_directors, queue_mail

ALREADY_APPROVED = "already approved for these grades"
# The company a request left blank: said as such, never invented from the resource's name or host.
UNRECORDED_VENDOR = "Company not yet recorded"
# What the registry says of a refusal when the district wrote no public reason: the requester's
# reason (votes, the director's refusal) is written for them and stays inside the district.
PUBLIC_REFUSAL = "Not approved after the district's review."
UNDER_13 = {"yes": True, "no": False}
CONSENT_CONDITION = "Families must be notified and give permission before a student uses it."


@dataclass(frozen=True)
class Tally:
    outcome: str | None  # None: not settled yet
    reason: str
    votes: dict[str, int]
    by_disagreement: bool = False
    public_reason: str = ""


def tally(assignments: list[Assignment], quorum: int) -> Tally:
    votes = [a for a in assignments if a.vote]
    counts = Counter(a.vote for a in votes)
    agreed = [o for o in RESTRICTIVENESS if counts[o] >= quorum]
    if agreed:
        outcome, split = agreed[-1], False
    elif len(votes) == len(assignments) and len(votes) >= quorum:
        outcome, split = [o for o in RESTRICTIVENESS if counts[o]][-1], True
    else:
        return Tally(None, "", dict(counts))
    won = [a for a in votes if a.vote == outcome]
    reasons = [a.vote_reason.strip() for a in won if a.vote_reason.strip()]
    public = [a.public_reason.strip() for a in won if a.public_reason.strip()]
    return Tally(str(outcome), "\n\n".join(reasons), dict(counts), split, "\n\n".join(public)[:2000])


def _already_decided(req: ResourceRequest) -> TransitionRefused:
    who = user_label(req.decided_by) if req.decided_by else "the committee"
    when = (
        timezone.localtime(req.decided_at, req.district.tz).strftime("%B %-d, %Y %-I:%M %p %Z")
        if req.decided_at
        else ""
    )
    return TransitionRefused(
        "vote", req.state,
        f"This request was already decided by {who}{' on ' + when if when else ''}: "
        f"{Outcome(req.outcome).label}. Your decision was not recorded.",
    )  # fmt: skip


@transaction.atomic
def vote(
    req: ResourceRequest,
    *,
    actor: Any,
    outcome: str,
    reason: str = "",
    public_reason: str = "",
    override_reason: str = "",
) -> ResourceRequest:
    """An assigned reviewer records their decision; with the quorum reached, the request is decided.

    An approval is refused while the district's policy still needs something (gate.py), unless an
    admin overrides it with a reason. `public_reason` is what the registry may say; `reason` is
    for the requester and the committee.
    """
    req = lock(req)
    if req.state == State.DECIDED:
        raise _already_decided(req)
    next_state("vote", req.state)  # the state first: 409 for a request not in review
    require(actor, "resource_request.vote", req)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose one of the three outcomes."})
    reason = (reason or "").strip()
    if outcome == Outcome.NOT_APPROVED and not reason:
        raise ValidationError({"reason": "Give a reason: the requester will read it."})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": f"Keep the reason under {TEXT_MAX} characters."})
    public_reason = (public_reason or "").strip()
    if len(public_reason) > 2000:
        raise ValidationError({"public_reason": "Keep the public reason under 2,000 characters."})
    if outcome in APPROVALS:
        _policy_allows(req, actor=actor, override_reason=override_reason)
    assignment = req.assignments.get(reviewer=actor)  # can() checked the assignment
    assignment.vote, assignment.vote_reason, assignment.voted_at = outcome, reason, timezone.now()
    assignment.public_reason = public_reason
    assignment.save(update_fields=["vote", "vote_reason", "public_reason", "voted_at"])
    Comment.objects.create(request=req, author=actor, kind=Comment.Kind.VOTE,
                           body=f"{Outcome(outcome).label}." + (f" {reason}" if reason else ""))  # fmt: skip
    record(
        req.district,
        "resource_request.vote",
        actor=actor,
        subject=req,
        details={"outcome": outcome, "reason": reason, "public_reason": public_reason},
    )
    settle(req, actor=actor)
    return req


def _policy_allows(req: ResourceRequest, *, actor: Any, override_reason: str) -> None:
    """Refuse an approval the policy does not allow yet, or record an admin's override of it."""
    missing = [n.text for n in gate.overridable(gate.request_needs(req))]
    if not missing or req.policy_override_at is not None:
        return
    override_reason = approval_gate.require_override(req.district, actor, missing, override_reason,
                                                     field="outcome")  # fmt: skip
    req.policy_override_reason, req.policy_override_by = override_reason, actor
    req.policy_override_at = timezone.now()
    req.save(
        update_fields=["policy_override_reason", "policy_override_by", "policy_override_at", "updated_at"]
    )
    record(req.district, "resource_request.policy_overridden", actor=actor, subject=req,
           details={"missing": missing, "reason": override_reason})  # fmt: skip


def settle(req: ResourceRequest, *, actor: Any) -> bool:
    """Decide the (locked) request if its votes and the director's gate allow. True if decided."""
    if req.state != State.IN_REVIEW:
        return False
    result = tally(list(req.assignments.all()), policy_for(req.district).quorum)
    if result.outcome is None:
        return False
    if result.outcome in APPROVALS and req.terms_pending:
        mail_directors(req, why="votes")  # the committee approved; only the director's gate remains
        return False
    if (
        result.outcome in APPROVALS
        and req.policy_override_at is None
        and gate.overridable(gate.request_needs(req))
    ):
        return False  # the policy changed since the votes (an agreement ended): the page says what it needs
    req.public_reason = req.public_reason or result.public_reason
    _decide(req, actor=actor, outcome=result.outcome, reason=result.reason,
            details={"votes": result.votes, "by_disagreement": result.by_disagreement})  # fmt: skip
    return True


@transaction.atomic
def refuse_terms(
    req: ResourceRequest, *, actor: Any, reason: str, public_reason: str = ""
) -> ResourceRequest:
    """The technology director refuses the terms of service / data-sharing agreement.

    Seed policy: the terms "must be approved by the Executive Director of Technology prior to the
    final approval"; without that approval the resource cannot be approved, so the request is
    decided not approved now, with the director's reason, rather than left waiting. The reason is
    for the requester; only `public_reason` (optional) reaches the public registry.
    """
    req = lock(req)
    require(actor, "resource_request.approve_terms", req)
    next_state("refuse_terms", req.state)
    if not req.terms_review_required:
        raise ValidationError({"reason": "This request names no terms of service or agreement to refuse."})
    if req.terms_approved_at is not None:
        raise ValidationError({"reason": "The terms were already approved."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason: the requester will read it."})
    if len(reason) > TEXT_MAX:
        raise ValidationError({"reason": f"Keep the reason under {TEXT_MAX} characters."})
    req.terms_refused_by, req.terms_refused_at = actor, timezone.now()
    req.public_reason = (public_reason or "").strip()[:2000]
    record(req.district, "resource_request.terms_refused", actor=actor, subject=req,
           details={"terms_url": req.terms_url, "data_sharing_agreement": req.data_sharing_agreement,
                    "reason": reason})  # fmt: skip
    _decide(req, actor=actor, outcome=Outcome.NOT_APPROVED, reason=reason,
            details={"terms_refused": True}, action="refuse_terms")  # fmt: skip
    return req


def _decide(
    req: ResourceRequest,
    *,
    actor: Any,
    outcome: str,
    reason: str,
    details: dict[str, Any],
    action: str = "decide",
) -> None:
    req.state = next_state(action, req.state)
    resource = ensure_catalog_resource(req, actor=actor)
    catalogue = _update_catalogue(req, resource, actor=actor, outcome=outcome)
    req.outcome, req.decision_reason = outcome, reason
    req.decided_by, req.decided_at = actor, timezone.now()
    req.save()
    close_review_clock(req, actor=actor)
    record(req.district, "resource_request.decided", actor=actor, subject=req,
           details={"outcome": outcome, "reason": reason, "resource_id": resource.pk,
                    "catalogue": catalogue, **details})  # fmt: skip
    _mail_outcome(req)


def _mail_outcome(req: ResourceRequest) -> None:
    queue_mail(req, kind="decided", to=req.requester.email, key=f"treq-{req.pk}-decided",
               template="decided", context={})  # fmt: skip


def answer_at_once(req: ResourceRequest, decision: ResourceDecision) -> ResourceRequest:
    """Already approved in this district for these grades: decided without a committee."""
    req.state = next_state("answer_at_once", req.state)
    req.outcome, req.decision_reason = decision.status, ALREADY_APPROVED
    req.decided_by, req.decided_at = None, timezone.now()
    req.save()
    close_review_clock(req, actor=None)
    record(req.district, "resource_request.decided", subject=req,
           details={"outcome": req.outcome, "reason": ALREADY_APPROVED, "resource_id": decision.resource_id,
                    "at_once": True, "catalogue": "unchanged"})  # fmt: skip
    _mail_outcome(req)
    return req


def ensure_catalog_resource(req: ResourceRequest, *, actor: Any) -> Resource:
    """The catalogue resource the request is about: the one picked, a match, or a new one."""
    if req.resource is not None:
        return req.resource
    match = find_catalog_match(req.resource_name, req.resource_url, req.vendor_name)
    if match is None:
        vendor_name = req.vendor_name or UNRECORDED_VENDOR
        vendor = Vendor.objects.filter(legal_name__iexact=vendor_name).first()
        if vendor is None:
            site = urlsplit(req.resource_url)
            website = f"{site.scheme}://{site.netloc}/" if site.netloc and req.vendor_name else ""
            vendor = catalog.create_vendor(req.district, actor=actor,
                                           data={"legal_name": vendor_name[:200], "website": website})  # fmt: skip
        # The structured answers only: the request's description and free text are the teacher's
        # words to the committee, not the district's public "About" (the committee writes that).
        elements = list(req.data_elements.all())
        match = catalog.create_resource(
            req.district, actor=actor,
            data={"name": req.resource_name, "vendor": vendor, "url": req.resource_url,
                  "grade_min": req.grade_min, "grade_max": req.grade_max,
                  "student_accounts_required": req.student_accounts, "mobile_app": req.app_download,
                  "under_13_users": UNDER_13.get(req.under_13),
                  "data_elements_recorded": bool(elements) or req.collects_no_student_data,
                  "privacy_policy_url": req.privacy_policy_url, "terms_url": req.terms_url},
            subjects=req.subjects.all(), data_elements=elements,
        )  # fmt: skip
    req.resource = match
    return match


def _widen(a: int | None, b: int | None, pick: Any) -> int | None:
    return None if a is None or b is None else pick(a, b)


def _update_catalogue(req: ResourceRequest, resource: Resource, *, actor: Any, outcome: str) -> str:
    """Change the district's ResourceDecision. Returns what happened, for the audit event.

    A refusal for some grades never revokes an approval the district already gave for others;
    two approvals merge (wider band, the more restrictive status). The public reason is the one the
    district wrote for the public (`req.public_reason`), never the requester's.
    A request with no grades is for staff, not students: the registry says "Staff only".
    """
    existing = ResourceDecision.objects.filter(district=req.district, resource=resource).first()
    approved_before = existing is not None and existing.status in APPROVALS
    if outcome == Outcome.NOT_APPROVED and approved_before:
        return "unchanged: already approved for other grades"
    status, low, high = outcome, req.grade_min, req.grade_max
    staff_only = low is None and high is None
    if existing is not None and approved_before and outcome in APPROVALS:
        status = max(outcome, existing.status, key=lambda o: RESTRICTIVENESS.index(Outcome(o)))
        low = _widen(existing.grade_min, low, min) if low is not None else existing.grade_min
        high = _widen(existing.grade_max, high, max) if high is not None else existing.grade_max
        staff_only = staff_only and existing.staff_only
    notes = ((existing.internal_notes + "\n") if existing and existing.internal_notes else "") + (
        f"Decided on staff request #{req.pk}."
    )
    conditions = existing.conditions if existing else ""
    if status == DecisionStatus.APPROVED_WITH_CONSENT and not conditions:
        conditions = CONSENT_CONDITION
    public = req.public_reason or (PUBLIC_REFUSAL if status == DecisionStatus.NOT_APPROVED else "")
    catalog.decide(req.district, resource, actor=actor, status=status, grade_min=low, grade_max=high,
                   conditions=conditions, reason=public, internal_notes=notes[-5000:],
                   staff_only=staff_only, system=True)  # fmt: skip  # authorized by the request's own verbs (vote, terms)
    return f"decided: {status}"
