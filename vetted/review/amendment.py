"""The amendment request a district sends a vendor: each missing or insufficient provision,
why it is needed (the rule and its citation), and the project's model language to add, in the
contract's own defined terms with the required figure inside the sentence, signed by the privacy
officer.

Rendered as DOCX (python-docx) and PDF (reportlab), both from the same `AmendmentRequest`.
"""

from __future__ import annotations

import io
import re
import string
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
TITLE = "Request to amend a data privacy agreement"
DEFAULT_PROVIDER = "Provider"
DEFAULT_DISTRICT = "the LEA"
BLANK_FIGURE = "[number]"  # a figure no rule fixes: the district fills it in before sending

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "the District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

# Words contracts use for each side, as defined terms ('("Developer")', 'hereinafter "LEA"').
PROVIDER_WORDS = (
    "Provider", "Service Provider", "Vendor", "Developer", "Contractor", "Company", "Operator", "Licensor",
    "Supplier", "Consultant", "Publisher",
)  # fmt: skip
DISTRICT_WORDS = (
    "LEA", "School", "School District", "District", "Board", "Board of Education", "Local Education Agency",
    "Customer", "Licensee", "Institution", "Subscriber",
)  # fmt: skip
_QUOTE = "[\"“”'‘’]"
_DEFINED = re.compile(
    rf"(?:\(\s*|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?|\bas\s+)(the\s+)?{_QUOTE}([A-Z][A-Za-z ]{{0,40}}?){_QUOTE}",
    re.IGNORECASE,
)
_QUOTED = re.compile(rf"{_QUOTE}([A-Z][A-Za-z ]{{0,40}}?){_QUOTE}")


@dataclass(frozen=True)
class Parties:
    """How the contract names each side ('Developer', 'the School'); NDPA names when none is found."""

    provider: str = DEFAULT_PROVIDER
    district: str = DEFAULT_DISTRICT


def _side(term: str) -> str:
    folded = term.strip().casefold()
    if folded in {w.casefold() for w in PROVIDER_WORDS}:
        return "provider"
    if folded in {w.casefold() for w in DISTRICT_WORDS}:
        return "district"
    return ""


def detect_parties(text: str) -> Parties:
    """The defined terms for the vendor and the district in the contract's text, the first definition
    of each side winning: '("Provider")', '(the "School")', 'hereinafter referred to as "LEA"'."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        article, term = match.group(1), " ".join(match.group(2).split())
        side = _side(term)
        if side and side not in found:
            found[side] = _with_article(text, term, defined_with_the=bool(article))
    for match in _QUOTED.finditer(text):  # a quoted role word with no definition seen: '"LEA"'
        term = " ".join(match.group(1).split())
        side = _side(term)
        if side and side not in found:
            found[side] = _with_article(text, term, defined_with_the=False)
    return Parties(
        provider=found.get("provider", DEFAULT_PROVIDER), district=found.get("district", DEFAULT_DISTRICT)
    )


def _with_article(text: str, term: str, *, defined_with_the: bool) -> str:
    """'the School' when the contract mostly writes it so (or defines it so), else 'Developer'."""
    uses = len(re.findall(rf"\b{re.escape(term)}\b", text))
    with_the = len(re.findall(rf"\bthe\s+{re.escape(term)}\b", text, re.IGNORECASE))
    return f"the {term}" if defined_with_the or (uses and with_the * 2 > uses) else term


def _figure(kind: str, value: Any) -> str:
    if value in (None, ""):
        return BLANK_FIGURE
    if kind == "state":
        return STATE_NAMES.get(str(value).upper(), str(value))
    return str(value)


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)the\b")


def model_sentence(provision_id: str, parties: Parties, params: Mapping[str, Any]) -> str:
    """The provision's model language with the contract's defined terms and the required figure(s)."""
    template = get_provision(provision_id).model_language
    values: dict[str, str] = {"provider": parties.provider, "district": parties.district}
    for _text, name, _spec, _conv in string.Formatter().parse(template):
        if name and name not in values:
            values[name] = _figure(name, params.get(name))
    text = template.format(**values)
    return _SENTENCE_START.sub(lambda m: m.group(1) + "The", text)


@dataclass(frozen=True)
class AmendmentItem:
    provision_id: str
    title: str
    status: str
    reason: str
    citation: str
    required: Mapping[str, Any] = field(default_factory=dict)
    quote: str = ""

    def proposed_language(self, parties: Parties) -> str:
        return model_sentence(self.provision_id, parties, self.required)


@dataclass(frozen=True)
class AmendmentRequest:
    district_name: str
    vendor_name: str
    agreement_title: str
    items: tuple[AmendmentItem, ...]
    contact: str = ""
    issued_on: date = field(default_factory=date.today)
    parties: Parties = field(default_factory=Parties)
    signer_name: str = ""
    signer_title: str = ""

    @property
    def date_line(self) -> str:
        return f"{self.issued_on:%B} {self.issued_on.day}, {self.issued_on.year}"

    @property
    def header(self) -> list[str]:
        return [self.district_name, *([self.contact] if self.contact else []), self.date_line, "",
                self.vendor_name, f"Re: {self.agreement_title}"]  # fmt: skip

    @property
    def salutation(self) -> str:
        return f"Dear {self.vendor_name}:"

    @property
    def intro(self) -> str:
        count = len(self.items)
        return (
            f"{self.district_name} reviewed “{self.agreement_title}” (the “Agreement”) against the "
            "student-privacy law and the district policy that apply to it. The Agreement needs the "
            f"{count} change{'s' if count != 1 else ''} below before the district can sign it or keep it in "
            "force. For each, we give the finding, the rule it comes from, and language we propose to add. "
            f"In that language, “{_bare(self.parties.provider)}” and “{_bare(self.parties.district)}” have "
            "the meanings the Agreement gives them. Equivalent wording of your own is welcome if it meets "
            "the same requirement."
        )

    @property
    def closing(self) -> str:
        return (
            "Please reply with a revised Agreement, or an amendment signed by an authorized officer, "
            "that includes these provisions. If you have questions about any of them, contact me"
            + (f" at {self.contact}." if self.contact else ".")
        )

    @property
    def signature(self) -> list[str]:
        lines = [self.signer_name or "Data Privacy Officer"]
        if self.signer_name and self.signer_title:
            lines.append(self.signer_title)
        lines.append(self.district_name)
        if self.contact:
            lines.append(self.contact)
        return lines

    def blocks(self) -> list[tuple[str, str]]:
        """The letter as (kind, text) blocks — one source for both renderings and for tests."""
        out: list[tuple[str, str]] = [("title", TITLE)]
        out += [("line", line) for line in self.header]
        out += [("para", self.salutation), ("para", self.intro)]
        for number, item in enumerate(self.items, start=1):
            out.append(("heading", f"{number}. {item.title}"))
            out.append(("para", f"Finding: {STATUS_WORDS[item.status]}. {item.reason}".strip()))
            if item.quote:
                out.append(("para", f"The Agreement now says: “{item.quote}”"))
            if item.citation:
                out.append(("para", f"Required by: {item.citation}"))
            out.append(("para", "Proposed language:"))
            out.append(("quote", item.proposed_language(self.parties)))
        out += [("para", self.closing), ("para", "Sincerely,"), ("line", "")]
        out += [("line", line) for line in self.signature]
        return out

    def text(self) -> str:
        return "\n".join(text for _kind, text in self.blocks())


def _bare(term: str) -> str:
    return term[4:] if term.startswith("the ") else term


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
    doc.core_properties.title = TITLE
    doc.core_properties.author = request.signer_name or request.district_name
    for kind, text in request.blocks():
        if kind == "title":
            doc.add_heading(text, level=1)
        elif kind == "heading":
            doc.add_heading(text, level=2)
        elif kind == "quote":
            doc.add_paragraph(text, style="Intense Quote")
        elif kind == "line":
            paragraph = doc.add_paragraph(text)
            paragraph.paragraph_format.space_after = Pt(0)
        else:
            doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_pdf(request: AmendmentRequest) -> bytes:
    from reportlab.lib.pagesizes import letter  # noqa: PLC0415 — reportlab loads only for a PDF
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.lib.units import inch  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    quote = body.clone("Quote", leftIndent=0.3 * inch, fontName="Helvetica-Oblique")
    line = body.clone("Line", spaceBefore=0, spaceAfter=0)
    style = {"title": styles["Title"], "heading": styles["Heading2"], "quote": quote, "line": line}
    story: list[Any] = []
    for kind, text in request.blocks():
        if kind == "line" and not text:
            story.append(Spacer(1, 10))
            continue
        if kind in ("heading", "para"):
            story.append(Spacer(1, 4))
        story.append(Paragraph(escape(text), style.get(kind, body)))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter, title=TITLE,
                      author=request.signer_name or request.district_name).build(story)  # fmt: skip
    return buffer.getvalue()
