"""PDF text layer via PDFium (pypdfium2): fast, keeps page numbers, refuses what it cannot read."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import (
    CORRUPT,
    ENCRYPTED,
    NO_TEXT_LAYER,
    TOO_MANY_PAGES,
    TOO_MUCH_TEXT,
    TRUNCATED,
    DocumentError,
)
from ..limits import Deadline, Limits
from .model import RawLine

# A real PDF ends with %%EOF (maybe followed by a little whitespace or junk); PDFium happily
# "repairs" a cut-off file, which would silently review half a contract.
_EOF_WINDOW = 4096
_MIN_CHARS_PER_PAGE = 15


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentError(
                ENCRYPTED,
                "This PDF is password-protected. Upload an unlocked copy (saved without a password).",
            ) from None
        if b"%%EOF" not in data[-_EOF_WINDOW:]:
            raise DocumentError(
                TRUNCATED, "This PDF is incomplete (the file is cut off); upload it again."
            ) from None
        raise DocumentError(CORRUPT, "This PDF is damaged and cannot be read.") from None


def read_pdf(data: bytes, limits: Limits, deadline: Deadline) -> tuple[list[RawLine], int]:
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise DocumentError(TRUNCATED, "This PDF is incomplete (the file is cut off); upload it again.")
    pdf = _open(data)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise DocumentError(CORRUPT, "This PDF has no pages.")
        if page_count > limits.max_pages:
            raise DocumentError(
                TOO_MANY_PAGES,
                f"This PDF has {page_count} pages; the limit is {limits.max_pages}.",
            )
        lines: list[RawLine] = []
        total = 0
        visible = 0
        for index in range(page_count):
            deadline.check()
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
            total += len(text)
            if total > limits.max_chars:
                raise DocumentError(
                    TOO_MUCH_TEXT, f"This PDF holds more than {limits.max_chars:,} characters of text."
                )
            visible += sum(map(len, text.split()))  # characters that are not white space
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                lines.append(RawLine(line, index + 1))
        if visible < _MIN_CHARS_PER_PAGE * page_count:
            raise DocumentError(
                NO_TEXT_LAYER,
                "This PDF has no text layer (it looks scanned). Upload the original or an OCR'd copy.",
            )
        return lines, page_count
    finally:
        pdf.close()
