"""Split a paragraph into sentences, and inline enumerations "(a) ...; (b) ..." into items."""

from __future__ import annotations

import re

# Words whose trailing period does not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "inc", "co", "corp", "ltd", "llc", "no", "nos", "sec", "secs", "stat", "stats",
    "gen", "conn", "mass", "cal", "ill", "n.y", "u.s", "u.s.c", "c.f.r", "pub", "l", "v", "vs", "mr",
    "ms", "mrs", "dr", "st", "seq", "al", "art", "ch", "para", "p", "pp", "cf", "fed", "reg", "regs",
    "approx", "dept", "govt", "min", "max", "ed", "ann", "rev", "code", "tex", "colo", "ariz", "fla",
    "educ", "admin", "wis", "mich", "minn", "wash", "ore", "okla", "tenn", "ala", "ark", "kan", "neb",
    "nev", "ind", "mont", "wyo", "ky", "md", "pa", "ga", "la", "mo", "vt", "va", "del", "me", "n.h",
    "n.c", "s.c", "n.d", "s.d", "n.j", "r.i", "w.va",  # "Tex. Educ. Code", "Admin. Code": citations, not sentence ends
}  # fmt: skip
_BOUNDARY = re.compile(r"([.!?])([\"\u201d\u2019')\]]*)\s+(?=[\"\u201c\u2018'(\[]?[A-Z0-9\u2022])")
# "(72) hours" after "seventy-two" is a number in parentheses, not an item marker.
_ENUM = re.compile(
    r"(?:(?<=\s)|^)\(([a-z]|[ivx]{1,4}|\d{1,2})\)\s+"
    r"(?!(?:business\s+|calendar\s+|working\s+|school\s+)?(?:hours?|days?|weeks?|months?|years?)\b)"
)
_MAX_SENTENCE = 900


def _is_abbreviation(text: str, end: int) -> bool:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:end].lower().rstrip(".")
    if not word:
        return False
    if word in _ABBREVIATIONS or ("." in word and len(word) <= 8):
        return True
    return (
        len(word) == 1 and word.isalpha() and text[start].isupper() and start > 0 and text[start - 1] == " "
    )


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """Return (offset, sentence) pairs; offsets let callers map sentences back to pages."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        if m.group(1) == "." and _is_abbreviation(paragraph, m.start(1)):
            continue
        end = m.end(2)
        piece = paragraph[start:end].strip()
        if piece:
            out.append((start, piece))
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append((start, tail))
    return [chunk for offset, s in out for chunk in _cap_length(offset, s)]


def _cap_length(offset: int, sentence: str) -> list[tuple[int, str]]:
    """Very long 'sentences' (tables, missing punctuation) are cut at clause breaks."""
    if len(sentence) <= _MAX_SENTENCE:
        return [(offset, sentence)]
    pieces: list[tuple[int, str]] = []
    pos = 0
    while len(sentence) - pos > _MAX_SENTENCE:
        window = sentence[pos : pos + _MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(" "))
        cut = cut + 1 if cut > _MAX_SENTENCE // 3 else _MAX_SENTENCE
        pieces.append((offset + pos, sentence[pos : pos + cut].strip()))
        pos += cut
    pieces.append((offset + pos, sentence[pos:].strip()))
    return [p for p in pieces if p[1]]


def split_enumeration(sentence: str) -> tuple[str, list[str]]:
    """ "Provider shall not: (a) sell data; (b) target ads" -> ("Provider shall not:", [items])."""
    if sentence.count("(") < 2:
        return "", []  # two marks need two "(" (matches do not overlap)
    marks = list(_ENUM.finditer(sentence))
    if len(marks) < 2:
        return "", []
    lead = sentence[: marks[0].start()].strip()
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(sentence)
        item = sentence[m.end() : end].strip().rstrip(";,").strip()
        item = re.sub(r"\s+(and|or)$", "", item)
        if item:
            items.append(item)
    return lead, items
