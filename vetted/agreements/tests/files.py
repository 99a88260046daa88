"""Real PDF and DOCX bytes for upload tests, built with reportlab and python-docx."""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from reportlab.pdfgen import canvas


@functools.lru_cache(maxsize=8)
def pdf_bytes(text: str = "Student Data Privacy Agreement", *, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(text: str = "Student Data Privacy Agreement") -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx-shaped zip whose document.xml inflates ~1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def exhibit_e(name: str = "exhibit-e-signed.pdf") -> SimpleUploadedFile:
    """The Exhibit E a subscribing district signed, as an upload (adopting a general offer needs it)."""
    return SimpleUploadedFile(name, pdf_bytes("Exhibit E: General Offer of Terms, signed"), "application/pdf")
