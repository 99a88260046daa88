"""The review API: results and refusals, accept/override with audit, the amendment request, bad input."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from vetted.agreements.models.review import DocumentReview
from vetted.agreements.tasks import reviews as tasks
from vetted.audit.models import AuditEvent

from .review_documents import blank_pdf, store_document
from .review_worlds import World

pytestmark = pytest.mark.django_db


def _api(w: World, suffix: str) -> str:
    return f"/api/v1/districts/{w.slug}/agreements/{w.agreement.pk}/{suffix}"


def test_review_result_and_refusal(world: World, ct: Any, api_as: Any, monkeypatch: Any) -> None:
    api = api_as(ct.user("auditor"))
    body = api.get(_api(world, f"documents/{world.doc.pk}/review/")).json()
    assert body["status"] == "done" and body["document"] == world.doc.pk
    findings = {p["id"]: p for p in body["result"]["provisions"]}
    assert findings["breach_notification"]["status"] == "insufficient"
    monkeypatch.undo()  # the real sandbox for the scanned file
    scan = store_document(world.agreement, blank_pdf(), "scan.pdf")
    tasks.run_document_reviews(timezone.now())
    body = api.get(_api(world, f"documents/{scan.pk}/review/")).json()
    assert body["status"] == "failed" and body["error_code"] == "no_text_layer" and body["result"] is None


def test_rerun_queues_again(world: World, ct: Any, api_as: Any) -> None:
    response = api_as(ct.user("admin")).post(_api(world, f"documents/{world.doc.pk}/review/rerun/"))
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert DocumentReview.objects.get(document=world.doc).status == "queued"


def test_accept_and_override(world: World, ct: Any, api_as: Any) -> None:
    api = api_as(ct.user("technology_director"))
    ownership = world.agreement.checks.get(provision_id="ownership")
    accepted = api.post(_api(world, f"checklist/{ownership.pk}/accept/")).json()
    assert accepted["source"] == "person" and accepted["status"] == "present"
    again = api.post(_api(world, f"checklist/{ownership.pk}/accept/"))
    assert again.status_code == 400  # nothing automatic left to accept
    url = _api(world, f"checklist/{world.check.pk}/override/")
    assert api.post(url, {"status": "missing"}, format="json").status_code == 400  # no reason
    assert api.post(url, {"status": "missing", "reason": "  "}, format="json").status_code == 400
    assert api.post(url, {"status": "unreviewed", "reason": "x"}, format="json").status_code == 400
    assert api.post(url, {"status": "insufficient", "reason": "same"}, format="json").status_code == 400
    world.check.refresh_from_db()
    assert world.check.source == "automatic"
    done = api.post(url, {"status": "present", "reason": "Section 2 is 48 hours in the signed copy.",
                          "location": "Signed copy, section 2"}, format="json")  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "present"
    event = AuditEvent.objects.get(event_type="agreement.check_overridden")
    assert (
        event.details["before"]["status"] == "insufficient" and event.details["after"]["status"] == "present"
    )
    assert AuditEvent.objects.filter(event_type="agreement.check_accepted").count() == 1


def test_amendment_request_as_docx_changes_nothing_but_is_audited(world: World, ct: Any, api_as: Any) -> None:
    api = api_as(ct.user("admin"))
    before = AuditEvent.objects.count()
    response = api.get(_api(world, "amendment-request/?format=docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "no later than 48 hours after" in text and "For this agreement" not in text
    assert "Sincerely," in text and "Admin of Birchfield Public Schools" in text
    world.agreement.refresh_from_db()
    assert world.agreement.amendment_requested_on is None and AuditEvent.objects.count() == before + 1
    downloaded = AuditEvent.objects.latest("pk")
    assert (downloaded.event_type, downloaded.actor) == ("agreement.amendment_downloaded", ct.user("admin"))
    assert api.get(_api(world, "amendment-request/?format=exe")).status_code == 400


def test_recording_the_amendment_as_sent(world: World, ct: Any, api_as: Any) -> None:
    api = api_as(ct.user("admin"))
    url = _api(world, "amendment-request/sent/")
    assert api.post(url, {"sent_on": "not a date"}, format="json").status_code == 400
    tomorrow = timezone.localdate(timezone=ct.district.tz) + dt.timedelta(days=1)
    assert api.post(url, {"sent_on": tomorrow.isoformat()}, format="json").status_code == 400
    done = api.post(url, {"sent_on": "2026-11-20", "note": "Sent by mail"}, format="json")
    assert done.status_code == 200 and done.json()["amendment_requested_on"] == "2026-11-20"
    [event] = AuditEvent.objects.filter(event_type="agreement.amendment_sent")
    assert event.details["sent_on"] == "2026-11-20" and event.details["note"] == "Sent by mail"
    assert api_as(ct.user("auditor")).post(url, {}, format="json").status_code == 403


def test_not_found_for_unknown_ids_and_other_districts(
    world: World, ct: Any, other_tenant: Any, api_as: Any, client_as: Any
) -> None:
    from vetted.agreements.services import agreements as svc
    from vetted.catalog.services import create_vendor

    vendor = create_vendor(other_tenant.district, actor=other_tenant.user("admin"),
                           data={"legal_name": "Tamarack Tutoring LLC"})  # fmt: skip
    theirs = svc.create_agreement(other_tenant.district, actor=other_tenant.user("admin"), vendor=vendor,
                                  data={"title": "Tamarack DPA", "kind": "vendor"})  # fmt: skip
    their_doc = store_document(theirs, b"%PDF-1.4 x", "t.pdf")
    their_check = theirs.checks.first()
    assert their_check is not None
    api, page = api_as(ct.user("admin")), client_as(ct.user("admin"))
    before = AuditEvent.objects.count()
    # Another district's document or check id under our agreement: 404, never theirs.
    assert api.get(_api(world, f"documents/{their_doc.pk}/review/")).status_code == 404
    assert api.post(_api(world, f"documents/{their_doc.pk}/review/rerun/")).status_code == 404
    assert api.post(_api(world, f"checklist/{their_check.pk}/accept/")).status_code == 404
    assert api.post(_api(world, "checklist/999999/override/"), {"status": "missing", "reason": "x"},
                    format="json").status_code == 404  # fmt: skip
    assert (
        api.get(f"/api/v1/districts/{ct.district.slug}/agreements/{theirs.pk}/amendment-request/").status_code
        == 404
    )
    assert (
        api.post(
            f"/api/v1/districts/{ct.district.slug}/agreements/{theirs.pk}/amendment-request/sent/"
        ).status_code
        == 404
    )
    base = f"/manage/{ct.district.slug}/agreements/{world.agreement.pk}/"
    assert page.get(base + f"documents/{their_doc.pk}/review/").status_code == 404
    assert page.post(base + f"checklist/{their_check.pk}/accept/").status_code == 404
    assert page.get(base + "checklist/999999/override/").status_code == 404
    assert AuditEvent.objects.count() == before
    their_check.refresh_from_db()
    assert their_check.source == "person" and their_check.status == "unreviewed"
