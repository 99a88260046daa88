"""Build small documents in memory for the tests (no files, no network)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from vetted.review import review_bytes


def text_pdf(pages: list[list[str]], **canvas_options: object) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, **canvas_options)
    for lines in pages:
        y = 740
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    return buf.getvalue()


def found(sentence: str) -> dict[str, dict[str, Any]]:
    """Review one sentence as a text file; provisions by id."""
    result = review_bytes(sentence.encode(), "clause.txt").to_dict()
    return {p["id"]: p for p in result["provisions"]}
