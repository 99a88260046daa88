"""Who may do what to a staff request: the relation rules, registered into `districts.permissions.can()`.

Imported once by ResourceRequestsConfig.ready(). Views, the API, templates and the services all ask
`can(user, "resource_request.<verb>", req)`; nothing else decides. The role table says which roles
may ever do a verb in their district; the rules below add the relation to this one request:

* view: the requester sees their own request in every state; drafts are nobody else's business;
  committee members (review roles) and admins/auditors see the rest.
* edit, submit, withdraw, respond: only the requester. Editing is a draft-only transition
  (states.TRANSITIONS): once submitted, a request changes only through the audited verbs (answering
  a question adds the answer; it never changes the fields, the terms link or the linked resource).
* comment, attach: the requester or a committee member.
* request_info, approve_terms/refuse_terms (the technology director's gate), answer_flags (a note
  on each red flag of an attached document, which the policy gate needs), vote: never on one's own
  request; vote only by an assigned reviewer.
* decision.edit (the catalogue's direct decision on a resource): refused while a staff request for
  that resource is open in the district (decide it through the request's workflow: quorum, the
  director's gate), and refused forever to the requester of such a request (nobody decides their
  own request). The request workflow itself decides through `catalog.services.decide(system=True)`.

Rules never look at the request's state (except where noted above): the state table answers
"may this happen now?" with 409, these rules answer "may this person?" with 403/404.
"""

from __future__ import annotations

from typing import Any

from vetted.catalog.models import ResourceDecision
from vetted.districts.models import Role
from vetted.districts.permissions import can, register_actions, relation

from .models import ResourceRequest
from .states import OPEN, State

A, TD, RV, ST, AU = Role.ADMIN, Role.TECHNOLOGY_DIRECTOR, Role.REVIEWER, Role.STAFF, Role.AUDITOR
COMMITTEE = frozenset({A, TD, RV})
CREATORS = frozenset({A, TD, RV, ST})

register_actions({
    "resource_request.view": frozenset(Role),
    "resource_request.edit": CREATORS,
    "resource_request.submit": CREATORS,
    "resource_request.withdraw": CREATORS,
    "resource_request.respond": CREATORS,
    "resource_request.comment": CREATORS,
    "resource_request.attach": CREATORS,
    "resource_request.request_info": COMMITTEE,
    "resource_request.vote": COMMITTEE,
    "resource_request.answer_flags": COMMITTEE,
})  # fmt: skip

# The page's and the API's verbs -> the action can() is asked about.
VERB_ACTIONS = {
    "edit": "resource_request.edit", "submit": "resource_request.submit",
    "withdraw": "resource_request.withdraw", "respond": "resource_request.respond",
    "comment": "resource_request.comment", "request_info": "resource_request.request_info",
    "vote": "resource_request.vote", "assign": "resource_request.assign",
    "approve_terms": "resource_request.approve_terms", "refuse_terms": "resource_request.approve_terms",
}  # fmt: skip

# Verbs and the sentence a refusal gives when the only obstacle is that the request is one's own.
SELF_BARRED = {
    "resource_request.request_info": "reviews",
    "resource_request.vote": "decides",
    "resource_request.approve_terms": "approves or refuses the terms of",
    "resource_request.answer_flags": "answers the red flags of",
}


def _own(user: Any, req: ResourceRequest) -> bool:
    return getattr(user, "pk", None) is not None and user.pk == req.requester_id


def _committee(user: Any, req: ResourceRequest) -> bool:
    return can(user, "resource_request.review", req.district)


@relation("resource_request.view")
def sees(user: Any, req: Any) -> bool:
    if not isinstance(req, ResourceRequest):
        return True
    if _own(user, req):
        return True
    if req.state == State.DRAFT:
        return False
    return can(user, "resource_request.view_all", req.district) or _committee(user, req)


for _verb in ("edit", "submit", "withdraw", "respond"):
    relation(f"resource_request.{_verb}")(lambda user, req: _own(user, req))


@relation("resource_request.comment")
@relation("resource_request.attach")
def requester_or_committee(user: Any, req: Any) -> bool:
    return _own(user, req) or _committee(user, req)


@relation("resource_request.request_info")
@relation("resource_request.approve_terms")
@relation("resource_request.answer_flags")
def not_own(user: Any, req: Any) -> bool:
    return not _own(user, req)


@relation("resource_request.vote")
def assigned_and_not_own(user: Any, req: Any) -> bool:
    return not _own(user, req) and req.assignments.filter(reviewer_id=user.pk).exists()


@relation("decision.edit")
def decided_through_the_request(user: Any, decision: Any) -> bool:
    """A direct catalogue decision may not bypass a staff request about the same resource."""
    if not isinstance(decision, ResourceDecision) or decision.resource_id is None:
        return True
    about = ResourceRequest.objects.filter(district=decision.district, resource_id=decision.resource_id)
    if about.filter(state__in=OPEN).exists():
        return False
    return not about.filter(requester_id=getattr(user, "pk", None)).exclude(state=State.WITHDRAWN).exists()


def refusal(user: Any, action: str, req: ResourceRequest) -> str:
    """Why `can(user, action, req)` said no, in a sentence for the person (services' NotAllowed)."""
    if not can(user, action, req.district):
        return "Your role in this district does not allow that."
    if action in SELF_BARRED and _own(user, req):
        return f"Nobody {SELF_BARRED[action]} their own request."
    if action == "resource_request.vote":
        return "Only the request's assigned reviewers record a decision; ask an admin to assign you."
    if action in {f"resource_request.{v}" for v in ("edit", "submit", "withdraw", "respond")}:
        return "Only the requester can do that."
    return "You may not do that on this request."
