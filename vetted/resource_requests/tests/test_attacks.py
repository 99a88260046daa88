"""Regression tests for the attacks of issue 8 on staff requests and the catalogue's decisions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vetted.audit.models import AuditEvent
from vetted.catalog import services as catalog
from vetted.catalog.models import ResourceDecision
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest
from vetted.resource_requests.states import State, TransitionRefused

from .factories import COMPLETE, submitted

pytestmark = pytest.mark.django_db


def _unrelated_not_approved(tenant: Any, catalog_item: Any) -> Any:
    """Another resource of the catalogue that this district has NOT approved."""
    admin = tenant.user("admin")
    other = catalog.create_resource(
        tenant.district, actor=admin,
        data={"name": "Gullwing Tracker", "vendor": catalog_item.vendor, "grade_min": 0, "grade_max": 12,
              "url": "https://gullwing.example/", "description": "Location tracking."},
    )  # fmt: skip
    catalog.decide(tenant.district, other, actor=admin, status="not_approved", reason="Tracks location.")
    return other


def test_attack_requester_edits_submitted_request_during_question(
    tenant: Any, catalog_item: Any, client_as: Any, api_as: Any
) -> None:
    staff, reviewer = tenant.user("staff"), tenant.user("reviewer")
    unrelated = _unrelated_not_approved(tenant, catalog_item)
    req = submitted(tenant, terms_url="https://lanternfish.example/terms", data_sharing_agreement=True)
    req = services.request_information(req, actor=reviewer, question="Does it show ads?")
    staff_page = client_as(staff)  # signing in is an audit event: before counting
    events_before = AuditEvent.objects.filter(district=tenant.district).count()
    tampering = {"terms_url": "", "data_sharing_agreement": False, "grade_min": 0, "grade_max": 12,
                 "resource": unrelated, "resource_name": "Gullwing Tracker"}  # fmt: skip

    # The service, the page and the API all refuse to change a submitted request's fields.
    with pytest.raises(TransitionRefused):
        services.update_draft(req, actor=staff, data=tampering)
    page = staff_page.post(
        f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/edit/",
        {**COMPLETE, "terms_url": "", "grade_min": 0, "grade_max": 12, "resource": str(unrelated.pk),
         "app_requires_parental_permission": "no", "action": "save"},
    )  # fmt: skip
    assert page.status_code == 302  # back to the request, with the refusal as a message
    api = api_as(staff).patch(
        f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/",
        {"terms_url": "", "data_sharing_agreement": False, "grade_min": 0, "resource": unrelated.pk},
        format="json",
    )
    assert api.status_code == 409
    assert AuditEvent.objects.filter(district=tenant.district).count() == events_before
    req.refresh_from_db()
    assert req.terms_url == "https://lanternfish.example/terms" and req.data_sharing_agreement
    assert (req.grade_min, req.grade_max) == (4, 4) and req.resource_id != unrelated.pk

    # Answering the question changes only the conversation; the director's gate still holds.
    req = services.respond(req, actor=staff, answer="No ads.")
    req = services.vote(req, actor=reviewer, outcome="approved", reason="Fine.")
    assert req.state == State.IN_REVIEW and req.terms_pending  # waits for the technology director
    assert ResourceDecision.objects.get(district=tenant.district, resource=unrelated).status == "not_approved"


def test_attack_reviewer_approves_own_resource_via_decisions_endpoint(
    tenant: Any, catalog_item: Any, api_as: Any, client_as: Any
) -> None:
    reviewer = tenant.user("reviewer")
    unrelated = _unrelated_not_approved(tenant, catalog_item)
    req = submitted(
        tenant, role="reviewer", resource_name=unrelated.name, vendor_name=unrelated.vendor.legal_name
    )
    req.refresh_from_db()
    assert req.resource_id == unrelated.pk and req.state == State.SUBMITTED  # the only reviewer: no rotation
    base = f"/api/v1/districts/{tenant.district.slug}/decisions/"

    # While the request is open nobody decides the resource directly, not even an admin.
    for user in (reviewer, tenant.user("admin")):
        response = api_as(user).post(base, {"resource": unrelated.pk, "status": "approved"}, format="json")
        assert response.status_code == 403, response.content
        patched = api_as(user).patch(f"{base}{unrelated.pk}/", {"status": "approved"}, format="json")
        assert patched.status_code in (403, 404)
    page = client_as(reviewer).post(
        f"/manage/{tenant.district.slug}/resources/{unrelated.pk}/decision/", {"status": "approved"}
    )
    assert page.status_code == 403
    with pytest.raises(PermissionDenied):
        catalog.decide(tenant.district, unrelated, actor=reviewer, status="approved")
    assert ResourceDecision.objects.get(district=tenant.district, resource=unrelated).status == "not_approved"

    # Once it is withdrawn, the requester still may not decide it directly (their own request);
    # another committee member may.
    services.withdraw(req, actor=reviewer)
    other = submitted(tenant, role="reviewer", resource_name=unrelated.name,
                      vendor_name=unrelated.vendor.legal_name)  # fmt: skip
    services.assign(other, tenant.user("admin"), actor=tenant.user("admin"))
    services.vote(other, actor=tenant.user("admin"), outcome="not_approved", reason="Still tracks.")
    with pytest.raises(PermissionDenied):
        catalog.decide(tenant.district, unrelated, actor=reviewer, status="approved")
    catalog.decide(tenant.district, unrelated, actor=tenant.user("admin"), status="retired", reason="Gone.")
    assert ResourceDecision.objects.get(district=tenant.district, resource=unrelated).status == "retired"


def test_attack_already_approved_shortcut_with_unrelated_resource(tenant: Any, catalog_item: Any) -> None:
    # catalog_item (Quillstone Writing Studio) is approved for grades 3-8 in this district.
    req = services.create_draft(
        tenant.district, actor=tenant.user("staff"),
        data={**COMPLETE, "resource": catalog_item, "grade_min": 5, "grade_max": 5},
    )  # fmt: skip
    req = services.submit(req, actor=tenant.user("staff"))
    assert req.state == State.IN_REVIEW and req.outcome == ""  # the committee reviews Lanternfish
    assert not AuditEvent.objects.filter(
        district=tenant.district, event_type="resource_request.decided", subject_id=str(req.pk)
    ).exists()

    # The same resource, named as it is: answered at once, as before.
    same = services.create_draft(
        tenant.district, actor=tenant.user("staff"),
        data={**COMPLETE, "resource_name": " quillstone  writing studio", "vendor_name": "Quillstone Learning Inc.",
              "resource": catalog_item, "grade_min": 5, "grade_max": 5},
    )  # fmt: skip
    same = services.submit(same, actor=tenant.user("staff"))
    assert same.state == State.DECIDED and same.decision_reason == services.ALREADY_APPROVED
    assert ResourceRequest.objects.filter(state=State.DECIDED).count() == 1
