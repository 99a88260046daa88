"""Recognise section numbers and headings: "4.6", "Article V", "ARTICLE IV:", "Section 7", "Exhibit E"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEP = r"\s*[:.\-\u2013\u2014)]?\s*"
_ARTICLE = re.compile(r"^(article|art\.)\s+([ivxlcdm]+|\d{1,2})\b" + _SEP + r"(.*)$", re.I)
_EXHIBIT = re.compile(
    r"^(exhibit|schedule|appendix|attachment|addendum|annex)\s+[\"\u201c]?([a-z]{1,2}|\d{1,2}(?:\.\d+)?)\b[\"\u201d]?"
    + _SEP
    + r"(.*)$",
    re.I,
)
_SECTION = re.compile(r"^(?:section|sec\.|\u00a7)\s*(\d{1,3}(?:\.\d{1,3})*[a-z]?)\b" + _SEP + r"(.*)$", re.I)
_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,3})\.?\s+(\S.*)$")
_LETTERED = re.compile(r"^([A-Z]\d{1,2}(?:\.\d{1,3}){0,2})\.?\s+(\S.*)$")  # "C2. Contractor will not:"
_TOP = re.compile(r"^(\d{1,2}|[IVX]{1,5})\.\s+(\S.*)$")
_MODAL = re.compile(r"\b(shall|will|may|must|agrees?|is|are|does|do|has|have)\b")
_SMALL = {
    "of",
    "and",
    "the",
    "to",
    "for",
    "in",
    "on",
    "a",
    "an",
    "or",
    "by",
    "with",
    "at",
    "from",
    "under",
    "its",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")


@dataclass(frozen=True)
class Heading:
    label: str  # "Article IV", "Exhibit G \u2013 Connecticut", "4.6"
    title: str  # heading words after the number (may be empty)
    rest: str  # operative text that followed the number on the same line ("4.6 Provider shall ...")
    top_level: bool  # Article/Exhibit: numbered sub-sections are shown inside it


def is_title_like(text: str, max_words: int = 12) -> bool:
    """A short line of capitalised words without a sentence verb: a heading, not a clause."""
    stripped = text.strip().rstrip(":")
    if not stripped or stripped[-1] in ".;," or len(stripped) > 120:
        return False
    words = _WORD.findall(stripped)
    if not words or len(words) > max_words:
        return False
    if stripped.isupper():
        return True
    if _MODAL.search(stripped):
        return False
    big = [w for w in words if w.lower() not in _SMALL]
    if not big:
        return False
    capitalised = sum(1 for w in big if w[0].isupper())
    return capitalised / len(big) >= 0.8


def _clean_title(title: str) -> str:
    title = title.strip().strip(":.-\u2013\u2014 ").strip()
    if title.isupper():
        title = " ".join(
            w if len(w) <= 3 and w in ("LEA", "DPA", "USA") else w.capitalize() for w in title.split()
        )
    return title


def _split_title(rest: str) -> tuple[str, str]:
    """Split "Data Ownership. Provider shall ..." into title and operative rest."""
    rest = rest.strip()
    if not rest:
        return "", ""
    if is_title_like(rest):
        return _clean_title(rest), ""
    m = re.match(r"^([A-Z][^.:]{1,80}?)[.:]\s+(\S.*)$", rest)
    if m and is_title_like(m.group(1)):
        return _clean_title(m.group(1)), m.group(2)
    return "", rest


def parse_heading(line: str, *, hint: bool = False) -> Heading | None:
    text = line.strip()
    m = _ARTICLE.match(text)
    if m:
        title, rest = _split_title(m.group(3))
        number = m.group(2).upper() if not m.group(2).isdigit() else m.group(2)
        return Heading(f"Article {number}", title, rest, True)
    m = _EXHIBIT.match(text)
    if m:
        title, rest = _split_title(m.group(3))
        if rest and len(text.split()) > 3:  # "Exhibit A describes ..." is a sentence, not a heading
            return None
        kind = m.group(1).capitalize()
        number = m.group(2).upper() if m.group(2).isalpha() else m.group(2)
        label = f"{kind} {number}" + (f" \u2013 {title}" if title and len(title) <= 40 else "")
        return Heading(label, title, rest, True)
    m = _SECTION.match(text)
    if m:
        title, rest = _split_title(m.group(2))
        return Heading(f"Section {m.group(1)}", title, rest, False)
    m = _DOTTED.match(text)
    if m:
        title, rest = _split_title(m.group(2))
        return Heading(m.group(1), title, rest, False)
    m = _LETTERED.match(text)
    if m:
        title, rest = _split_title(m.group(2))
        return Heading(m.group(1), title, rest, False)
    m = _TOP.match(text)
    if m and is_title_like(m.group(2), max_words=8):
        return Heading(m.group(1), _clean_title(m.group(2)), "", False)
    if hint and len(text) <= 150 and not (text.endswith(".") and _MODAL.search(text)):
        return Heading(_clean_title(text)[:80], _clean_title(text), "", False)
    if text.isupper() and is_title_like(text):
        return Heading(_clean_title(text)[:80], _clean_title(text), "", False)
    return None
