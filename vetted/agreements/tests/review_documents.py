"""Tiny real agreements for review tests: a PDF (reportlab) and a DOCX (python-docx), and a way to
store a file as if an earlier, laxer upload had accepted it."""

from __future__ import annotations

import functools
import io
import secrets
from typing import Any

from django.db import transaction

from vetted.agreements.models import Agreement, AgreementDocument
from vetted.agreements.services.documents import document_root
from vetted.agreements.services.review import queue_review

# Ownership, targeted advertising and governing law present; breach notice in 30 days where the demo
# policy needs 48 hours (insufficient); the other required provisions missing.
DPA_LINES = (
    "Student Data Privacy Agreement",
    "1. Ownership. All student data remains the property of and under the control of the District.",
    "2. Data Breach. The Provider shall notify the District within thirty (30) days of discovery of any breach.",
    "3. Governing Law. This Agreement is governed by the laws of the State of Connecticut.",
    "4. Advertising. The Provider shall not use student data for targeted advertising.",
)


@functools.lru_cache(maxsize=4)
def dpa_pdf(lines: tuple[str, ...] = DPA_LINES) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    y = 720
    for line in lines:
        pdf.drawString(40, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def blank_pdf() -> bytes:
    """A PDF with a drawing and no text layer, like a scan."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 72, 300, 500, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def dpa_docx(paragraphs: tuple[str, ...] = DPA_LINES) -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def store_document(agreement: Agreement, data: bytes, name: str, *, actor: Any = None) -> AgreementDocument:
    """Store bytes under MEDIA_ROOT without the upload checks, and queue their review."""
    kind = name.rsplit(".", 1)[-1]
    stored = f"{secrets.token_hex(16)}.{kind}"
    root = document_root()
    root.mkdir(parents=True, exist_ok=True)
    (root / stored).write_bytes(data)
    with transaction.atomic():
        document = AgreementDocument.objects.create(
            agreement=agreement, original_name=name, stored_name=stored, file_type=kind, size=len(data),
            sha256="0" * 64, uploaded_by=actor,
        )  # fmt: skip
        queue_review(document, actor=actor)
    return document
