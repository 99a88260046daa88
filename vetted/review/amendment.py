"""The amendment request a district sends a vendor: each missing or insufficient provision,
why it is needed (the rule and its citation), and the project's model language to add.

Rendered as DOCX (python-docx) and PDF (reportlab), both from the same `AmendmentRequest`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from vetted.rules import get_provision

NEEDS_AMENDMENT = ("missing", "insufficient", "conflict")
STATUS_WORDS = {
    "missing": "Not found in the agreement",
    "insufficient": "Present, but does not meet the requirement",
    "conflict": "The agreement says the opposite",
}
PARAM_WORDS = {"hours": "{} hours", "days": "{} days", "state": "the laws of {}"}


@dataclass(frozen=True)
class AmendmentItem:
    provision_id: str
    title: str
    status: str
    reason: str
    citation: str
    required: Mapping[str, Any] = field(default_factory=dict)
    quote: str = ""

    @property
    def model_language(self) -> str:
        return get_provision(self.provision_id).model_language

    @property
    def requirement_sentence(self) -> str:
        """The concrete figure the district needs, e.g. 'For this agreement: 48 hours.'"""
        parts = [PARAM_WORDS[k].format(v) for k, v in self.required.items() if k in PARAM_WORDS and v]
        return f"For this agreement: {', '.join(parts)}." if parts else ""


@dataclass(frozen=True)
class AmendmentRequest:
    district_name: str
    vendor_name: str
    agreement_title: str
    items: tuple[AmendmentItem, ...]
    contact: str = ""
    issued_on: date = field(default_factory=date.today)

    @property
    def intro(self) -> str:
        return (
            f"{self.district_name} reviewed “{self.agreement_title}” against the student-privacy law and the "
            f"district policy that apply to it. The agreement needs the {len(self.items)} change"
            f"{'s' if len(self.items) != 1 else ''} below before the district can sign or keep it in force. "
            "For each, we give the reason, the rule it comes from, and language we propose to add. "
            "Equivalent wording of your own is welcome if it meets the same requirement."
        )


def items_from_findings(
    findings: Iterable[Mapping[str, Any]], requirements: Mapping[str, Mapping[str, Any]]
) -> list[AmendmentItem]:
    """Findings (review JSON `provisions` or checklist rows) that need an amendment, in canonical order.

    `requirements` maps provision id -> {"params": {...}, "citation": "..."} from the district's pack stack.
    """
    items = []
    for finding in findings:
        if finding.get("status") not in NEEDS_AMENDMENT:
            continue
        pid = finding["id"]
        rule = requirements.get(pid, {})
        evidence = finding.get("evidence") or []
        items.append(
            AmendmentItem(
                provision_id=pid,
                title=get_provision(pid).title,
                status=finding["status"],
                reason=finding.get("reason", ""),
                citation=rule.get("citation", ""),
                required=dict(rule.get("params") or {}),
                quote=evidence[0]["quote"] if evidence else "",
            )
        )
    return items


def render_docx(request: AmendmentRequest) -> bytes:
    from docx import Document  # noqa: PLC0415 — python-docx loads only when a .docx is asked for
    from docx.shared import Pt  # noqa: PLC0415 — as above

    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("Request to amend a data privacy agreement", level=1)
    doc.add_paragraph(f"From: {request.district_name}" + (f" ({request.contact})" if request.contact else ""))
    doc.add_paragraph(f"To: {request.vendor_name}")
    doc.add_paragraph(f"Date: {request.issued_on.isoformat()}")
    doc.add_paragraph(f"Agreement: {request.agreement_title}")
    doc.add_paragraph(request.intro)
    for number, item in enumerate(request.items, start=1):
        doc.add_heading(f"{number}. {item.title}", level=2)
        doc.add_paragraph(f"Finding: {STATUS_WORDS[item.status]}. {item.reason}")
        if item.quote:
            doc.add_paragraph(f"The agreement now says: “{item.quote}”")
        if item.citation:
            doc.add_paragraph(f"Required by: {item.citation}")
        doc.add_paragraph("Proposed language:")
        doc.add_paragraph(f"{item.model_language} {item.requirement_sentence}".strip(), style="Intense Quote")
    doc.add_paragraph(
        "Please reply with a revised agreement or an amendment signed by an authorised officer."
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_pdf(request: AmendmentRequest) -> bytes:
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415 — reportlab loads only for a PDF
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.lib.units import inch  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    styles = getSampleStyleSheet()
    quote = styles["BodyText"].clone("Quote", leftIndent=0.3 * inch, fontName="Helvetica-Oblique")
    story: list[Any] = [
        Paragraph("Request to amend a data privacy agreement", styles["Title"]),
        Paragraph(
            escape(f"From: {request.district_name}" + (f" ({request.contact})" if request.contact else "")),
            styles["BodyText"],
        ),
        Paragraph(escape(f"To: {request.vendor_name}"), styles["BodyText"]),
        Paragraph(escape(f"Date: {request.issued_on.isoformat()}"), styles["BodyText"]),
        Paragraph(escape(f"Agreement: {request.agreement_title}"), styles["BodyText"]),
        Spacer(1, 8),
        Paragraph(escape(request.intro), styles["BodyText"]),
    ]
    for number, item in enumerate(request.items, start=1):
        story += [
            Spacer(1, 6),
            Paragraph(escape(f"{number}. {item.title}"), styles["Heading2"]),
            Paragraph(escape(f"Finding: {STATUS_WORDS[item.status]}. {item.reason}"), styles["BodyText"]),
        ]
        if item.quote:
            story.append(Paragraph(escape(f"The agreement now says: “{item.quote}”"), styles["BodyText"]))
        if item.citation:
            story.append(Paragraph(escape(f"Required by: {item.citation}"), styles["BodyText"]))
        story += [
            Paragraph("Proposed language:", styles["BodyText"]),
            Paragraph(escape(f"{item.model_language} {item.requirement_sentence}".strip()), quote),
        ]
    story += [
        Spacer(1, 8),
        Paragraph(
            "Please reply with a revised agreement or an amendment signed by an authorised officer.",
            styles["BodyText"],
        ),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title="Request to amend a data privacy agreement",
                      author=request.district_name).build(story)  # fmt: skip
    return buffer.getvalue()
