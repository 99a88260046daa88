"""The reviewed document's text, by page and section, with each finding's evidence marked.

Everything here is plain data; the template escapes it (the text comes from an untrusted file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vetted.rules import get_provision

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


def _bare(quote: str) -> str:
    return quote.strip().strip("\u2026").strip()


def _where(evidence: dict[str, Any]) -> str:
    parts = [f"page {evidence['page']}"] if evidence.get("page") else []
    if evidence.get("section"):
        parts.append(f"section {evidence['section']}")
    return ", ".join(parts)


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
        findings.append(
            Finding(
                pid, title, str(provision["status"]), STATUS_WORDS.get(provision["status"], ""),
                str(provision.get("reason", "")), float(provision.get("confidence") or 0.0), links,
                required=provision.get("status") != "not_required", found=bool(provision.get("found")),
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
