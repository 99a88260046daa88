"""Turn reader lines into sentences that know their page and section.

PDF lines are soft-wrapped: we join them, undo end-of-line hyphenation, carry sentences over
page breaks, drop running headers/footers, and start new paragraphs at headings and list items.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from .model import RawLine, Sentence
from .sections import Heading, parse_heading
from .sentences import split_enumeration, split_sentences

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.I)
_LIST_MARK = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\-\*\u2013\uf0b7o]\s+|\(?[a-z]\)\s+|\(?[ivx]{1,4}\)\s+|\(?\d{1,2}\)\s+|[a-z]\.\s+|\d{1,2}\.\s+)"
)
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\uf0b7]\s*")
_TRAILING_HYPHEN = re.compile(r"([A-Za-z]+)[-\u00ad\x02\ufffe]$")
_HYPHEN_MARKS = "-\u00ad\x02\ufffe"
# Prefixes that form real hyphenated words ("student-generated", "third-party"): keep the hyphen.
_KEEP_HYPHEN = {
    "student", "third", "sub", "non", "co", "self", "school", "parent", "user", "court", "long",
    "short", "high", "well", "state", "opt", "e", "pre", "post", "anti", "multi", "cross", "end",
    "web", "age", "time", "need", "data", "de", "re", "follow", "in", "on", "off", "year", "day",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "business", "calendar",
}  # fmt: skip
_TRANSLATE = str.maketrans({
    "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\u00a0": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\t": " ", "\u2028": " ", "\u2029": " ",
})  # fmt: skip
_TOP_LEVEL_PREFIXES = ("Exhibit", "Schedule", "Appendix", "Attachment", "Addendum", "Annex")


def _soft_hyphen(m: re.Match[str]) -> str:
    return m.group(1) + ("-" if m.group(1).lower() in _KEEP_HYPHEN else "")


# Control characters go, except U+0002 (PDFium's line-end hyphen, undone when lines are joined).
_CONTROLS = {code: None for code in range(32) if code != 2}
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]+)[\ufffe\x02\u00ad]\s*(?=[a-z])")


# Without line-end hyphens to undo, both tables apply in one pass.
_TRANSLATE_AND_CONTROLS = {**_CONTROLS, **_TRANSLATE}


def clean(text: str) -> str:
    # PDFium marks a line-end hyphen as U+FFFE / U+0002 and may already have joined the lines.
    if "\ufffe" in text or "\x02" in text or "\u00ad" in text:
        text = text.translate(_TRANSLATE).replace("\x00", "")
        text = _LINE_END_HYPHEN.sub(_soft_hyphen, text)
        text = text.translate(_CONTROLS)
    elif not (text.isascii() and text.isprintable()):  # printable ASCII: nothing to translate
        text = text.translate(_TRANSLATE_AND_CONTROLS)
    # split() cuts at exactly the characters regex \s matches: re.sub(r"\s+", " ", text).strip().
    return " ".join(text.split())


def _furniture(lines: list[RawLine]) -> set[str]:
    """Lines repeated at the top or bottom of many pages (running headers/footers)."""
    by_page: dict[int, list[str]] = {}
    for line in lines:
        if line.page is not None and line.text.strip():
            by_page.setdefault(line.page, []).append(line.text)
    if len(by_page) < 3:
        return set()
    seen: Counter[str] = Counter()
    for texts in by_page.values():
        edges = texts[:2] + texts[-2:]
        for key in {_key(t) for t in edges if len(t.strip()) < 120}:
            seen[key] += 1
    floor = max(3, int(len(by_page) * 0.4))
    return {key for key, count in seen.items() if count >= floor and key}


_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", clean(text).lower())


@dataclass
class _Paragraph:
    section: str | None
    heading: bool = False
    list_item: bool = False
    label: str = ""
    text: str = ""
    pages: list[tuple[int, int | None]] = field(default_factory=list)  # (offset, page)
    indent: int = 0
    top: bool = False  # an Article / Exhibit heading (a list's lead-in never crosses it)
    level: int = 0  # a heading's level (1 = outermost)
    path: tuple[str, ...] = ()

    def add(self, text: str, page: int | None) -> None:
        if not self.text:
            self.pages.append((0, page))
            self.text = text
            return
        # Look only at the tail: searching the whole growing paragraph would be quadratic.
        tail_start = max(0, len(self.text) - 60)
        # The pattern ends in a hyphen mark at the end (or before a final newline).
        hyphen = any(c in _HYPHEN_MARKS for c in self.text[-2:])
        m = _TRAILING_HYPHEN.search(self.text, tail_start) if hyphen else None
        separator = ""
        if m and text[:1].islower():
            keep = m.group(1).lower() in _KEEP_HYPHEN and self.text[m.end(1)] == "-"
            self.text = self.text[: m.end(1)] + ("-" if keep else "")
        elif self.text.endswith("\x02"):
            self.text = self.text[:-1]
        else:
            separator = " "
        if not self.pages or self.pages[-1][1] != page:
            self.pages.append((len(self.text) + len(separator), page))
        self.text += separator + text  # one copy of the growing paragraph, not two

    # The pages' starts, kept for bisection while `pages` is only appended to (see `page_at`).
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _ascending: bool = field(default=True, repr=False, compare=False)

    def page_at(self, offset: int) -> int | None:
        """The page of the last entry starting at or before `offset` (else the first entry's)."""
        if not self.pages:
            return None
        if len(self._starts) != len(self.pages):  # entries were added since the last call
            self._starts = [start for start, _ in self.pages]
            self._ascending = all(a <= b for a, b in zip(self._starts, self._starts[1:], strict=False))
        if self._ascending:
            # A long paragraph spans many pages and is asked once per sentence: bisect, not a scan.
            found = bisect.bisect_right(self._starts, offset) - 1
            return self.pages[max(found, 0)][1]
        page = self.pages[0][1]
        for start, p in self.pages:
            if start <= offset:
                page = p
        return page


def _heading_level(line: RawLine, text: str, top_level: bool, label: str) -> int:
    if line.level:
        return line.level
    if top_level:
        return 1
    m = re.match(r"^(?:Section\s+)?(\d{1,3}(?:\.\d{1,3})*)", label)
    return 2 + m.group(1).count(".") if m else 2


_MD_BULLET = re.compile(r"^[-*+]\s+\S")


def _paragraphs(lines: list[RawLine], paginated: bool) -> list[_Paragraph]:
    furniture = _furniture(lines) if paginated else set()
    out: list[_Paragraph] = []
    current: _Paragraph | None = None
    top_label: str | None = None
    section: str | None = None
    path: list[tuple[int, str]] = []
    for line in lines:
        text = clean(line.text)
        if not text:
            if not paginated:
                current = None
            continue
        if paginated and (_PAGE_NUMBER.match(text) or _key(text) in furniture):
            continue
        heading = parse_heading(text, hint=line.heading)
        if (
            heading is not None
            and line.heading
            and heading.rest
            and not heading.title
            and len(heading.rest) <= 100
            and not heading.rest.rstrip().endswith((".", ";", ":"))
        ):
            # "### 5.1 Commercial uses": a heading by markup, whatever its capitals say.
            heading = Heading(heading.label, heading.rest.strip(), "", heading.top_level)
        if heading is not None:
            if heading.top_level:
                top_label = heading.label if heading.label.startswith(_TOP_LEVEL_PREFIXES) else None
                section = heading.label
            else:
                section = f"{top_label}, {heading.label}" if top_label else heading.label
            level = _heading_level(line, text, heading.top_level, heading.label)
            while path and path[-1][0] >= level:
                path.pop()
            shown = text[: len(text) - len(heading.rest)].strip() if heading.rest else text
            path.append((level, shown[:80]))
            here = tuple(t for _, t in path)
            current = None
            if heading.title or not heading.rest:
                out.append(
                    _Paragraph(
                        section,
                        heading=True,
                        text=shown,
                        pages=[(0, line.page)],
                        top=heading.top_level or level <= 1,
                        level=level,
                        path=here,
                    )
                )
            if heading.rest:
                current = _Paragraph(section, path=here)
                current.add(heading.rest, line.page)
                out.append(current)
            continue
        marker = _LIST_MARK.match(text)
        # "(72) hours" or "2. " after an unfinished line is the same sentence, not a new item;
        # a Markdown bullet ("- ", "* ", "+ ") on its own line always starts one.
        if (
            marker is not None
            and current is not None
            and not line.hard_break
            and not _BULLET.match(text)
            and not (not paginated and _MD_BULLET.match(text))
            and not re.search(r"[.:;!?]$|\b(?:and|or)$", current.text[-8:])
            and not current.heading
        ):
            marker = None
        if marker is None and not paginated and _MD_BULLET.match(text):
            marker = re.match(r"^[-*+]\s+", text)
        list_item = marker is not None or line.list_item
        if marker is not None and len(text) > marker.end():
            text = text[marker.end() :]  # the quote reads better without "(b)" or a bullet
        continues = (
            current is not None
            and not current.heading
            and not list_item
            and not current.text.endswith((".", ":", ";", "!", "?"))
            and bool(re.match(r"^(?:[a-z]|\(\d{1,3}\)\s+[a-z])", text))
        )
        starts_new = (
            current is None
            or (line.hard_break and not continues)
            or list_item
            or current.heading
            or current.text.endswith(":")
            or line.label != current.label
        )
        if starts_new:
            current = _Paragraph(
                section,
                list_item=list_item,
                label=clean(line.label),
                indent=line.indent,
                path=tuple(t for _, t in path),
            )
            out.append(current)
        assert current is not None
        current.add(text, line.page)
    return out


_LEAD_CORE = re.compile(
    r"^(.{0,100}?\b(?:shall|will|may|must|can|cannot|does|do|agrees?(?:\s+that\s+it\s+(?:shall|will))?|"
    r"undertakes?|is|are)\b(?:\s+(?:not|never))?(?:\s+\w+ly)?(?:\s+to\b)?)",
    re.I,
)
_DEFINING = re.compile(r"\b(?:means?|does not (?:mean|include)|shall not (?:mean|include)|includes?)\b", re.I)


_REQUIREMENTS_LIST = re.compile(
    r"\b(?:contracts?|agreements?)\b.{0,80}\b(?:must|shall|should)\s+(?:\w+\s+)?(?:include|contain|provide|state|address)|"
    r"following\s+effect",
    re.I,
)


_PROMISE_HEADING = re.compile(
    r"\b(?:we|provider|vendor|company)\b.*\b(?:never|will not|won't|do not|don't|shall not)\b", re.I
)


_NEGATING_LEAD = re.compile(
    r"\b(?:not|never|prohibited|forbidden|barred|precluded|refrain|cannot|can't|won't|shan't)\b", re.I
)
_MAX_LEAD = 220


def compact_lead_in(lead: str) -> str:
    """Keep the subject and modal of a list's lead-in ("An operator shall not knowingly").

    A negating lead-in is kept whole ("is prohibited from using Student Data to"): cutting it at
    the first verb would drop the very word that makes its items prohibitions.
    """
    if _DEFINING.search(lead):
        return ""  # the items of a definition are not commitments
    if _REQUIREMENTS_LIST.search(lead):
        return lead  # "every contract must include:" -- keep whole so the detector sees it is a list of terms
    if _NEGATING_LEAD.search(lead):
        lead = lead.strip().rstrip(":").strip()
        return lead if len(lead) <= _MAX_LEAD else lead[-_MAX_LEAD:].split(" ", 1)[-1]
    m = _LEAD_CORE.match(lead)
    return m.group(1).strip() if m else lead


def _is_lead_in(text: str) -> bool:
    return text.endswith(":") or bool(re.search(r"\bfollowing\b[^.]*$", text[-120:]))


_QUESTION_SPAN = 4  # an FAQ answer rarely runs longer; later paragraphs are on their own


def _question(text: str) -> str:
    text = text.strip()
    return text if text.endswith("?") and 8 <= len(text) <= 220 else ""


_CLAUSE_VERB = re.compile(
    r"\b(?:shall|will|must|may|agrees?|is|are|was|were|has|have|does|do|can|cannot|we|you)\b", re.I
)


@dataclass
class _Lead:
    """A lead-in in force: the paragraph's (indent -1) or a list item's that ends with a colon."""

    text: str
    indent: int
    child_indent: int | None = None  # indent of the first item under it
    items: int = 0
    sectioned: bool = False  # sub-headings came between the lead-in and its first items
    sub_level: int = 0  # level of those sub-headings; a shallower heading ends the list


def _carried(stack: list[_Lead]) -> str:
    return " ".join(x.text.strip().rstrip(":").strip() for x in stack if x.text).strip()


def _enter_item(stack: list[_Lead], indent: int) -> str:
    """The lead-in text an item at `indent` carries; leaves nested lead-ins it has left behind."""
    while len(stack) > 1 and stack[-1].indent >= 0:
        top = stack[-1]
        if top.child_indent is not None and indent < top.child_indent:
            stack.pop()
            continue
        break
    if len(stack) == 1 and stack[0].indent >= 0:
        top = stack[0]
        if top.child_indent is not None and indent < top.child_indent:
            stack.pop()
    for x in stack:
        if x.child_indent is None:
            x.child_indent = indent
        x.items += 1
    return _carried(stack)


def build_sentences(lines: list[RawLine], *, paginated: bool) -> list[Sentence]:
    sentences: list[Sentence] = []
    stack: list[_Lead] = []
    question, question_left = "", 0
    for para in _paragraphs(lines, paginated):
        if para.heading:
            sentences.append(Sentence(para.text, para.page_at(0), para.section, heading=True, path=para.path))
            if _PROMISE_HEADING.search(para.text):
                # "What we will never do" over a bulleted list: the heading carries the negation.
                stack = [_Lead(para.text, -1)]
            elif (
                stack
                and not para.top
                and (stack[0].items == 0 or stack[0].sectioned)
                and para.level >= stack[0].sub_level
            ):
                # "The Provider shall NOT:" then "### Advertising" then the items: the sub-heading
                # sits inside the list, so the lead-in still governs what follows it.
                stack[0].sectioned = True
                stack[0].sub_level = stack[0].sub_level or para.level
                del stack[1:]
            else:
                stack = []
            # "Do you sell student data?" as an FAQ heading: the answer below replies to it.
            question, question_left = _question(para.text), _QUESTION_SPAN
            continue
        item = para.list_item
        if (
            not item
            and stack
            and (stack[0].items == 0 or stack[0].sectioned)
            and len(para.text.split()) <= 6
            and not para.text.rstrip().endswith((".", ";", ":", ","))
            and not _CLAUSE_VERB.search(para.text)
        ):
            # "Commercial use" on its own line between a lead-in and its bullets: a sub-heading
            # in plain text. The lead-in still governs the items below it.
            stack[0].sectioned = True
            sentences.append(Sentence(para.text, para.page_at(0), para.section, heading=True, path=para.path))
            continue
        if (
            not item
            and stack
            and stack[0].sectioned
            and len(para.text) <= 240
            and not _CLAUSE_VERB.search(para.text)
        ):
            item = True  # a bare phrase under a sub-heading of a sectioned list is one of its items
        if item:
            carried = _enter_item(stack, para.indent) if stack else ""
        else:
            stack = []
            carried = ""
        question_left -= 1
        if question_left <= 0:
            question = ""
        for offset, text in split_sentences(para.text):
            page = para.page_at(offset)
            label = "" if _question(text) else para.label or question
            lead, items = split_enumeration(text)
            if items:
                sentences.append(
                    Sentence(
                        lead, page, para.section, lead_in=carried, label=label, path=para.path, list_item=item
                    )
                )
                core = compact_lead_in(lead) if lead else ""
                for piece in items:
                    sentences.append(
                        Sentence(
                            piece,
                            page,
                            para.section,
                            lead_in=f"{carried} {core}".strip(),
                            label=label,
                            path=para.path,
                            list_item=True,
                        )
                    )
            else:
                sentences.append(
                    Sentence(
                        text, page, para.section, lead_in=carried, label=label, path=para.path, list_item=item
                    )
                )
            if _question(text) and not para.label:
                question, question_left = _question(text), _QUESTION_SPAN + 1
        last = para.text.rstrip()
        if last and _is_lead_in(last):
            lead_text = compact_lead_in(split_sentences(last)[-1][1])
            if item:
                # A nested timeline: "On termination:" > "within 90 days:" > the items.
                while len(stack) > 1 and stack[-1].indent >= para.indent:
                    stack.pop()
                stack.append(_Lead(lead_text, para.indent))
            else:
                stack = [_Lead(lead_text, -1)]
    return sentences
