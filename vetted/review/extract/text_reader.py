"""Plain text, Markdown and saved HTML pages: decode safely, keep block structure and headings."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import TOO_MUCH_TEXT, DocumentError
from ..limits import Deadline, Limits
from .model import RawLine
from .tables import label_row

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _check_size(text: str, limits: Limits) -> None:
    if len(text) > limits.max_chars:
        raise DocumentError(TOO_MUCH_TEXT, f"This document holds more than {limits.max_chars:,} characters.")


# ---- plain text and Markdown -------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_MD_RULE = re.compile(r"^\s*([-=*_]\s*){3,}$")


def read_text(
    data: bytes, limits: Limits, deadline: Deadline, *, markdown: bool
) -> tuple[list[RawLine], int]:
    text = decode(data)
    _check_size(text, limits)
    lines: list[RawLine] = []
    gap = True
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if n % 2000 == 0:
            deadline.check()
        line = raw.replace("\f", " ").rstrip()
        if not line.strip():
            gap = True
            continue
        heading = False
        level = 0
        indent = len(line) - len(line.lstrip(" "))
        if markdown:
            if _MD_RULE.match(line):
                gap = True
                continue
            m = _MD_HEADING.match(line)
            if m:
                line, heading, level = m.group(2), True, len(m.group(1))
            line = _MD_LINK.sub(r"\1", line)
            line = _MD_EMPHASIS.sub("", line)
            line = re.sub(r"^\s*>\s?", "", line)
            if line.lstrip().startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if all(set(c) <= set("-: ") for c in cells):
                    continue
                row = [[RawLine(cell, None, hard_break=True)] for cell in cells]
                label_row(row)
                lines.extend(line for cell in row for line in cell)
                gap = True
                continue
        lines.append(
            RawLine(line, None, hard_break=gap or heading, heading=heading, indent=indent, level=level)
        )
        gap = heading
    return lines, 1


# ---- HTML ----------------------------------------------------------------------------------

_DROP = {"script", "style", "nav", "noscript", "template", "svg", "head", "button", "select", "iframe"}
_BLOCK = {
    "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "main",
    "header", "footer", "aside", "blockquote", "pre", "dt", "dd", "dl", "br", "hr", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "title", "address", "figcaption", "caption", "summary",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Consent banners and cookie pop-ups ("we use cookies to personalise ads") are page furniture.
_FURNITURE = re.compile(
    r"cookie|consent|onetrust|gdpr-?banner|cc-(?:window|banner)|skip-?link|breadcrumb", re.I
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}


class _TextCollector(HTMLParser):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__(convert_charrefs=True)
        self.deadline = deadline
        self.lines: list[RawLine] = []
        self._buffer: list[str] = []
        self._drop_depth = 0
        self._drop_stack: list[str] = []
        self._heading = False
        self._list_item = False
        self._level = 0
        self._depth = 0  # open <ul>/<ol> elements
        self._events = 0
        self._rows: list[list[int]] = []  # line index where each cell of the open <tr>s starts

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
        self._buffer = []
        if text:
            self.lines.append(
                RawLine(
                    text,
                    None,
                    hard_break=True,
                    heading=self._heading,
                    list_item=self._list_item,
                    indent=2 * max(0, self._depth - 1) if self._list_item else 0,
                    level=self._level if self._heading else 0,
                )
            )
            self._list_item = False

    def _end_row(self) -> None:
        starts = self._rows.pop()
        bounds = [*starts, len(self.lines)]
        label_row([self.lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._events += 1
        if self._events % 5000 == 0:
            self.deadline.check()
        if tag == "body":  # an unclosed <head> must not swallow the page
            self._drop_stack.clear()
        if tag in _VOID:
            if tag in _BLOCK and not self._drop_stack:
                self._flush()
            return
        if self._drop_stack:
            self._drop_stack.append(tag)  # nested tags, so the dropped element ends where it should
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role", "aria-label"))
        if tag in _DROP or (marks and _FURNITURE.search(marks)) or "navigation" in marks:
            self._drop_stack.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
            self._heading = tag in _HEADINGS
            self._level = int(tag[1]) if tag in _HEADINGS else 0
            self._list_item = tag == "li"
            if tag in ("ul", "ol"):
                self._depth += 1
        if tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th") and self._rows:
            self._rows[-1].append(len(self.lines))

    def handle_endtag(self, tag: str) -> None:
        if self._drop_stack:
            if tag == self._drop_stack[-1]:
                self._drop_stack.pop()
            elif tag in self._drop_stack:  # sloppy markup: unwind to the matching tag
                while self._drop_stack and self._drop_stack.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self._flush()
            self._heading = False
            if tag in ("ul", "ol"):
                self._depth = max(0, self._depth - 1)
        if tag == "tr" and self._rows:
            self._end_row()

    def handle_data(self, data: str) -> None:
        if not self._drop_stack:
            self._buffer.append(data)


def read_html(data: bytes, limits: Limits, deadline: Deadline) -> tuple[list[RawLine], int]:
    text = decode(data)
    _check_size(text, limits)
    parser = _TextCollector(deadline)
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.lines, 1
