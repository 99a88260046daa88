"""The vendor certifies through its link: the certificate becomes a real PDF kept with the link's
agreement (and only that one), the link works once; forged, altered, expired, revoked and reused links
get a clear refusal page, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.test import Client
from django.utils import timezone

from vetted.agreements.models import AgreementDocument
from vetted.agreements.services.documents import open_document
from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.disposition.models import DispositionCertificate, DispositionLink, DispositionObligation
from vetted.disposition.services import links

from .conftest import at, end

pytestmark = pytest.mark.django_db


def form(**over: Any) -> dict[str, Any]:
    data = {
        "extent": "partial", "categories": [], "other_categories": "Teacher comments\nEssay drafts",
        "method": "destroyed", "method_detail": "Cryptographic erase following NIST SP 800-88 Purge",
        "disposed_on": "2026-07-01", "backups_included": "yes", "backups_note": "",
        "signer_name": "Ines Calloway", "signer_title": "Data Protection Officer",
        "signer_organisation": "Quillstone Learning Inc.", "signer_email": "ines.calloway@quillstone.example",
        "attested": "on",
    }  # fmt: skip
    data.update(over)
    return data


def url_of(link: DispositionLink) -> str:
    return f"/vendor/disposition/{links.make_token(link)}/"


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", " ")


@pytest.fixture
def ended(executed: Any, tenant: Any) -> DispositionObligation:
    end(executed, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    return DispositionObligation.objects.get(agreement=executed)


def test_the_vendor_certifies_once_and_the_pdf_is_kept_with_the_agreement(
    ended: DispositionObligation,
) -> None:
    link = ended.links.get()
    vendor = Client()
    page = vendor.get(url_of(link))
    assert page.status_code == 200 and b"Quillstone DPA 2026" in page.content
    grades = ended.agreement.data_elements.get(code="grades")
    response = vendor.post(url_of(link), form(categories=[grades.pk]))
    assert response.status_code == 200, response.content[:2000]
    cert = DispositionCertificate.objects.get()
    assert cert.agreement == ended.agreement and cert.obligation == ended and cert.via == "vendor_link"
    assert cert.categories == [grades.name, "Teacher comments", "Essay drafts"]
    document = AgreementDocument.objects.get(pk=cert.document_id)
    assert document.agreement == ended.agreement and document.file_type == "pdf"
    with open_document(document) as handle:
        data = handle.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == document.sha256 == cert.sha256
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for fact in ("Certificate of data disposition", "Quillstone DPA 2026", "Birchfield Public Schools",
                 "Partial", grades.name, "Essay drafts", "Destroyed or deleted", "NIST SP 800-88 Purge",
                 "July 1, 2026", "Backups included: yes", "Ines Calloway", "Data Protection Officer",
                 "ines.calloway@quillstone.example", "Attested", "EDT"):  # fmt: skip
        assert fact in text, fact
    ended.refresh_from_db()
    link.refresh_from_db()
    assert ended.status == "received" and link.used_at is not None
    clock = Obligation.objects.get(kind="vendor_data_disposition")
    assert clock.status == "done"
    assert AuditEvent.objects.filter(event_type="disposition.certificate_received").count() == 1
    # Used once: the same link again is refused, on GET and on POST, and nothing more is stored.
    again = vendor.post(url_of(link), form())
    assert again.status_code == 410 and b"already used" in again.content
    assert vendor.get(url_of(link)).status_code == 410
    assert DispositionCertificate.objects.count() == 1


def test_a_certificate_for_another_agreement_is_refused(make_executed: Any, tenant: Any) -> None:
    a, b = make_executed("Agreement A"), make_executed("Agreement B")
    for agreement in (a, b):
        end(agreement, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    link_a = DispositionObligation.objects.get(agreement=a).links.get()
    documents_before = AgreementDocument.objects.count()
    # The page carries agreement A; someone changes the hidden field to B.
    response = Client().post(url_of(link_a), {**form(), "agreement": str(b.pk)})
    assert response.status_code == 400
    assert b"another agreement" in response.content
    assert DispositionCertificate.objects.count() == 0
    assert AgreementDocument.objects.count() == documents_before
    link_a.refresh_from_db()
    assert link_a.used_at is None  # not spent: the vendor can still certify for A
    # A category of B's schedule that A does not have is not a valid choice on A's link either.
    only_b = b.data_elements.exclude(pk__in=a.data_elements.values("pk")).first()
    if only_b is not None:
        assert Client().post(url_of(link_a), form(categories=[only_b.pk])).status_code == 400
    # With A's own id (or none) the certificate goes to A, never to B.
    assert Client().post(url_of(link_a), {**form(), "agreement": str(a.pk)}).status_code == 200
    cert = DispositionCertificate.objects.get()
    assert cert.agreement == a and AgreementDocument.objects.get(pk=cert.document_id).agreement == a
    assert not AgreementDocument.objects.filter(agreement=b, label__startswith="Certificate").exists()


@pytest.mark.parametrize("how", ["garbage", "altered", "other-salt"])
def test_forged_links_are_refused(ended: DispositionObligation, how: str) -> None:
    link = ended.links.get()
    token = links.make_token(link)
    forged = {
        "garbage": "not-a-token",
        "altered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "other-salt": __import__("vetted.kit.links", fromlist=["sign_link"]).sign_link(
            "vetted.incidents.vendor-link", link.pk, link.nonce
        ),
    }[how]
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/vendor/disposition/{forged}/", form())
        assert response.status_code == 404 and b"not valid" in response.content
    assert DispositionCertificate.objects.count() == 0


def test_expired_and_revoked_links_are_refused(ended: DispositionObligation, tenant: Any) -> None:
    link = ended.links.get()
    DispositionLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(url_of(link), form())
    assert response.status_code == 410 and b"expired" in response.content
    fresh = links.send_link(ended, actor=tenant.user("admin"))
    links.revoke_link(fresh, actor=tenant.user("admin"))
    response = Client().post(url_of(fresh), form())
    assert response.status_code == 404 and b"not valid" in response.content
    assert DispositionCertificate.objects.count() == 0


def test_a_new_link_revokes_the_old_one(ended: DispositionObligation, tenant: Any) -> None:
    old = ended.links.get()
    new = links.send_link(ended, actor=tenant.user("admin"), to="records@quillstone.example")
    assert Client().get(url_of(old)).status_code == 404
    assert Client().get(url_of(new)).status_code == 200
    ended.refresh_from_db()
    assert ended.contact_email == "records@quillstone.example"


@pytest.mark.parametrize(
    ("over", "field"),
    [({"attested": ""}, b"attested"), ({"disposed_on": "2999-01-01"}, b"future"),
     ({"backups_included": "no"}, b"backup copies"), ({"extent": "partial", "other_categories": ""}, b"categories"),
     ({"signer_email": "not-an-address"}, b"valid email")],
)  # fmt: skip
def test_bad_input_gets_field_errors_not_a_500(
    ended: DispositionObligation, over: dict[str, Any], field: bytes
) -> None:
    response = Client().post(url_of(ended.links.get()), form(**over))
    assert response.status_code == 400 and field in response.content.lower()
    assert DispositionCertificate.objects.count() == 0
