"""The amendment request, as real DOCX and PDF files, read back with the same libraries a reader would use:
the contract's own defined terms, the required figure inside the model sentence, a signature block, US English."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pypdfium2 as pdfium
import pytest
from docx import Document

from vetted.review.amendment import (
    AmendmentRequest,
    Parties,
    detect_parties,
    items_from_findings,
    model_sentence,
    render_docx,
    render_pdf,
)
from vetted.rules import all_provisions

FINDINGS: list[dict[str, Any]] = [
    {"id": "ownership", "status": "satisfied", "reason": "Found.", "evidence": []},
    {"id": "breach_notification", "status": "insufficient", "reason": "Notice within 720 hours; policy asks 48.",
     "evidence": [{"quote": "Developer shall notify within thirty (30) days.", "page": 3, "section": "7.2"}]},
    {"id": "severability", "status": "missing", "reason": "No operative statement found.", "evidence": []},
    {"id": "no_sale", "status": "conflict", "reason": "The document allows sale.",
     "evidence": [{"quote": "We may sell aggregated & individual data.", "page": 1, "section": None}]},
    {"id": "governing_law", "status": "missing", "reason": "No governing law.", "evidence": []},
    {"id": "audit_right", "status": "not_required", "reason": "", "evidence": []},
]  # fmt: skip
RULES = {
    "breach_notification": {"params": {"hours": 48}, "citation": "District policy, Notice of Breach"},
    "severability": {"params": {}, "citation": "Conn. Gen. Stat. 10-234bb(a)(10)"},
    "governing_law": {"params": {"state": "CT"}, "citation": "Conn. Gen. Stat. 10-234bb(a)(11)"},
}
CONTRACT = (
    'This Student Data Privacy Agreement is entered into by the Birchfield Board of Education (the "School") '
    'and Fernleaf Interactive, Inc. (hereinafter referred to as "Developer"). Developer shall provide the '
    "services. The School may end it."
)
BRITISH = re.compile(
    r"\b\w+(is(e|ed|es|ing)|isation|isations)\b|licence|organis|behaviour|colour|favour|programme|"
    r"catalogue|whilst|amongst|centre|defence|judgement|enrol\b|fulfil\b",
    re.IGNORECASE,
)
NOT_BRITISH = {"otherwise", "advertise", "advertising", "exercise", "promise", "premises", "revise", "raise",
               "expertise", "likewise", "enterprise", "comprise", "franchise", "surprise", "precise", "concise",
               "wise", "rise", "arise", "arising", "noise", "cruise", "praise", "merchandise", "compromise",
               "demise", "devise", "supervise", "supervised", "televise", "disguise", "chastise", "despise",
               "excise", "incise", "improvise", "circumcise", "advertised", "exercised", "promised", "revised"}  # fmt: skip


def _request(parties: Parties | None = None) -> AmendmentRequest:
    items = items_from_findings(FINDINGS, RULES)
    return AmendmentRequest(
        district_name="Birchfield Public Schools", vendor_name="Fernleaf Interactive",
        agreement_title="Fernleaf Science Sims DPA", items=tuple(items), contact="privacy@birchfield.example",
        issued_on=date(2026, 11, 22), parties=parties or detect_parties(CONTRACT),
        signer_name="Dana Whitlock", signer_title="Data Privacy Officer",
    )  # fmt: skip


def _british(text: str) -> list[str]:
    return [m.group(0) for m in BRITISH.finditer(text) if m.group(0).lower() not in NOT_BRITISH]


def test_only_provisions_needing_a_change_are_listed_in_canonical_order() -> None:
    items = items_from_findings(FINDINGS, RULES)
    assert [i.provision_id for i in items] == [
        "breach_notification",
        "severability",
        "no_sale",
        "governing_law",
    ]
    assert items[2].quote == "We may sell aggregated & individual data."


@pytest.mark.parametrize(
    ("text", "provider", "district"),
    [
        (CONTRACT, "Developer", "the School"),
        (
            'between Oakmere Public Schools (hereinafter "LEA") and Kestrel LLC ("Provider")',
            "Provider",
            "LEA",
        ),
        ("Oakmere Public Schools (“District”) and Kestrel LLC (the “Vendor”)", "the Vendor", "District"),
        ('The "LEA" and the "Operator" agree.', "Operator", "LEA"),
        ("An agreement with no defined terms at all.", "Provider", "the LEA"),
    ],
)
def test_defined_terms_come_from_the_contract(text: str, provider: str, district: str) -> None:
    assert detect_parties(text) == Parties(provider=provider, district=district)


def test_the_figure_and_the_terms_sit_inside_the_model_sentence() -> None:
    parties = detect_parties(CONTRACT)
    breach = model_sentence("breach_notification", parties, {"hours": 48})
    assert "no later than 48 hours after Developer becomes aware of it" in breach
    assert "Developer shall notify the School in writing" in breach
    assert "Vendor" not in breach and "District" not in breach and "{" not in breach
    assert "stated in this Agreement" not in breach
    law = model_sentence("governing_law", parties, {"state": "CT"})
    assert "governed by the laws of the State of Connecticut" in law
    days = model_sentence("disposition_at_end", Parties(), {"days": 60})
    assert days.startswith("Within 60 days after this Agreement ends") and "Provider shall" in days
    assert "as the LEA directs" in days


def test_no_model_sentence_keeps_a_placeholder_or_the_old_names() -> None:
    parties = Parties(provider="Developer", district="the School")
    for provision in all_provisions():
        text = model_sentence(provision.id, parties, {"hours": 24, "days": 30, "state": "CT"})
        assert "{" not in text and "}" not in text, provision.id
        assert not re.search(r"\bVendor\b|\bDistrict\b", text), (provision.id, text)
        assert not re.search(r"(^|\.\s+)the\b", text), (provision.id, text)  # a sentence never starts 'the'


def test_us_english_throughout_the_letter_and_the_model_language() -> None:
    letter = _request().text()
    assert _british(letter) == []
    for provision in all_provisions():
        assert _british(provision.model_language) == [], provision.id
    assert "authorized officer" in letter


def test_docx_reads_back_as_a_signed_letter() -> None:
    doc = Document(io.BytesIO(render_docx(_request())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Request to amend a data privacy agreement" in text
    assert "November 22, 2026" in text and "2026-11-22" not in text
    assert "Dear Fernleaf Interactive:" in text
    assert "1. Breach notice to the district" in text
    assert "Required by: District policy, Notice of Breach" in text
    assert "no later than 48 hours after Developer becomes aware of it" in text
    assert "For this agreement" not in text
    assert "“Developer” and “School” have the meanings the Agreement gives them" in text
    assert "The agreement says the opposite" in text
    assert "4 changes" in text
    lines = [p.text for p in doc.paragraphs]
    signature = lines[lines.index("Sincerely,") + 1 :]
    assert [s for s in signature if s] == [
        "Dana Whitlock", "Data Privacy Officer", "Birchfield Public Schools", "privacy@birchfield.example",
    ]  # fmt: skip
    assert _british(text) == []


def test_pdf_reads_back() -> None:
    pdf = pdfium.PdfDocument(render_pdf(_request()))
    text = " ".join("\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
    assert "Request to amend a data privacy agreement" in text
    assert "Fernleaf Interactive" in text
    assert "no later than 48 hours after Developer becomes aware of it" in text
    assert "laws of the State of Connecticut" in text
    assert "We may sell aggregated & individual data." in text
    assert "Sincerely, Dana Whitlock Data Privacy Officer Birchfield Public Schools" in text


def test_a_figure_no_rule_fixes_is_left_for_the_district_to_fill_in() -> None:
    assert "Within [number] days after" in model_sentence("disposition_at_end", Parties(), {})
