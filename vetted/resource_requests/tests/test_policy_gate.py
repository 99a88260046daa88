"""District policy gates approval (issue 9, item 12), tried from the pages and the API.

A district that on-boards a vendor storing student data only under a fully executed agreement says
so in its review settings; the decision form then lists what the policy still needs (the agreement,
answers to the red flags of attached documents, the director) and refuses an approval until it is
met, or until an admin overrides it with a reason the audit trail keeps.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vetted.agreements.models import Agreement, AgreementStatus
from vetted.audit.models import AuditEvent
from vetted.catalog.models import DataElement, ResourceDecision
from vetted.documents.tasks import run_read_jobs
from vetted.resource_requests import services
from vetted.resource_requests.models import RequestAttachment, ReviewPolicy
from vetted.resource_requests.services.attachments import add_attachment
from vetted.resource_requests.states import State

from .factories import submitted
from .test_attachments import RISKY_TERMS

pytestmark = pytest.mark.django_db

NEEDS_AGREEMENT = "A fully executed data privacy agreement covering this resource"


def _page(req: Any, suffix: str = "") -> str:
    return f"/manage/{req.district.slug}/resource-requests/{req.pk}/{suffix}"


def _require_agreement(tenant: Any) -> None:
    ReviewPolicy.objects.update_or_create(
        district=tenant.district, defaults={"require_executed_agreement": True}
    )


def _execute_agreement_for(tenant: Any, resource: Any, **fields: Any) -> Agreement:
    agreement = Agreement.objects.create(
        district=tenant.district, vendor=resource.vendor, title="Student Data Privacy Agreement 2026",
        kind="standard", status=AgreementStatus.FULLY_EXECUTED, executed_date=timezone.localdate(), **fields,
    )  # fmt: skip
    agreement.resources.add(resource)
    return agreement


def _request_for(tenant: Any, resource: Any) -> Any:
    return submitted(tenant, resource_name=resource.name, vendor_name=resource.vendor.legal_name,
                     resource_url=resource.url, grade_min=4, grade_max=4)  # fmt: skip


@pytest.fixture
def unapproved(catalog_item: Any, tenant: Any) -> Any:
    """The catalogue's resource, not approved in this district yet (it stores student work)."""
    ResourceDecision.objects.filter(district=tenant.district).delete()
    return catalog_item


def test_the_settings_page_turns_the_policy_on(client_as: Any, tenant: Any) -> None:
    admin = client_as(tenant.user("admin"))
    url = f"/manage/{tenant.district.slug}/resource-requests/settings/"
    assert "approve only under an executed agreement" in admin.get(url).content.decode().lower()
    data = {"quorum": 1, "review_business_days": 10, "reminder_business_days": 2, "auto_assign": "on",
            "require_executed_agreement": "on"}  # fmt: skip
    assert admin.post(url, data).status_code == 302
    assert ReviewPolicy.objects.get(district=tenant.district).require_executed_agreement


def test_an_approval_waits_for_an_executed_agreement(client_as: Any, tenant: Any, unapproved: Any) -> None:
    _require_agreement(tenant)
    req = _request_for(tenant, unapproved)
    reviewer = client_as(tenant.user("reviewer"))
    page = reviewer.get(_page(req)).content.decode()
    assert "What the district's policy still needs" in page and NEEDS_AGREEMENT in page
    assert "approve anyway" not in page  # the override is an admin's, and its field is not shown
    response = reviewer.post(_page(req, "vote/"), {"outcome": "approved", "reason": "Useful."})
    assert response.status_code == 400 and NEEDS_AGREEMENT in response.content.decode()
    req.refresh_from_db()
    assert (
        req.state == State.IN_REVIEW and req.outcome == "" and not req.assignments.exclude(vote="").exists()
    )
    assert not ResourceDecision.objects.filter(district=tenant.district).exists()
    # A draft, a terminated or an expired agreement is not one the policy accepts.
    _execute_agreement_for(tenant, unapproved, expiry_date=timezone.localdate().replace(year=2020))
    Agreement.objects.create(
        district=tenant.district, vendor=unapproved.vendor, title="Draft", kind="standard"
    )
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved"}).status_code == 400
    # Executed: the same approval decides the request, and the registry shows it.
    _execute_agreement_for(tenant, unapproved)
    assert NEEDS_AGREEMENT not in reviewer.get(_page(req)).content.decode()
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved", "reason": "Useful."}).status_code == 302
    req.refresh_from_db()
    assert req.state == State.DECIDED and req.outcome == "approved"
    assert ResourceDecision.objects.get(district=tenant.district, resource=unapproved).status == "approved"


def test_a_refusal_is_always_possible(client_as: Any, tenant: Any, unapproved: Any) -> None:
    _require_agreement(tenant)
    req = _request_for(tenant, unapproved)
    reviewer = client_as(tenant.user("reviewer"))
    response = reviewer.post(_page(req, "vote/"), {"outcome": "not_approved", "reason": "No agreement yet."})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.outcome == "not_approved"


def test_no_agreement_is_needed_for_a_resource_recorded_as_collecting_nothing(
    client_as: Any, tenant: Any
) -> None:
    _require_agreement(tenant)
    req = submitted(tenant, resource_name="Owlet Star Chart", vendor_name="Owlet Skies LLC",
                    resource_url="https://owlet.example/", student_accounts=False,
                    collects_no_student_data=True)  # fmt: skip
    reviewer = client_as(tenant.user("reviewer"))
    assert NEEDS_AGREEMENT not in reviewer.get(_page(req)).content.decode()
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved"}).status_code == 302
    req.refresh_from_db()
    assert req.outcome == "approved"


def test_unknown_data_is_read_as_storing_student_data(client_as: Any, tenant: Any) -> None:
    _require_agreement(tenant)
    req = submitted(tenant, resource_name="Owlet Star Chart", student_accounts=False)  # nothing recorded
    assert NEEDS_AGREEMENT in client_as(tenant.user("reviewer")).get(_page(req)).content.decode()


def test_an_admin_overrides_with_a_reason_that_is_audited(
    client_as: Any, tenant: Any, unapproved: Any
) -> None:
    _require_agreement(tenant)
    req = _request_for(tenant, unapproved)
    admin = tenant.user("admin")
    services.assign(req, admin, actor=admin)
    client = client_as(admin)
    page = client.get(_page(req)).content.decode()
    assert "approve anyway" in page and 'name="override_reason"' in page
    # Without a reason: refused, nothing recorded.
    assert client.post(_page(req, "vote/"), {"outcome": "approved"}).status_code == 400
    assert not AuditEvent.objects.filter(event_type="resource_request.policy_overridden").exists()
    why = "The agreement is signed on paper; the scan follows on Monday."
    response = client.post(_page(req, "vote/"), {"outcome": "approved", "override_reason": why})
    assert response.status_code == 302
    req.refresh_from_db()
    assert (
        req.state == State.DECIDED and req.policy_override_reason == why and req.policy_override_by == admin
    )
    event = AuditEvent.objects.get(event_type="resource_request.policy_overridden")
    assert event.details["reason"] == why and any(NEEDS_AGREEMENT in m for m in event.details["missing"])
    assert why in client.get(_page(req)).content.decode()


def test_a_reviewer_cannot_override(client_as: Any, tenant: Any, unapproved: Any) -> None:
    _require_agreement(tenant)
    req = _request_for(tenant, unapproved)
    response = client_as(tenant.user("reviewer")).post(
        _page(req, "vote/"), {"outcome": "approved", "override_reason": "Trust me."}
    )
    assert response.status_code == 400
    req.refresh_from_db()
    assert req.state == State.IN_REVIEW and req.policy_override_at is None


def _flagged_request(tenant: Any) -> tuple[Any, RequestAttachment]:
    # A privacy policy: red flags without the director's gate, so only the answers are tested.
    req = submitted(tenant)
    add_attachment(
        req, SimpleUploadedFile("fotofield.txt", RISKY_TERMS, content_type="text/plain"),
        actor=tenant.user("staff"), kind="privacy_policy",
    )  # fmt: skip
    run_read_jobs(timezone.now())
    attachment = RequestAttachment.objects.get(request=req)
    assert attachment.red_flags
    return req, attachment


def test_red_flags_are_answered_before_an_approval(client_as: Any, tenant: Any) -> None:
    req, doc = _flagged_request(tenant)
    reviewer = client_as(tenant.user("reviewer"))
    count = len(doc.red_flags)
    page = reviewer.get(_page(req)).content.decode()
    assert f"An answer to {count} red flag" in page and "Not answered yet." in page
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved"}).status_code == 400
    for flag in doc.red_flags:
        url = _page(req, f"documents/{doc.pk}/flags/{flag['provision_id']}/answer/")
        response = reviewer.post(
            url, {"answer": f"Asked the vendor about {flag['provision_id']}; turned off."}
        )
        assert response.status_code == 302
    page = reviewer.get(_page(req)).content.decode()
    assert "An answer to" not in page and "Not answered yet." not in page and "Asked the vendor about" in page
    assert AuditEvent.objects.filter(event_type="resource_request.red_flag_answered").count() == count
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved"}).status_code == 302
    req.refresh_from_db()
    assert req.outcome == "approved"


def test_a_flag_answer_is_refused_to_those_who_may_not_give_it(
    client_as: Any, tenant: Any, other_tenant: Any
) -> None:
    req, doc = _flagged_request(tenant)
    url = _page(req, f"documents/{doc.pk}/flags/{doc.red_flags[0]['provision_id']}/answer/")
    data = {"answer": "Fine by me."}
    assert client_as(tenant.user("staff")).post(url, data).status_code == 403  # the requester
    assert client_as(tenant.user("auditor")).post(url, data).status_code == 403
    assert client_as(other_tenant.user("admin")).post(url, data).status_code == 404
    assert client_as(None).post(url, data).status_code == 302  # to sign-in
    # A flag the document does not have, and an empty answer: 400 with the reason, nothing saved.
    reviewer = client_as(tenant.user("reviewer"))
    bad = _page(req, f"documents/{doc.pk}/flags/no_such_flag/answer/")
    assert "no such red flag" in reviewer.post(bad, data).content.decode()
    response = reviewer.post(url, {"answer": "   "})
    assert response.status_code == 400 and "Write the answer" in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="resource_request.red_flag_answered").exists()


def test_the_api_lists_the_needs_and_refuses_with_field_errors(
    api_as: Any, tenant: Any, unapproved: Any
) -> None:
    _require_agreement(tenant)
    req = _request_for(tenant, unapproved)
    api = api_as(tenant.user("reviewer"))
    base = f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/"
    assert any(NEEDS_AGREEMENT in n for n in api.get(base).json()["policy_needs"])
    response = api.post(base + "vote/", {"outcome": "approved"}, format="json")
    assert response.status_code == 400 and any(NEEDS_AGREEMENT in m for m in response.json()["outcome"])


def test_the_direct_catalogue_decision_asks_the_same_policy(
    client_as: Any, tenant: Any, unapproved: Any
) -> None:
    _require_agreement(tenant)
    url = f"/manage/{tenant.district.slug}/resources/{unapproved.pk}/decision/"
    reviewer = client_as(tenant.user("reviewer"))
    form = reviewer.get(url).content.decode()
    assert NEEDS_AGREEMENT in form and 'name="override_reason"' not in form
    response = reviewer.post(url, {"status": "approved"})
    assert response.status_code == 200 and NEEDS_AGREEMENT in response.content.decode()
    assert not ResourceDecision.objects.filter(district=tenant.district).exists()
    assert reviewer.post(url, {"status": "pending"}).status_code == 302  # anything but an approval
    admin = client_as(tenant.user("admin"))
    assert 'name="override_reason"' in admin.get(url).content.decode()
    why = "Board approved the pilot pending the agreement."
    consent = {"status": "approved_with_parental_consent", "override_reason": why}
    assert admin.post(url, consent).status_code == 302
    event = AuditEvent.objects.get(event_type="decision.policy_overridden")
    assert event.details["reason"] == why
    # Once approved, the decision's other fields are edited without the gate.
    assert (
        reviewer.post(url, {"status": "approved", "conditions": "Teacher accounts only."}).status_code == 302
    )


def test_the_decisions_api_refuses_and_keeps_staff_only_and_elements_off(
    api_as: Any, tenant: Any, unapproved: Any
) -> None:
    base = f"/api/v1/districts/{tenant.district.slug}/decisions/"
    api = api_as(tenant.user("admin"))
    assert api.post(base, {"resource": unapproved.pk, "status": "approved", "staff_only": True,
                           "elements_off": ["student-work"]}, format="json").status_code == 201  # fmt: skip
    # A partial update that leaves them out keeps them (it used to reset them).
    assert (
        api.patch(f"{base}{unapproved.pk}/", {"conditions": "Teacher-led."}, format="json").status_code == 200
    )
    decision = ResourceDecision.objects.get(district=tenant.district, resource=unapproved)
    assert decision.staff_only and list(decision.elements_off.values_list("code", flat=True)) == [
        "student-work"
    ]
    assert api.patch(f"{base}{unapproved.pk}/", {"staff_only": False, "elements_off": []},
                     format="json").status_code == 200  # fmt: skip
    decision.refresh_from_db()
    assert not decision.staff_only and not decision.elements_off.exists()
    # With the policy on, an approval from "not approved" is refused with the need as a field error.
    _require_agreement(tenant)
    assert api.patch(f"{base}{unapproved.pk}/", {"status": "not_approved", "reason": "Paused."},
                     format="json").status_code == 200  # fmt: skip
    response = api.patch(f"{base}{unapproved.pk}/", {"status": "approved"}, format="json")
    assert response.status_code == 400 and any(NEEDS_AGREEMENT in m for m in response.json()["status"])
    assert DataElement.objects.filter(code="student-work").exists()


def test_the_vote_carries_a_public_reason_apart_from_the_requesters(
    client_as: Any, tenant: Any, unapproved: Any
) -> None:
    req = _request_for(tenant, unapproved)
    internal = "Ms Okafor, the vendor ignored our two e-mails."
    public = "It collects more about students than the lesson needs."
    response = client_as(tenant.user("reviewer")).post(
        _page(req, "vote/"), {"outcome": "not_approved", "reason": internal, "public_reason": public}
    )
    assert response.status_code == 302
    registry = client_as(None).get(f"/d/{tenant.district.slug}/resources/{unapproved.pk}/").content.decode()
    assert public in registry and "ignored our two" not in registry
    req.refresh_from_db()
    assert req.decision_reason == internal and req.public_reason == public
