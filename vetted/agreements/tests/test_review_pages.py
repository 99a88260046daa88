"""The staff pages: the highlighted review, the failure reason, accept/override, the amendment request."""

from __future__ import annotations

import datetime as dt
import io
import re
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
from vetted.rules import PROVISION_IDS, get_provision

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
    assert "proposed by the automatic review, not yet accepted" in checklist and "Accept" in checklist
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


DEFINED_DPA = (
    'Student Data Privacy Agreement between the Birchfield Board of Education (the "School") and '
    'Quillstone Learning Inc. (hereinafter referred to as "Developer").',
    *DPA_LINES[1:],
)


def _events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=kind).order_by("seq"))


def test_amendment_letter_download_reads_back_and_writes_only_its_audit_events(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    _reviewed(draft, ct, dpa_docx(DEFINED_DPA), "dpa.docx")
    admin = client_as(ct.user("admin"))
    page = admin.get(_base(ct, draft)).content.decode()
    assert "Download the amendment request (Word)" in page and "Record that it was sent" in page
    audit_before = AuditEvent.objects.count()
    response = admin.get(_base(ct, draft) + "amendment-request/?format=docx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    paragraphs = Document(io.BytesIO(response.content)).paragraphs
    text = "\n".join(p.text for p in paragraphs)
    assert "Quillstone Learning Inc." in text and "Re: Quillstone DPA 2026" in text
    # The figure inside the sentence, in the contract's own terms ("Developer", "the School").
    assert "no later than 48 hours after Developer becomes aware of it" in text
    assert "Developer shall notify the School in writing" in text
    assert "For this agreement" not in text and "stated in this Agreement" not in text
    proposed = [p.text for p in paragraphs if p.style is not None and p.style.name == "Intense Quote"]
    assert proposed and not any("Vendor" in q or "District" in q for q in proposed)
    items = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 2"]
    titles = {pid: get_provision(pid).title for pid in ("breach_notification", "severability", "ownership")}
    assert any(titles["breach_notification"] in i for i in items) and any(
        titles["severability"] in i for i in items
    )
    assert not any(titles["ownership"] in i for i in items)  # present: not asked for
    lines = [p.text for p in paragraphs]
    signature = [line for line in lines[lines.index("Sincerely,") + 1 :] if line]
    assert signature == ["Admin of Birchfield Public Schools", "Data Privacy Officer", "Birchfield Public Schools",
                         "privacy@birchfield.example"]  # fmt: skip
    pdf = admin.get(_base(ct, draft) + "amendment-request/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    pdf_text = " ".join(
        "".join(document[i].get_textpage().get_text_range() for i in range(len(document))).split()
    )
    assert "Request to amend a data privacy agreement" in pdf_text
    assert "no later than 48 hours after Developer becomes aware of it" in pdf_text
    # Downloading changes nothing (no date stamped, no "Non-compliant" line); each download is audited.
    draft.refresh_from_db()
    assert draft.amendment_requested_on is None
    downloads = AuditEvent.objects.order_by("pk")[audit_before:]
    assert [e.event_type for e in downloads] == ["agreement.amendment_downloaded"] * 2
    assert "Non-compliant:" not in admin.get(_base(ct, draft)).content.decode()
    # The old way (a POST that downloads and writes) is gone.
    assert admin.post(_base(ct, draft) + "amendment-request/", {"format": "docx"}).status_code == 405


def test_recording_that_it_was_sent_is_its_own_post(draft: Agreement, ct: Any, client_as: Any) -> None:
    _reviewed(draft, ct, dpa_pdf(), "dpa.pdf")
    admin = client_as(ct.user("admin"))
    future = timezone.localdate(timezone=ct.district.tz) + dt.timedelta(days=3)
    refused = admin.post(_base(ct, draft) + "amendment-request/sent/", {"sent_on": future.isoformat()})
    assert refused.status_code == 400 and "cannot have been sent after today" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.amendment_requested_on is None
    response = admin.post(
        _base(ct, draft) + "amendment-request/sent/", {"note": "E-mailed to legal"}, follow=True
    )
    today = timezone.localdate(timezone=ct.district.tz)
    page = response.content.decode()
    assert response.status_code == 200 and "Recorded: the amendment request went to Quillstone" in page
    assert "Non-compliant:" in page and "the vendor was asked to amend it on" in page
    draft.refresh_from_db()
    assert draft.amendment_requested_on == today
    [event] = _events("agreement.amendment_sent")
    assert event.actor_id == ct.user("admin").pk and "breach_notification" in event.details["provisions"]
    assert event.details["before"] is None and event.details["note"] == "E-mailed to legal"
    assert admin.get(_base(ct, draft) + "amendment-request/sent/").status_code == 405


def test_amendment_request_refused_without_gaps_or_format(draft: Agreement, ct: Any, client_as: Any) -> None:
    admin = client_as(ct.user("admin"))
    nothing = admin.get(_base(ct, draft) + "amendment-request/?format=docx")
    assert nothing.status_code == 400 and "No required provision" in nothing.content.decode()
    bad = admin.get(_base(ct, draft) + "amendment-request/?format=exe")
    assert bad.status_code == 400
    not_sent = admin.post(_base(ct, draft) + "amendment-request/sent/", {})
    assert not_sent.status_code == 400 and "No required provision" in not_sent.content.decode()
    draft.refresh_from_db()
    assert draft.amendment_requested_on is None
    assert not AuditEvent.objects.filter(event_type="agreement.amendment_sent").exists()


def test_review_page_lists_all_twenty_provisions_marking_those_not_required(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    """Issue 9, item 4: the page shows every provision; those no rule requires are marked, apart."""
    doc = _reviewed(draft, ct, dpa_docx(DPA_LINES), "dpa.docx")
    html = client_as(ct.user("staff")).get(_base(ct, draft) + f"documents/{doc.pk}/review/").content.decode()
    assert len(PROVISION_IDS) == 20
    for pid in PROVISION_IDS:
        assert html.count(f'id="finding-{pid}"') == 1, pid
    required, _, rest = html.partition('id="not-required-heading"')
    doc.refresh_from_db()
    review = type(doc).objects.get(pk=doc.pk).review.result
    not_required = [p["id"] for p in review["provisions"] if p["status"] == "not_required"]
    assert not_required, "the CT pack does not require every provision"
    for pid in not_required:
        assert f'id="finding-{pid}"' in rest and f'id="finding-{pid}"' not in required
    assert rest.count("Not required</span>") == len(not_required)


def test_review_page_shows_each_provisions_state_several_documents_and_placeholders(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    """Issue 14: every provision says what the document holds (found, absent, the opposite, a blank
    placeholder), whether or not a pack requires it; a file holding several documents is flagged."""
    doc = _reviewed(draft, ct, dpa_docx(DPA_LINES), "dpa.docx")
    review = type(doc).objects.get(pk=doc.pk).review
    result = review.result
    by_id = {p["id"]: p for p in result["provisions"]}
    not_required = [pid for pid, p in by_id.items() if p["status"] == "not_required"]
    opposite = not_required[0]
    by_id[opposite].update(found=False, reason="Not required; note the document says the opposite (x).")
    by_id["governing_law"].update(found=True, param=None, placeholder=True)
    result.update(
        documents_in_file=2, document_titles=["Master Subscription Agreement", "<i>Privacy Policy</i>"]
    )
    review.result = result
    review.save(update_fields=["result"])
    html = client_as(ct.user("staff")).get(_base(ct, draft) + f"documents/{doc.pk}/review/").content.decode()
    assert "This file holds 2 separate documents" in html
    assert "<li>Master Subscription Agreement</li>" in html and "&lt;i&gt;Privacy Policy&lt;/i&gt;" in html
    law = html.split('id="finding-governing_law"', 1)[1].split("</li>", 1)[0]
    assert "Placeholder — the template&#x27;s blank was never filled" in law
    odd = html.split(f'id="finding-{opposite}"', 1)[1].split("</li>", 1)[0]
    assert "Not required</span>" in odd and "The document says the opposite" in odd
    assert html.count('class="state state-') == len(PROVISION_IDS)
    required = next(p for p in result["provisions"] if p["required_by"])
    block = html.split(f'id="finding-{required["id"]}"', 1)[1].split("</li>", 1)[0]
    assert "Required by: " + ", ".join(required["required_by"]) in block
    assert 'style="' not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # CSP: nothing inline


def test_review_page_reads_an_older_result_without_the_newer_keys(
    draft: Agreement, ct: Any, client_as: Any
) -> None:
    doc = _reviewed(draft, ct, dpa_docx(DPA_LINES), "dpa.docx")
    review = type(doc).objects.get(pk=doc.pk).review
    for key in ("documents_in_file", "document_titles"):
        review.result.pop(key, None)
    for p in review.result["provisions"]:
        p.pop("placeholder", None)
    review.save(update_fields=["result"])
    html = client_as(ct.user("staff")).get(_base(ct, draft) + f"documents/{doc.pk}/review/").content.decode()
    assert "separate documents" not in html and "Placeholder" not in html
    assert html.count('class="state state-') == len(PROVISION_IDS)
