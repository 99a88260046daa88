"""The technology director's gate holds however the terms arrived, and whoever must act is e-mailed
(issue 9, item 3): terms attached as a document bring the director in; one reviewer's approval then
waits for the director, who is e-mailed when the gate applies and again when only they remain."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vetted.outbox.models import Message
from vetted.resource_requests import services
from vetted.resource_requests.services.attachments import add_attachment
from vetted.resource_requests.states import State

from .factories import draft, submitted

pytestmark = pytest.mark.django_db

TERMS = b"Terms of service. We may share information with partners.\n"


def _page(req: Any, suffix: str = "") -> str:
    return f"/manage/{req.district.slug}/resource-requests/{req.pk}/{suffix}"


def _director_mail(tenant: Any) -> list[Message]:
    return list(
        Message.objects.filter(to_email=tenant.user("technology_director").email, kind="terms_waiting")
    )


def test_terms_attached_as_a_document_bring_in_the_director(client_as: Any, tenant: Any) -> None:
    req = submitted(tenant)  # no terms link, no agreement question: no gate yet
    assert not req.terms_review_required and _director_mail(tenant) == []
    upload = SimpleUploadedFile("terms.txt", TERMS, content_type="text/plain")
    staff = client_as(tenant.user("staff"))
    assert staff.post(_page(req, "documents/"), {"kind": "terms", "file": upload}).status_code == 302
    mails = _director_mail(tenant)
    assert len(mails) == 1 and "Terms to approve" in mails[0].subject and _page(req) in mails[0].body
    # One reviewer approves: the request still waits, and the page says for whom.
    reviewer = client_as(tenant.user("reviewer"))
    assert reviewer.post(_page(req, "vote/"), {"outcome": "approved", "reason": "Fine."}).status_code == 302
    req.refresh_from_db()
    assert req.state == State.IN_REVIEW and req.outcome == ""
    assert "(technology director) must approve or refuse" in reviewer.get(_page(req)).content.decode()
    mails = _director_mail(tenant)
    assert len(mails) == 2 and "waiting for you" in mails[1].subject
    # The director approves the terms: now the request is decided.
    director = client_as(tenant.user("technology_director"))
    assert director.post(_page(req, "approve-terms/"), {"note": "Read them."}).status_code == 302
    req.refresh_from_db()
    assert req.state == State.DECIDED and req.outcome == "approved"


def test_a_privacy_policy_alone_does_not_need_the_director(tenant: Any) -> None:
    req = submitted(tenant)
    add_attachment(req, SimpleUploadedFile("privacy.txt", TERMS, content_type="text/plain"),
                   actor=tenant.user("staff"), kind="privacy_policy")  # fmt: skip
    assert not req.terms_review_required and _director_mail(tenant) == []


def test_director_is_emailed_on_submission_when_the_vendor_asks_for_an_agreement(tenant: Any) -> None:
    req = submitted(tenant, data_sharing_agreement=True)
    assert req.terms_pending
    assert len(_director_mail(tenant)) == 1
    assert _director_mail(tenant)[0].to_email != req.requester.email


def test_the_requester_who_is_director_is_not_asked(tenant: Any) -> None:
    draft_req = draft(tenant, "technology_director", data_sharing_agreement=True)
    services.submit(draft_req, actor=tenant.user("technology_director"))
    assert _director_mail(tenant) == []
