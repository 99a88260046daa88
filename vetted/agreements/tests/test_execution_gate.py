"""Executing and general offers are gated (issue 9, item 4), seen from the page and the API: the
refusal lists what is still missing; machine findings are proposals until a person accepts them; an
unmet provision may be accepted with a reason by a named person (audited)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from vetted.agreements.models import Agreement, CheckSource, CheckStatus
from vetted.agreements.services import agreements as svc
from vetted.agreements.services import checklist
from vetted.audit.models import AuditEvent

from .gate import make_ready

pytestmark = pytest.mark.django_db


def _bare(draft: Agreement, ct: Any) -> Agreement:
    """Signed by the vendor, but no district signatory, no signed copy, nothing checked."""
    svc.transition(draft, "vendor_sign", actor=ct.user("admin"))
    return draft


def test_execute_refused_on_the_page_with_what_is_missing(draft: Agreement, ct: Any, client_as: Any) -> None:
    agreement = _bare(draft, ct)
    url = reverse("staff-agreement-transition", args=[ct.district.slug, agreement.pk, "execute"])
    response = client_as(ct.user("admin")).post(url)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Name the person who signs for the district." in page
    assert "Upload the signed copy" in page
    assert "neither met nor accepted with a reason" in page
    agreement.refresh_from_db()
    assert agreement.status == "signed_by_vendor"
    assert not AuditEvent.objects.filter(event_type="agreement.executed").exists()


def test_execute_refused_in_the_api_with_field_errors(draft: Agreement, ct: Any, api_as: Any) -> None:
    agreement = _bare(draft, ct)
    url = f"/api/v1/districts/{ct.district.slug}/agreements/{agreement.pk}/transition/"
    response = api_as(ct.user("admin")).post(url, {"action": "execute"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert {"district_signatory_name", "signed_copy", "checks"} <= set(body)
    make_ready(agreement, ct.user("admin"))
    assert api_as(ct.user("admin")).post(url, {"action": "execute"}, format="json").status_code == 200


def test_machine_findings_are_proposals_until_a_person_accepts(draft: Agreement, ct: Any) -> None:
    admin = ct.user("admin")
    make_ready(draft, admin)
    check = draft.checks.first()
    assert check is not None
    # The automatic review says present: counted as a proposal, not as present, and it does not pass the gate.
    type(check).objects.filter(pk=check.pk).update(source=CheckSource.AUTOMATIC, status=CheckStatus.PRESENT)
    counts = checklist.summary(draft)
    assert counts["proposed"] == 1 and counts["proposed_present"] == 1
    assert counts["present"] == draft.checks.count() - 1
    svc.transition(draft, "vendor_sign", actor=admin)
    with pytest.raises(Exception) as refused:
        svc.transition(draft, "execute", actor=admin)
    assert "only the automatic review's proposal" in str(refused.value)
    checklist.accept_finding(draft.checks.get(pk=check.pk), actor=admin)
    assert svc.transition(draft, "execute", actor=admin).status == "fully_executed"


def test_accepting_a_gap_needs_a_reason_and_is_audited(draft: Agreement, ct: Any, client_as: Any) -> None:
    admin = ct.user("admin")
    check = draft.checks.first()
    assert check is not None
    checklist.mark_check(check, actor=admin, status="missing")
    url = reverse("staff-check-accept-gap", args=[ct.district.slug, draft.pk, check.pk])
    client = client_as(admin)
    client.post(url, {"reason": "  "})
    check.refresh_from_db()
    assert check.accepted_reason == ""
    assert client.post(url, {"reason": "Covered by the state contract."}).status_code == 302
    check.refresh_from_db()
    assert check.accepted_by == admin and check.accepted_reason == "Covered by the state contract."
    event = AuditEvent.objects.get(event_type="agreement.provision_accepted")
    assert event.details["reason"] == "Covered by the state contract." and event.details["provision"]
    page = client.get(
        reverse("staff-agreement-checklist", args=[ct.district.slug, draft.pk])
    ).content.decode()
    assert "Accepted without it" in page and "Covered by the state contract." in page


def test_general_offer_refused_until_provisions_are_met(draft: Agreement, ct: Any) -> None:
    admin = ct.user("admin")
    svc.update_agreement(draft, actor=admin, data={"general_offer": False})
    make_ready(draft, admin)
    svc.transition(draft, "vendor_sign", actor=admin)
    svc.transition(draft, "execute", actor=admin)
    check = draft.checks.first()
    assert check is not None
    checklist.mark_check(check, actor=admin, status="conflict", note="Delaware law governs.")
    with pytest.raises(Exception) as refused:
        svc.update_agreement(draft, actor=admin, data={"general_offer": True})
    assert "general_offer" in refused.value.message_dict  # type: ignore[attr-defined]
    draft.refresh_from_db()
    assert not draft.general_offer
    checklist.accept_gap(check, actor=admin, reason="Counsel accepts Delaware law.")
    assert svc.update_agreement(draft, actor=admin, data={"general_offer": True}).general_offer
