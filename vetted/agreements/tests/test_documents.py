"""Document upload: real type sniffed, SHA-256 stored, served only to the allowed, limits enforced."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vetted.agreements.models import Agreement, AgreementDocument
from vetted.agreements.services import agreements as svc
from vetted.audit.models import AuditEvent

from .files import docx_bytes, pdf_bytes, zip_bomb_docx
from .gate import make_ready

pytestmark = pytest.mark.django_db


def _upload(client: Any, agreement: Agreement, name: str, data: bytes, **extra: Any) -> Any:
    url = reverse("staff-agreement-upload", args=[agreement.district.slug, agreement.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "label": "signed copy", **extra})


@pytest.mark.parametrize(("name", "maker"), [("dpa.pdf", pdf_bytes), ("dpa.docx", docx_bytes)])
def test_upload_stores_hash_and_serves_only_to_district_staff(
    draft: Agreement, ct: Any, other_tenant: Any, client_as: Any, name: str, maker: Any
) -> None:
    data = maker()
    response = _upload(client_as(ct.user("admin")), draft, name, data)
    assert response.status_code == 302
    doc = AgreementDocument.objects.get(agreement=draft)
    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.size == len(data)
    assert doc.file_type == name.rsplit(".", 1)[1] and doc.stored_name != name  # random name on disk
    assert AuditEvent.objects.filter(
        event_type="agreement.document_added", details__sha256=doc.sha256
    ).exists()
    url = reverse("staff-agreement-document", args=[ct.district.slug, draft.pk, doc.pk])
    got = client_as(ct.user("staff"))
    body = got.get(url)
    assert body.status_code == 200 and b"".join(body.streaming_content) == data
    assert body["Content-Disposition"].startswith("attachment")
    assert client_as(other_tenant.user("admin")).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302  # to the sign-in page
    # Not a public copy, and a draft anyway: nothing on the public side.
    public = reverse("public-agreement-document", args=[ct.district.slug, doc.pk])
    assert client_as(None).get(public).status_code == 404


def test_public_copy_of_an_executed_agreement_is_public(draft: Agreement, ct: Any, client_as: Any) -> None:
    data = pdf_bytes()
    _upload(client_as(ct.user("admin")), draft, "signed.pdf", data, public_copy="on")
    doc = AgreementDocument.objects.get()
    public = reverse("public-agreement-document", args=[ct.district.slug, doc.pk])
    assert client_as(None).get(public).status_code == 404  # still a draft
    svc.transition(draft, "vendor_sign", actor=ct.user("admin"))
    make_ready(draft, ct.user("admin"))
    svc.transition(draft, "execute", actor=ct.user("admin"))
    response = client_as(None).get(public)
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert (
        reverse("public-agreement-document", args=[ct.district.slug, doc.pk])
        in client_as(None).get(reverse("public-agreements", args=[ct.district.slug])).content.decode()
    )


def test_sixty_megabyte_upload_is_refused_with_a_clear_message(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    big = b"%PDF-1.7\n" + b"0" * (60 * 1024 * 1024)
    response = _upload(client_as(ct.user("admin")), draft, "huge.pdf", big)
    assert response.status_code == 413
    assert "the limit is 25 MB" in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_over_the_setting_but_under_the_body_cap_gets_a_form_error(
    draft: Agreement, ct: Any, client_as: Any, settings: Any
) -> None:
    settings.VETTED_MAX_UPLOAD_BYTES = 3 * 1024 * 1024
    data = pdf_bytes()
    from vetted.agreements.services.documents import add_document

    upload = SimpleUploadedFile("a.pdf", data + b"0" * (4 * 1024 * 1024))
    with pytest.raises(Exception, match="limit is 3 MB"):
        add_document(draft, upload, actor=ct.user("admin"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        # The one sniffer (vetted.review's, through vetted.documents.checks) names what the file really is.
        ("contract.docx", pdf_bytes(), "is named .docx but its content is a PDF"),
        ("contract.pdf", docx_bytes(), "is named .pdf but its content is a Word (.docx) document"),
        ("contract.pdf", b"just some text pretending", "is named .pdf but its content is a plain-text file"),
        ("contract.exe", b"MZ\x90\x00", "Upload a PDF (.pdf) or Word (.docx) document"),
        ("locked.pdf", pdf_bytes(encrypt="secret-pw"), "encrypted"),
        ("bomb.docx", zip_bomb_docx(), "This Word file was refused as unsafe"),
    ],
)
def test_disguised_encrypted_or_bomb_files_are_refused(
    draft: Agreement, ct: Any, client_as: Any, name: str, data: bytes, message: str
) -> None:
    response = _upload(client_as(ct.user("admin")), draft, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AgreementDocument.objects.exists()
    assert not AuditEvent.objects.filter(event_type="agreement.document_added").exists()


def test_api_upload(draft: Agreement, ct: Any, api_as: Any) -> None:
    url = f"/api/v1/districts/{ct.district.slug}/agreements/{draft.pk}/documents/"
    data = docx_bytes()
    response = api_as(ct.user("technology_director")).post(
        url, {"file": SimpleUploadedFile("dpa.docx", data), "public_copy": "true"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
    bad = api_as(ct.user("admin")).post(url, {"file": SimpleUploadedFile("x.pdf", data)}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()
