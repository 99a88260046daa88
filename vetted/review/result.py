"""The review result: one entry per canonical provision, as a dict or a plain-text report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .detect.engine import Detection
from .extract.model import Document
from .judge import Judgement
from .provisions import PROVISION_IDS, TITLES

MAX_EVIDENCE = 3


@dataclass
class ProvisionResult:
    id: str
    detection: Detection
    judgement: Judgement
    titles: tuple[str, ...] = ()  # the titles of the documents in the file, for evidence

    def to_dict(self) -> dict[str, Any]:
        d, j = self.detection, self.judgement
        # Conflicting statements are the evidence a reviewer needs to see first.
        shown = d.conflicts[:MAX_EVIDENCE] if d.conflicting and not d.found else d.positives[:MAX_EVIDENCE]
        if d.conflicting and d.found:
            shown = (d.conflicts[:1] + d.positives)[:MAX_EVIDENCE]
        return {
            "id": self.id,
            "found": d.found,
            "confidence": d.confidence
            if d.found
            else d.conflict_confidence
            if d.conflicting
            else d.confidence,
            "param": d.param if d.found else None,
            # A template blank ("[State]", "within ____ hours"): present, but no value to judge.
            "placeholder": bool(d.placeholder and d.found and d.param is None),
            "note": d.note,
            "evidence": [
                {
                    "quote": e.quote,
                    "page": e.page,
                    "section": e.section,
                    "document": e.document,
                    "document_title": self.titles[e.document] if e.document < len(self.titles) else None,
                }
                for e in shown
            ],
            "status": j.status,
            "required_by": list(j.required_by),
            "reason": j.reason,
        }


@dataclass
class ReviewResult:
    document: Document
    provisions: list[ProvisionResult]
    titles: tuple[str, ...] = ()  # one title per document found in the file

    def provision(self, pid: str) -> ProvisionResult:
        return next(p for p in self.provisions if p.id == pid)

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "document": {
                "name": doc.name,
                "sha256": doc.sha256,
                "pages": doc.pages,
                "characters": doc.characters,
            },
            "provisions": [p.to_dict() for p in self.provisions],
            # A file may hold several complete documents (terms + privacy policy + DPA).
            "documents_in_file": max(1, len(self.titles)),
            "document_titles": list(self.titles) or [doc.name],
        }


def build_result(
    document: Document, detections: dict[str, Detection], judgements: dict[str, Judgement]
) -> ReviewResult:
    titles = tuple(document.titles) or (document.name,)
    return ReviewResult(
        document,
        [ProvisionResult(pid, detections[pid], judgements[pid], titles) for pid in PROVISION_IDS],
        titles,
    )


_MARK = {
    "satisfied": "OK ",
    "missing": "-- ",
    "insufficient": "!! ",
    "conflict": "XX ",
    "not_required": "   ",
}


def render_text(result: ReviewResult) -> str:
    doc = result.document
    lines = [
        f"Review of {doc.name} ({doc.kind}, {doc.pages} page(s), {doc.characters:,} characters)",
        f"sha256 {doc.sha256}",
        "",
    ]
    counts: dict[str, int] = {}
    for p in result.provisions:
        entry = p.to_dict()
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
        found = "found" if entry["found"] else "not found"
        param = f", value {entry['param']}" if entry["param"] is not None else ""
        lines.append(f"{_MARK.get(entry['status'], '   ')}{TITLES.get(p.id, p.id)} [{p.id}]")
        lines.append(f"    {entry['status']}: {found} (confidence {entry['confidence']:.2f}{param})")
        lines.append(f"    {entry['reason']}")
        if entry["required_by"]:
            cite = f" \u2014 {p.judgement.citation}" if p.judgement.citation else ""
            lines.append(f"    required by {', '.join(entry['required_by'])}{cite}")
        for ev in entry["evidence"][:2]:
            where = ", ".join(x for x in (f"p. {ev['page']}" if ev["page"] else "", ev["section"] or "") if x)
            lines.append(f"    \u201c{ev['quote']}\u201d" + (f" ({where})" if where else ""))
        lines.append("")
    summary = ", ".join(f"{counts[k]} {k}" for k in _MARK if k in counts)
    lines.append(f"Summary: {summary}.")
    return "\n".join(lines)
