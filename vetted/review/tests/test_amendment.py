"""The amendment request, as real DOCX and PDF files, read back with the same libraries a reader would use."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pypdfium2 as pdfium
from docx import Document

from vetted.review.amendment import AmendmentRequest, items_from_findings, render_docx, render_pdf

FINDINGS: list[dict[str, Any]] = [
    {"id": "ownership", "status": "satisfied", "reason": "Found.", "evidence": []},
    {"id": "breach_notification", "status": "insufficient", "reason": "Notice within 720 hours; policy asks 48.",
     "evidence": [{"quote": "Vendor shall notify within thirty (30) days.", "page": 3, "section": "7.2"}]},
    {"id": "severability", "status": "missing", "reason": "No operative statement found.", "evidence": []},
    {"id": "no_sale", "status": "conflict", "reason": "The document allows sale.",
     "evidence": [{"quote": "We may sell aggregated & individual data.", "page": 1, "section": None}]},
    {"id": "audit_right", "status": "not_required", "reason": "", "evidence": []},
]  # fmt: skip
RULES = {
    "breach_notification": {"params": {"hours": 48}, "citation": "District policy, Notice of Breach"},
    "severability": {"params": {}, "citation": "Conn. Gen. Stat. 10-234bb(a)(10)"},
}


def _request() -> AmendmentRequest:
    items = items_from_findings(FINDINGS, RULES)
    return AmendmentRequest(
        district_name="Birchfield Public Schools", vendor_name="Fernleaf Interactive",
        agreement_title="Fernleaf Science Sims DPA", items=tuple(items), contact="privacy@birchfield.example",
        issued_on=date(2026, 11, 22),
    )  # fmt: skip


def test_only_provisions_needing_a_change_are_listed_in_canonical_order() -> None:
    items = items_from_findings(FINDINGS, RULES)
    assert [i.provision_id for i in items] == ["breach_notification", "severability", "no_sale"]
    assert items[0].requirement_sentence == "For this agreement: 48 hours."
    assert items[2].quote == "We may sell aggregated & individual data."


def test_docx_reads_back() -> None:
    doc = Document(io.BytesIO(render_docx(_request())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Request to amend a data privacy agreement" in text
    assert "To: Fernleaf Interactive" in text
    assert "1. Breach notice to the district" in text
    assert "Required by: District policy, Notice of Breach" in text
    assert "For this agreement: 48 hours." in text
    assert "The agreement says the opposite" in text
    assert "3 changes" in text


def test_pdf_reads_back() -> None:
    pdf = pdfium.PdfDocument(render_pdf(_request()))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Request to amend a data privacy agreement" in text
    assert "Fernleaf Interactive" in text
    assert "48 hours" in text
    assert "We may sell aggregated & individual data." in " ".join(text.split())
