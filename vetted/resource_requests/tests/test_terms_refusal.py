"""The technology director refuses the terms: the request is decided not approved with their reason,
with the registry effect and the requester's e-mail of a committee refusal. Refused: self, other
roles, states that do not allow it, a missing reason, terms already approved or none to refuse."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vetted.audit.models import AuditEvent
from vetted.catalog.models import DecisionStatus, ResourceDecision
from vetted.outbox.models import Message
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest, ReviewPolicy
from vetted.resource_requests.selectors import review_queue, waiting_on
from vetted.resource_requests.services.deciding import PUBLIC_REFUSAL
from vetted.resource_requests.states import State, TransitionRefused

from .factories import draft, snapshot, submitted
from .test_workflow import events

pytestmark = pytest.mark.django_db
TERMS = {"terms_url": "https://lanternfish.example/terms"}
REASON = "The terms let the vendor sell student data to advertisers."


def with_terms(tenant: Any, state: str = "in_review", role: str = "staff") -> ResourceRequest:
    if state == "submitted":  # nobody assigned yet: the director may still refuse
        ReviewPolicy.objects.create(district=tenant.district, auto_assign=False)
    req = submitted(tenant, role=role, **TERMS)
    if state == "information_requested":
        req = services.request_information(req, actor=tenant.user("reviewer"), question="Which class?")
    assert req.state == state
    return req


@pytest.mark.parametrize("state", ["submitted", "in_review", "information_requested"])
def test_director_refuses_and_the_request_is_decided_not_approved(
    tenant: Any, state: str, django_capture_on_commit_callbacks: Any
) -> None:
    director = tenant.user("technology_director")
    req = with_terms(tenant, state)
    with django_capture_on_commit_callbacks(execute=True):
        req = services.refuse_terms(req, actor=director, reason=f"  {REASON}  ")
    req.refresh_from_db()
    assert (req.state, req.outcome, req.decision_reason) == (State.DECIDED, "not_approved", REASON)
    assert req.decided_by == director and req.terms_refused_by == director and req.terms_refused_at
    assert req.terms_approved_at is None and not req.terms_pending
    assert events(req)[-2:] == ["resource_request.terms_refused", "resource_request.decided"]
    refused = AuditEvent.objects.get(event_type="resource_request.terms_refused")
    assert refused.details["reason"] == REASON and refused.actor == director
    decided = AuditEvent.objects.get(event_type="resource_request.decided")
    assert decided.details["terms_refused"] is True and decided.details["outcome"] == "not_approved"
    # The same effects as a committee refusal: the registry entry and the requester's e-mail.
    decision = ResourceDecision.objects.get(district=tenant.district, resource=req.resource)
    # The director's reason is for the requester; the registry never shows it (issue 9, item 1).
    assert decision.status == DecisionStatus.NOT_APPROVED and decision.reason == PUBLIC_REFUSAL
    assert REASON not in decision.reason
    row = Message.objects.get(kind="decided")
    assert row.to_email == tenant.user("staff").email and row.idempotency_key == f"treq-{req.pk}-decided"
    assert REASON in row.body and "Not approved for use at this time" in row.body
    assert waiting_on(req, 1) == []
    assert req not in review_queue(director, tenant.district)


def test_refusal_overrides_the_committees_approval_waiting_for_the_director(tenant: Any) -> None:
    req = with_terms(tenant)
    req = services.vote(req, actor=tenant.user("reviewer"), outcome="approved", reason="Useful.")
    assert req.state == State.IN_REVIEW  # held at the director's gate
    assert any("must approve or refuse the terms" in line for line in waiting_on(req, 1))
    req = services.refuse_terms(req, actor=tenant.user("technology_director"), reason=REASON)
    assert req.state == State.DECIDED and req.outcome == "not_approved"
    assert ResourceDecision.objects.get(district=tenant.district).status == "not_approved"


def test_nobody_refuses_the_terms_of_their_own_request(tenant: Any) -> None:
    director = tenant.user("technology_director")
    req = with_terms(tenant, role="technology_director")
    before = snapshot(req)
    with pytest.raises(services.NotAllowed, match="own request"):
        services.refuse_terms(req, actor=director, reason=REASON)
    assert snapshot(req) == before
    # Who still has to act does not name the requester as the one to refuse their own terms.
    line = next(line for line in waiting_on(req, 1) if "terms" in line)
    assert director.display_name not in line and "none who may" in line


@pytest.mark.parametrize("role", ["staff", "reviewer", "admin", "auditor"])
def test_other_roles_cannot_refuse_the_terms(tenant: Any, role: str) -> None:
    req = with_terms(tenant)
    before = snapshot(req)
    with pytest.raises(services.NotAllowed):
        services.refuse_terms(req, actor=tenant.user(role), reason=REASON)
    assert snapshot(req) == before


def test_another_districts_director_cannot_refuse(tenant: Any, other_tenant: Any) -> None:
    req = with_terms(tenant)
    before = snapshot(req)
    with pytest.raises(services.NotAllowed):
        services.refuse_terms(req, actor=other_tenant.user("technology_director"), reason=REASON)
    assert snapshot(req) == before


@pytest.mark.parametrize("state", ["draft", "decided", "withdrawn"])
def test_states_that_do_not_allow_a_refusal(tenant: Any, state: str) -> None:
    staff, director = tenant.user("staff"), tenant.user("technology_director")
    req = draft(tenant, **TERMS) if state == "draft" else with_terms(tenant)
    if state == "decided":
        req = services.vote(req, actor=tenant.user("reviewer"), outcome="not_approved", reason="No.")
    elif state == "withdrawn":
        req = services.withdraw(req, actor=staff)
    before = snapshot(req)
    with pytest.raises(TransitionRefused):
        services.refuse_terms(req, actor=director, reason=REASON)
    assert snapshot(req) == before


@pytest.mark.parametrize("reason", ["", "   ", "x" * 5001])
def test_a_reason_is_required_and_bounded(tenant: Any, reason: str) -> None:
    req = with_terms(tenant)
    before = snapshot(req)
    with pytest.raises(ValidationError) as exc:
        services.refuse_terms(req, actor=tenant.user("technology_director"), reason=reason)
    assert "reason" in exc.value.message_dict
    assert snapshot(req) == before


def test_no_terms_or_terms_already_approved_cannot_be_refused(tenant: Any) -> None:
    director = tenant.user("technology_director")
    plain = submitted(tenant)
    with pytest.raises(ValidationError, match="no terms"):
        services.refuse_terms(plain, actor=director, reason=REASON)
    req = services.approve_terms(with_terms(tenant), actor=director)
    assert req.state == State.IN_REVIEW  # approved terms, the committee has not decided yet
    before = snapshot(req)
    with pytest.raises(ValidationError, match="already approved"):
        services.refuse_terms(req, actor=director, reason=REASON)
    assert snapshot(req) == before


def _page(tenant: Any, tail: str) -> str:
    return f"/manage/{tenant.district.slug}/resource-requests/{tail}"


def test_refusal_on_the_page(tenant: Any, client_as: Any) -> None:
    req = with_terms(tenant)
    director = client_as(tenant.user("technology_director"))
    page = director.get(_page(tenant, f"{req.pk}/")).content.decode()
    assert "Refuse the terms" in page and "Approve the terms" in page
    assert (
        "Refuse the terms"
        not in client_as(tenant.user("reviewer")).get(_page(tenant, f"{req.pk}/")).content.decode()
    )
    before = snapshot(req)
    missing = director.post(_page(tenant, f"{req.pk}/refuse-terms/"), {"reason": "  "})
    assert missing.status_code == 400 and "This field is required" in missing.content.decode()
    assert snapshot(req) == before
    done = director.post(_page(tenant, f"{req.pk}/refuse-terms/"), {"reason": REASON})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.state == "decided" and req.outcome == "not_approved"
    shown = client_as(tenant.user("staff")).get(_page(tenant, f"{req.pk}/")).content.decode()
    assert "Refused by Technology_Director of Birchfield Public Schools" in shown and REASON in shown
    again = director.post(_page(tenant, f"{req.pk}/refuse-terms/"), {"reason": REASON})
    assert again.status_code == 409 and "cannot be given a terms refusal" in again.content.decode()


def test_refusal_through_the_api(tenant: Any, api_as: Any) -> None:
    req = with_terms(tenant)
    director = api_as(tenant.user("technology_director"))
    path = f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/refuse-terms/"
    before = snapshot(req)
    for body in ({}, {"reason": "   "}, {"reason": "x" * 5001}, {"reason": ["a list"]}):
        response = director.post(path, body, format="json")
        assert response.status_code == 400 and "reason" in response.json()
    assert snapshot(req) == before
    done = director.post(path, {"reason": REASON}, format="json")
    assert done.status_code == 200
    body = done.json()
    assert (body["state"], body["outcome"], body["decision_reason"]) == ("decided", "not_approved", REASON)
    assert body["terms_refused_at"] and body["waiting_on"] == []
    again = director.post(path, {"reason": REASON}, format="json")
    assert again.status_code == 409
