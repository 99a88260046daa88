"""The verbs end to end: transitions, self-approval, the director's gate, quorum, effects."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vetted.audit.models import AuditEvent
from vetted.catalog.models import DecisionStatus, Resource, ResourceDecision, Vendor
from vetted.districts.models import Membership, Role, User
from vetted.outbox.models import Message
from vetted.resource_requests import services
from vetted.resource_requests.models import ReviewPolicy
from vetted.resource_requests.selectors import waiting_on
from vetted.resource_requests.services.deciding import PUBLIC_REFUSAL
from vetted.resource_requests.states import State, TransitionRefused

from .factories import draft, snapshot, submitted

pytestmark = pytest.mark.django_db


def events(req: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            district=req.district, subject_id=str(req.pk), subject_type="resource_requests.resourcerequest"
        )
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


def add_reviewer(tenant: Any, handle: str) -> User:
    user = User.objects.create_user(username=f"{handle}@birchfield.example", email=f"{handle}@birchfield.example",
                                    password="x-long-password", full_name=handle.title(),
                                    last_login=tenant.district.created_at)  # fmt: skip
    Membership.objects.create(user=user, district=tenant.district, role=Role.REVIEWER)
    return user


def test_submit_assigns_by_rotation_and_computes_the_clock(tenant: Any) -> None:
    req = submitted(tenant)
    assert req.state == State.IN_REVIEW
    assert [a.reviewer for a in req.assignments.all()] == [tenant.user("reviewer")]
    assert req.submitted_at and req.due_at and req.remind_at and req.remind_at < req.due_at
    assert req.requester_name == tenant.user("staff").display_name
    assert events(req) == [
        "resource_request.created",
        "obligation.started",  # the committee's review deadline (vetted.clocks)
        "resource_request.submitted",
        "resource_request.assigned",
    ]


def test_rotation_picks_the_least_recently_assigned_reviewer(tenant: Any) -> None:
    second = add_reviewer(tenant, "second")
    first_req = submitted(tenant)
    second_req = submitted(tenant, resource_name="Other thing")
    third_req = submitted(tenant, resource_name="Third thing")
    got = [r.assignments.get().reviewer for r in (first_req, second_req, third_req)]
    assert got == [tenant.user("reviewer"), second, tenant.user("reviewer")]


def test_full_loop_with_information_request(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    reviewer, staff = tenant.user("reviewer"), tenant.user("staff")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(tenant)
        services.comment(req, actor=reviewer, body="Looks useful.")
        req = services.request_information(req, actor=reviewer, question="Does it show ads?")
        assert req.state == State.INFORMATION_REQUESTED
        # A submitted request is never edited, not even to answer: the answer is the response.
        with pytest.raises(TransitionRefused):
            services.update_draft(req, actor=staff, data={"information_shared": "First names only."})
        req = services.respond(req, actor=staff, answer="No ads, says the vendor.")
        assert req.state == State.IN_REVIEW
        req = services.vote(req, actor=reviewer, outcome="approved", reason="Meets our standards.")
    assert req.state == State.DECIDED and req.outcome == "approved"
    assert events(req) == [
        "resource_request.created", "obligation.started", "resource_request.submitted", "resource_request.assigned",
        "resource_request.commented",
        "resource_request.information_requested", "resource_request.information_provided", "resource_request.vote", "resource_request.decided",
    ]  # fmt: skip
    kinds = list(Message.objects.order_by("pk").values_list("kind", "status"))
    assert kinds == [
        ("assigned", "sent"),
        ("information_requested", "sent"),
        ("response", "sent"),
        ("decided", "sent"),
    ]


@pytest.mark.parametrize("state", ["draft", "in_review", "information_requested"])
def test_requester_withdraws_from_open_states(tenant: Any, state: str) -> None:
    req = draft(tenant) if state == "draft" else submitted(tenant)
    if state == "information_requested":
        req = services.request_information(req, actor=tenant.user("reviewer"), question="Which class?")
    req = services.withdraw(req, actor=tenant.user("staff"), reason="Found another tool.")
    assert req.state == State.WITHDRAWN
    assert events(req)[-1] == "resource_request.withdrawn"


def test_refused_transitions_change_nothing(tenant: Any) -> None:
    staff, reviewer = tenant.user("staff"), tenant.user("reviewer")
    req = draft(tenant)
    before = snapshot(req)
    with pytest.raises(TransitionRefused):
        services.vote(req, actor=reviewer, outcome="approved")
    with pytest.raises(TransitionRefused):
        services.respond(req, actor=staff, answer="?")
    req = services.submit(req, actor=staff)
    with pytest.raises(TransitionRefused):
        services.submit(req, actor=staff)
    with pytest.raises(TransitionRefused):
        services.respond(req, actor=staff, answer="Nobody asked")
    req = services.withdraw(req, actor=staff)
    before = snapshot(req)
    for call in (
        lambda: services.withdraw(req, actor=staff),
        lambda: services.comment(req, actor=reviewer, body="late"),
        lambda: services.request_information(req, actor=reviewer, question="late"),
        lambda: services.update_draft(req, actor=staff, data={"resource_name": "x"}),
    ):
        with pytest.raises(TransitionRefused):
            call()
    assert snapshot(req) == before


def test_submitting_an_incomplete_draft_names_the_missing_fields(tenant: Any) -> None:
    req = draft(tenant, planned_use="", who_has_access=" ")
    with pytest.raises(ValidationError) as exc:
        services.submit(req, actor=tenant.user("staff"))
    assert set(exc.value.message_dict) == {"planned_use", "who_has_access"}
    req.refresh_from_db()
    assert req.state == State.DRAFT and req.submitted_at is None


def test_nobody_decides_their_own_request(tenant: Any) -> None:
    reviewer, admin = tenant.user("reviewer"), tenant.user("admin")
    req = submitted(tenant, role="reviewer")  # the only committee reviewer files it: nobody to rotate to
    assert req.state == State.SUBMITTED and not req.assignments.exists()
    with pytest.raises(ValidationError, match="own request"):
        services.assign(req, reviewer, actor=admin)
    services.assign(req, admin, actor=admin)
    req.refresh_from_db()
    before = snapshot(req)
    with pytest.raises(services.NotAllowed, match="own request"):
        services.vote(req, actor=reviewer, outcome="approved")
    with pytest.raises(services.NotAllowed, match="own request"):
        services.request_information(req, actor=reviewer, question="Me?")
    assert snapshot(req) == before


def test_unassigned_or_unauthorised_people_cannot_decide(tenant: Any) -> None:
    req = submitted(tenant)
    before = snapshot(req)
    with pytest.raises(services.NotAllowed, match="assigned reviewers"):
        services.vote(req, actor=tenant.user("admin"), outcome="approved")
    for role in ("staff", "auditor"):
        with pytest.raises(services.NotAllowed):
            services.vote(req, actor=tenant.user(role), outcome="approved")
    with pytest.raises(services.NotAllowed):
        services.assign(req, tenant.user("admin"), actor=tenant.user("reviewer"))
    assert snapshot(req) == before


def test_not_approved_needs_a_reason_and_bad_outcomes_are_refused(tenant: Any) -> None:
    req = submitted(tenant)
    before = snapshot(req)
    with pytest.raises(ValidationError, match="reason"):
        services.vote(req, actor=tenant.user("reviewer"), outcome="not_approved", reason="  ")
    with pytest.raises(ValidationError):
        services.vote(req, actor=tenant.user("reviewer"), outcome="maybe")
    assert snapshot(req) == before


def test_directors_gate_holds_an_approval_until_the_terms_are_approved(tenant: Any) -> None:
    reviewer, director = tenant.user("reviewer"), tenant.user("technology_director")
    req = submitted(tenant, terms_url="https://lanternfish.example/terms")
    assert req.terms_review_required and req.terms_pending
    req = services.vote(req, actor=reviewer, outcome="approved", reason="Fine by me.")
    assert req.state == State.IN_REVIEW
    assert any("technology director" in line for line in waiting_on(req, 1))
    assert not ResourceDecision.objects.filter(district=tenant.district).exists()
    with pytest.raises(services.NotAllowed):
        services.approve_terms(req, actor=reviewer)
    req = services.approve_terms(req, actor=director, note="DPA signed.")
    assert req.state == State.DECIDED and req.outcome == "approved" and req.decided_by == director
    assert events(req)[-3:] == [
        "resource_request.vote",
        "resource_request.terms_approved",
        "resource_request.decided",
    ]
    with pytest.raises(TransitionRefused):
        services.approve_terms(req, actor=director)


def test_a_refusal_does_not_wait_for_the_director(tenant: Any) -> None:
    req = submitted(tenant, data_sharing_agreement=True)
    req = services.vote(req, actor=tenant.user("reviewer"), outcome="not_approved", reason="Sells data.")
    assert req.state == State.DECIDED and req.outcome == "not_approved"
    decision = ResourceDecision.objects.get(district=tenant.district)
    # The vote's reason is the requester's; the registry gets only a reason written for the public.
    assert decision.status == DecisionStatus.NOT_APPROVED and decision.reason == PUBLIC_REFUSAL
    assert req.decision_reason == "Sells data."


def test_terms_without_any_terms_are_refused(tenant: Any) -> None:
    req = submitted(tenant)
    with pytest.raises(ValidationError, match="no terms"):
        services.approve_terms(req, actor=tenant.user("technology_director"))


def test_quorum_of_two_waits_for_agreement(tenant: Any) -> None:
    ReviewPolicy.objects.create(district=tenant.district, quorum=2)
    second = add_reviewer(tenant, "second")
    req = submitted(tenant)
    assert {a.reviewer for a in req.assignments.all()} == {tenant.user("reviewer"), second}
    req = services.vote(req, actor=tenant.user("reviewer"), outcome="approved_with_parental_consent")
    assert req.state == State.IN_REVIEW
    req = services.vote(req, actor=second, outcome="approved_with_parental_consent", reason="Under-13 users.")
    assert req.state == State.DECIDED and req.outcome == "approved_with_parental_consent"
    assert req.decision_reason == "Under-13 users."


def test_quorum_disagreement_takes_the_most_restrictive_outcome(tenant: Any) -> None:
    ReviewPolicy.objects.create(district=tenant.district, quorum=2)
    add_reviewer(tenant, "second")
    third = add_reviewer(tenant, "third")
    req = submitted(tenant)  # rotation assigns two: the district's reviewer and "second"
    services.assign(req, third, actor=tenant.user("admin"))
    voters = [a.reviewer for a in req.assignments.all()]
    assert len(voters) == 3
    req = services.vote(req, actor=voters[0], outcome="approved")
    req = services.vote(req, actor=voters[1], outcome="not_approved", reason="Ads shown to students.")
    assert req.state == State.IN_REVIEW  # two votes, no agreement, one reviewer still to vote
    req = services.vote(req, actor=voters[2], outcome="approved_with_parental_consent")
    assert req.state == State.DECIDED and req.outcome == "not_approved"
    assert req.decision_reason == "Ads shown to students."
    decided = AuditEvent.objects.filter(event_type="resource_request.decided").get()
    assert decided.details["by_disagreement"] is True


def test_already_approved_for_these_grades_is_answered_at_once(tenant: Any, catalog_item: Any) -> None:
    before = ResourceDecision.objects.get(resource=catalog_item).updated_at
    req = submitted(
        tenant,
        resource=catalog_item,
        resource_name="Quillstone Writing Studio",
        vendor_name="Quillstone Learning Inc.",
        grade_min=4,
        grade_max=6,
    )  # the request names the linked resource and its vendor (see test_attacks.py)
    assert req.state == State.DECIDED and req.outcome == "approved"
    assert req.decision_reason == services.ALREADY_APPROVED
    assert not req.assignments.exists()
    assert events(req)[-1] == "resource_request.decided"
    assert ResourceDecision.objects.get(resource=catalog_item).updated_at == before


def test_matched_by_link_but_outside_the_grades_goes_to_the_committee(tenant: Any, catalog_item: Any) -> None:
    req = submitted(tenant, resource_name="quill studio", resource_url="https://www.quillstone.example/studio/",
                    grade_min=10, grade_max=12)  # fmt: skip
    assert req.resource == catalog_item and req.state == State.IN_REVIEW
    req = services.vote(req, actor=tenant.user("reviewer"), outcome="approved")
    decision = ResourceDecision.objects.get(resource=catalog_item)
    assert (decision.grade_min, decision.grade_max, decision.status) == (3, 12, "approved")  # band widened
    assert "Vendor signed DPA 2026." in decision.internal_notes  # earlier notes kept


def test_a_refusal_for_other_grades_does_not_revoke_an_approval(tenant: Any, catalog_item: Any) -> None:
    req = submitted(tenant, resource=catalog_item, grade_min=11, grade_max=12)
    services.vote(req, actor=tenant.user("reviewer"), outcome="not_approved", reason="Not for high school.")
    assert ResourceDecision.objects.get(resource=catalog_item).status == "approved"


def test_decision_creates_the_catalogue_entry_and_tells_the_requester(
    tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(tenant)
        req = services.vote(req, actor=tenant.user("reviewer"), outcome="approved_with_parental_consent",
                            reason="Collects reading levels.")  # fmt: skip
    resource = Resource.objects.get(name="Lanternfish Reading Lab")
    assert resource.vendor == Vendor.objects.get(legal_name="Lanternfish Education LLC")
    decision = ResourceDecision.objects.get(district=tenant.district, resource=resource)
    assert decision.status == DecisionStatus.APPROVED_WITH_CONSENT and (
        decision.grade_min,
        decision.grade_max,
    ) == (4, 4)
    assert req.resource == resource
    page = client.get(f"/d/{tenant.district.slug}/resources/{resource.pk}/").content.decode()
    assert "Approved with parental notification and permission" in page
    decided_mail = [m for m in smtp_server.messages if m["To"] == tenant.user("staff").email]
    assert len(decided_mail) == 1
    body = decided_mail[0].get_payload(decode=True).decode()
    assert "Approved; additional parental notification and permission required" in body
    assert "Collects reading levels." in body
    row = Message.objects.get(kind="decided")
    assert row.status == "sent" and row.idempotency_key == f"treq-{req.pk}-decided"


def test_second_decision_and_concurrent_loser_get_a_clear_refusal(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin, reviewer, director = (
        tenant.user("admin"),
        tenant.user("reviewer"),
        tenant.user("technology_director"),
    )
    req = submitted(tenant)
    services.assign(req, director, actor=admin)
    stale = type(req).objects.get(pk=req.pk)  # what the second reviewer's page was built from
    with django_capture_on_commit_callbacks(execute=True):
        services.vote(req, actor=reviewer, outcome="approved", reason="First.")
    before = snapshot(req)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionRefused) as lost:
        services.vote(stale, actor=director, outcome="not_approved", reason="Second.")
    assert "already decided by Reviewer of Birchfield Public Schools" in str(lost.value)
    assert "not recorded" in str(lost.value)
    assert snapshot(req) == before
    assert req.assignments.get(reviewer=director).vote == ""
    with pytest.raises(TransitionRefused, match="already decided"):
        services.vote(req, actor=reviewer, outcome="not_approved", reason="Changed my mind.")
