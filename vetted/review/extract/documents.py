"""Files that hold several complete documents: terms of service + privacy policy + a DPA.

A new document starts at a title line that names a kind of document ("... Privacy Policy",
"Student Data Protection Addendum", "Terms of Service") when it is clearly a new document: it is
numbered as one ("Document 2 -", "(B)", "Part II"), or the text before it closed a document
(a signature block) or the text after it opens one ("Last updated ...", "Effective ..."). Exhibits,
schedules and numbered sections are parts of the document they sit in, never new documents.
"""

from __future__ import annotations

import re

from .model import Sentence

_KIND = re.compile(
    r"\b(?:terms\s+(?:of\s+(?:service|use)|and\s+conditions)|privacy\s+(?:policy|notice|statement|cent(?:er|re)|hub)|"
    r"(?:student\s+)?data\s+(?:privacy|protection|processing|sharing|use|security)\s+(?:agreement|addendum|policy)|"
    r"(?:master|subscription|services?|license|licence|software|end\s+user\s+licen[cs]e)\s+(?:services?\s+|subscription\s+)?agreement|"
    r"order\s+form|acceptable\s+use\s+policy|(?:parents'?\s+)?bill\s+of\s+rights|cookie\s+policy|"
    r"dpa|msa|eula)\b",
    re.I,
)
_NUMBERED = re.compile(
    r"^(?:document|part|agreement)\s+(?:\d{1,2}|[ivx]{1,4}|[a-e])\b\s*[:.\-\u2013\u2014]?\s*|^\(?[a-e]\)\s+",
    re.I,
)
_PART_OF = re.compile(
    r"^(?:exhibit|schedule|appendix|attachment|annex|addendum\s+[a-z0-9]\b|section|article|\d)", re.I
)
_SIGNATURE = re.compile(
    r"\bin\s+witness\s+whereof\b|^\s*(?:by|signature|signed|name|title|date)\s*:|_{5,}|\bauthori[sz]ed\s+signat",
    re.I,
)


def _signed(text: str) -> bool:
    """_SIGNATURE.search(text), without the search when a plain ASCII text cannot match: each of
    its branches needs "witness", a colon, five underscores or "signat" (in any case)."""
    if text.isascii():
        lowered = text.lower()
        if ":" not in text and "_____" not in text and "witness" not in lowered and "signat" not in lowered:
            return False
    return _SIGNATURE.search(text) is not None


_OPENING = re.compile(
    r"\b(?:last\s+(?:updated|revised|modified)|effective\s+(?:date|as\s+of|on)|version\s+\d)", re.I
)
_MIN_BODY = 6  # sentences a document needs before another one can start


def _title(text: str) -> str:
    text = _NUMBERED.sub("", text.strip()).strip(" :.-\u2013\u2014")
    return text[:120]


def _is_title_line(s: Sentence) -> bool:
    text = s.text.strip()
    if not text or len(text) > 110 or text.endswith((".", ";", ",")) or _PART_OF.match(text):
        return False
    if not _KIND.search(text):
        return False
    numbered = bool(_NUMBERED.match(text))
    return numbered or s.heading or text.isupper()


def split_documents(sentences: list[Sentence]) -> list[str]:
    """Mark each sentence with its document index, in place; return one title per document."""
    starts: list[tuple[int, str]] = []
    seen_signature = False
    for i, s in enumerate(sentences):
        if _signed(s.text):
            seen_signature = True
        if not _is_title_line(s):
            continue
        if not starts:
            starts.append((i, _title(s.text)))
            seen_signature = False
            continue
        body = sum(1 for x in sentences[starts[-1][0] : i] if not x.heading)
        if body < _MIN_BODY:
            continue
        numbered = bool(_NUMBERED.match(s.text.strip()))
        opens = any(_OPENING.search(x.text) for x in sentences[i + 1 : i + 4])
        if numbered or seen_signature or opens:
            starts.append((i, _title(s.text)))
            seen_signature = False
    if len(starts) < 2:
        return [_title(starts[0][1])] if starts else []
    bounds = [i for i, _ in starts]
    doc = 0
    for i, s in enumerate(sentences):
        while doc + 1 < len(bounds) and i >= bounds[doc + 1]:
            doc += 1
        s.document = doc
    return [t for _, t in starts]
