"""What the readers hand to the detector: raw lines first, then sentences with page and section."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawLine:
    """One line (PDF, plain text) or one whole paragraph (DOCX, HTML) as read from the file.

    `hard_break` says a new paragraph starts here for sure (a DOCX paragraph, an HTML block);
    PDF and plain-text lines are soft and may be joined with the previous line.
    `heading` is a reader's hint (a Word heading style, an <h2>, a Markdown '#').
    """

    text: str
    page: int | None
    hard_break: bool = False
    heading: bool = False
    list_item: bool = False  # an HTML <li> or a Word list paragraph: no bullet character to see
    label: str = ""  # the label cell of a two-column table row ("Breach notice" | "Within 72 hours")
    indent: int = 0  # nesting depth of a list item (leading spaces in text, <ul> depth in HTML)
    level: int = 0  # heading level when the reader knows it (Markdown '#' count, <h2> -> 2)


@dataclass
class Sentence:
    text: str  # what we quote
    page: int | None
    section: str | None
    heading: bool = False  # a heading / title line, never operative
    lead_in: str = ""  # "Provider shall not:" carried onto list items for matching
    # Context that completes the statement but is not part of it: a table row's label cell, or
    # the FAQ question an answer replies to ("Do you sell student data?" -> "No, never.").
    label: str = ""
    # Titles of the headings the sentence sits under, outermost first ("Article IV", "Data Use").
    path: tuple[str, ...] = ()
    document: int = 0  # which document of a multi-document file (0 = the first)
    list_item: bool = False  # a bullet or numbered item (its lead-in, if any, is in `lead_in`)

    @property
    def match_text(self) -> str:
        return f"{self.lead_in} {self.text}" if self.lead_in else self.text


@dataclass
class Document:
    name: str
    kind: str  # pdf, docx, html, markdown, text
    sha256: str
    pages: int
    characters: int
    sentences: list[Sentence] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # one per document in the file (see documents.py)
