"""Read a contract file into sentences with page and section; refuse hostile or unreadable files."""

from __future__ import annotations

import hashlib

from ..errors import CORRUPT, EMPTY, NO_TEXT_LAYER, TOO_LARGE, DocumentError
from ..limits import Deadline, Limits
from .documents import split_documents
from .layout import build_sentences
from .model import Document, RawLine, Sentence
from .sniff import sniff
from .text_reader import read_html, read_text

__all__ = ["Document", "Sentence", "extract"]


def _read(kind: str, data: bytes, limits: Limits, deadline: Deadline) -> tuple[list[RawLine], int]:
    # Imported lazily so a text-only caller never loads PDFium.
    if kind == "pdf":
        from .pdf_reader import read_pdf  # noqa: PLC0415 — PDFium only when a PDF comes

        return read_pdf(data, limits, deadline)
    if kind == "docx":
        from .docx_reader import read_docx  # noqa: PLC0415 — python-docx only for a .docx

        return read_docx(data, limits, deadline)
    if kind == "html":
        return read_html(data, limits, deadline)
    return read_text(data, limits, deadline, markdown=kind == "markdown")


def extract(data: bytes, filename: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    deadline = Deadline(limits.max_seconds)
    if len(data) > limits.max_bytes:
        raise DocumentError(
            TOO_LARGE,
            f"This file is {len(data) / 1048576:.1f} MB; the limit is {limits.max_bytes / 1048576:.0f} MB.",
        )
    if not data.strip():
        raise DocumentError(EMPTY, "This file is empty.")
    kind = sniff(data, filename)
    try:
        lines, pages = _read(kind, data, limits, deadline)
        sentences = build_sentences(lines, paginated=kind in ("pdf", "docx"))
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(CORRUPT, "This file is nested too deeply to read safely.") from None
    except MemoryError:
        raise DocumentError(CORRUPT, "This file needs too much memory to read.") from None
    except Exception as exc:  # hostile input must never crash the caller
        raise DocumentError(CORRUPT, f"This file could not be read ({type(exc).__name__}).") from None
    deadline.check()
    for sentence in sentences:
        sentence.text = sentence.text.replace("\x02", "")
    characters = sum(len(s.text) for s in sentences)
    if characters == 0:
        if kind == "pdf":
            raise DocumentError(NO_TEXT_LAYER, "This PDF has no readable text.")
        raise DocumentError(EMPTY, "This document contains no readable text.")
    titles = split_documents(sentences)
    return Document(
        name=filename,
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=max(1, pages),
        characters=characters,
        sentences=sentences,
        titles=titles,
    )
