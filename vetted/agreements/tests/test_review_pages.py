"""The staff pages: the highlighted review, the failure reason, accept/override, the amendment request."""

from __future__ import annotations

import io
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from vetted.agreements.models import Agreement, CheckSource, CheckStatus
from vetted.agreements.services import documents
from vetted.agreements.tasks import reviews as tasks
from vetted.audit.models import AuditEvent
from vetted.rules import get_provision

from .review_documents import DPA_LINES, blank_pdf, dpa_docx, dpa_pdf

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('owned')</script> The Provider shall not sell student data & <b>bold</b>."


def _reviewed(agreement: Agreement, ct: Any, data: bytes, name: str) -> Any:
    doc = documents.add_document(agreement, SimpleUploadedFile(name, data), actor=ct.user("admin"))
    tasks.run_document_reviews(timezone.now())
    return doc


def _base(ct: Any, agreement: Agreement) -> str:
    return f"/manage/{ct.district.slug}/agreements/{agreement.pk}/"


def test_review_page_marks_evidence_and_escapes_hostile_text(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    doc = _reviewed(draft, ct, dpa_docx((*DPA_LINES, HOSTILE)), "dpa.docx")
    page = client_as(ct.user("staff")).get(_base(ct, draft) + f"documents/{doc.pk}/review/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in html
    assert '<span class="mark-label" id="ev-ownership-1">[' in html
    assert 'href="#ev-ownership-1"' in html  # the finding links to its evidence
    assert 'id="ev-breach_notification-1"' in html
    assert "Re-run the review" not in html  # staff may read, not re-run


def test_detail_page_shows_why_a_review_failed(draft: Agreement, ct: Any, client_as: Any) -> None:
    doc = _reviewed(draft, ct, blank_pdf(), "scan.pdf")
    html = client_as(ct.user("admin")).get(_base(ct, draft)).content.decode()
    assert "the file could not be read." in html and "no text layer" in html
    assert "Upload a text PDF (not a scan) or the DOCX." in html
    review = client_as(ct.user("admin")).get(_base(ct, draft) + f"documents/{doc.pk}/review/")
    assert "no text layer" in review.content.decode() and "Re-run the review" in review.content.decode()


def test_admin_reruns_a_review(draft: Agreement, ct: Any, client_as: Any) -> None:
    doc = _reviewed(draft, ct, dpa_pdf(), "dpa.pdf")
    url = _base(ct, draft) + f"documents/{doc.pk}/review/rerun/"
    assert client_as(ct.user("admin")).post(url).status_code == 302
    doc.review.refresh_from_db()
    assert doc.review.status == "queued"
    assert AuditEvent.objects.filter(event_type="agreement.document_review_requested").count() == 1


def test_accept_and_override_with_audit(draft: Agreement, ct: Any, client_as: Any) -> None:
    _reviewed(draft, ct, dpa_pdf(), "dpa.pdf")
    admin = client_as(ct.user("admin"))
    checklist = admin.get(_base(ct, draft) + "checklist/").content.decode()
    assert "found by the automatic review" in checklist and "Accept" in checklist
    ownership = draft.checks.get(provision_id="ownership")
    assert admin.post(_base(ct, draft) + f"checklist/{ownership.pk}/accept/").status_code == 302
    ownership.refresh_from_db()
    assert (ownership.status, ownership.source) == (CheckStatus.PRESENT, CheckSource.PERSON)
    assert ownership.reviewed_by == ct.user("admin")
    event = AuditEvent.objects.get(event_type="agreement.check_accepted")
    assert event.details["provision"] == "ownership"

    breach = draft.checks.get(provision_id="breach_notification")
    url = _base(ct, draft) + f"checklist/{breach.pk}/override/"
    form = {f"o{breach.pk}-status": "missing", f"o{breach.pk}-reason": ""}
    refused = admin.post(url, form)
    assert refused.status_code == 400 and "Why the automatic finding is wrong" in refused.content.decode()
    breach.refresh_from_db()
    assert breach.status == CheckStatus.INSUFFICIENT and breach.source == CheckSource.AUTOMATIC
    form[f"o{breach.pk}-reason"] = "Section 2 covers only system outages, not student data."
    assert admin.post(url, form).status_code == 302
    breach.refresh_from_db()
    assert (breach.status, breach.source) == (CheckStatus.MISSING, CheckSource.PERSON)
    event = AuditEvent.objects.get(event_type="agreement.check_overridden")
    assert (
        event.details["before"]["status"] == "insufficient" and event.details["after"]["status"] == "missing"
    )
    assert event.details["reason"].startswith("Section 2 covers")
    # Accepting a person's item again is refused without a 500.
    again = admin.post(_base(ct, draft) + f"checklist/{breach.pk}/accept/", follow=True)
    assert again.status_code == 200 and "no automatic finding" in again.content.decode()
    assert admin.get(url).status_code == 200  # the override page says a person decided it


def test_amendment_request_downloads_read_back(draft: Agreement, ct: Any, client_as: Any) -> None:
    _reviewed(draft, ct, dpa_pdf(), "dpa.pdf")
    admin = client_as(ct.user("admin"))
    assert "Download the amendment request (Word)" in admin.get(_base(ct, draft)).content.decode()
    response = admin.post(_base(ct, draft) + "amendment-request/", {"format": "docx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    paragraphs = Document(io.BytesIO(response.content)).paragraphs
    text = "\n".join(p.text for p in paragraphs)
    assert "To: Quillstone Learning Inc." in text and "For this agreement: 48 hours." in text
    items = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 2"]
    titles = {pid: get_provision(pid).title for pid in ("breach_notification", "severability", "ownership")}
    assert any(titles["breach_notification"] in i for i in items) and any(
        titles["severability"] in i for i in items
    )
    assert not any(titles["ownership"] in i for i in items)  # present: not asked for
    draft.refresh_from_db()
    assert draft.amendment_requested_on == timezone.localdate(timezone=ct.district.tz)
    pdf = admin.post(_base(ct, draft) + "amendment-request/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    pdf_text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Request to amend a data privacy agreement" in pdf_text and "48 hours" in pdf_text
    events = AuditEvent.objects.filter(event_type="agreement.amendment_requested").order_by("seq")
    assert [e.details["first_request"] for e in events] == [True, False]
    assert "breach_notification" in events[0].details["provisions"]


def test_amendment_request_refused_without_gaps_or_format(draft: Agreement, ct: Any, client_as: Any) -> None:
    admin = client_as(ct.user("admin"))
    nothing = admin.post(_base(ct, draft) + "amendment-request/", {"format": "docx"})
    assert nothing.status_code == 400 and "No required provision" in nothing.content.decode()
    bad = admin.post(_base(ct, draft) + "amendment-request/", {"format": "exe"})
    assert bad.status_code == 400
    draft.refresh_from_db()
    assert draft.amendment_requested_on is None
    assert not AuditEvent.objects.filter(event_type="agreement.amendment_requested").exists()
