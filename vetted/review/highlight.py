"""The reviewed document's text, by page and section, with each finding's evidence marked.

Everything here is plain data; the template escapes it (the text comes from an untrusted file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetted.rules import get_provision

from .states import PLACEHOLDER, STATE_WORDS, state_of

STATUS_WORDS = {
    "satisfied": "Present",
    "missing": "Missing",
    "insufficient": "Present but does not meet the requirement",
    "conflict": "In conflict",
    "not_required": "Not required",
}


def anchor(provision_id: str, number: int) -> str:
    return f"ev-{provision_id}-{number}"


def title_of(provision_id: str) -> str:
    try:
        return get_provision(provision_id).title
    except KeyError:
        return provision_id


@dataclass
class Mark:
    anchor: str
    title: str
    status: str


@dataclass
class Sentence:
    text: str
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Section:
    title: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Page:
    number: int | None
    sections: list[Section] = field(default_factory=list)


@dataclass
class EvidenceLink:
    quote: str
    where: str
    anchor: str | None  # None when the quote could not be placed in the text


@dataclass
class Finding:
    id: str
    title: str
    status: str
    status_label: str
    reason: str
    confidence: float
    evidence: list[EvidenceLink]
    required: bool = True
    found: bool = False
    state: str = ""  # found, absent, conflict or placeholder (states.py), whatever the packs require
    state_label: str = ""
    required_by: tuple[str, ...] = ()
    param: str = ""  # the value read (hours, days, a state), as text; "" when none

    @property
    def placeholder(self) -> bool:
        return self.state == PLACEHOLDER


def _bare(quote: str) -> str:
    return quote.strip().strip("\u2026").strip()


def _where(evidence: dict[str, Any]) -> str:
    parts = [f"page {evidence['page']}"] if evidence.get("page") else []
    if evidence.get("section"):
        parts.append(f"section {evidence['section']}")
    return ", ".join(parts)


def _param_text(pid: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if pid == "breach_notification" and isinstance(value, int):
        return f"within {value} hour{'s' if value != 1 else ''}"
    if pid == "disposition_at_end" and isinstance(value, int):
        return f"within {value} day{'s' if value != 1 else ''} of the end"
    if pid == "governing_law" and value == "district":
        return "the law of the district's state"
    if pid == "governing_law":
        return f"the law of {value}"
    return str(value)


def documents_in_file(result: dict[str, Any]) -> tuple[int, list[str]]:
    """How many separate documents the reader saw in the file, and their titles (newer results only)."""
    try:
        count = int(result.get("documents_in_file", 1) or 1)
    except (TypeError, ValueError):
        count = 1
    titles = [str(t) for t in result.get("document_titles") or [] if str(t).strip()]
    return count, titles


def build(sentences: list[dict[str, Any]], result: dict[str, Any]) -> tuple[list[Page], list[Finding]]:
    """Pages of marked sentences, and every provision's finding with links to its evidence: the
    required ones first, then those no selected rule requires (marked so, for information)."""
    placed = [Sentence(str(s.get("text", ""))) for s in sentences]
    findings = []
    for provision in result.get("provisions", []):
        pid, title = str(provision["id"]), title_of(str(provision["id"]))
        links = []
        for number, evidence in enumerate(provision.get("evidence") or [], start=1):
            quote, target = str(evidence.get("quote", "")), None
            bare = _bare(quote)
            for index, sentence in enumerate(sentences):
                same_place = sentence.get("page") == evidence.get("page")
                if bare and same_place and bare in str(sentence.get("text", "")):
                    target = anchor(pid, number)
                    placed[index].marks.append(Mark(target, title, str(provision["status"])))
                    break
            links.append(EvidenceLink(quote, _where(evidence), target))
        state = state_of(provision)
        findings.append(
            Finding(
                pid, title, str(provision["status"]), STATUS_WORDS.get(provision["status"], ""),
                str(provision.get("reason", "")), float(provision.get("confidence") or 0.0), links,
                required=provision.get("status") != "not_required", found=bool(provision.get("found")),
                state=state, state_label=STATE_WORDS[state],
                required_by=tuple(str(p) for p in provision.get("required_by") or ()),
                param=_param_text(pid, provision.get("param")),
            )
        )  # fmt: skip
    findings.sort(key=lambda f: not f.required)  # stable: the engine's order within each group
    pages: list[Page] = []
    for raw, marked in zip(sentences, placed, strict=True):
        page_number, section_title = raw.get("page"), str(raw.get("section") or "")
        if not pages or pages[-1].number != page_number:
            pages.append(Page(page_number))
        page = pages[-1]
        if not page.sections or page.sections[-1].title != section_title:
            page.sections.append(Section(section_title))
        page.sections[-1].sentences.append(marked)
    return pages, findings
