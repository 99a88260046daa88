"""Hostile or unreadable files are refused with a DocumentError, never a crash."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from vetted.review import DocumentError, Limits, review_bytes
from vetted.review.errors import (
    CORRUPT,
    EMPTY,
    ENCRYPTED,
    NO_TEXT_LAYER,
    TIMEOUT,
    TOO_LARGE,
    TOO_MANY_PAGES,
    TRUNCATED,
    TYPE_MISMATCH,
    UNSUPPORTED_TYPE,
    ZIP_BOMB,
)

from .helpers import text_pdf

CLAUSE = "Provider shall not sell student data."


def _refused(data: bytes, name: str, limits: Limits | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        review_bytes(data, name, limits=limits or Limits())
    assert info.value.message
    return info.value


def test_scanned_pdf_without_text_layer() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for _ in range(2):
        c.rect(72, 300, 400, 300, fill=1)
        c.circle(300, 200, 50)
        c.showPage()
    c.save()
    assert _refused(buf.getvalue(), "scan.pdf").code == NO_TEXT_LAYER


def test_encrypted_pdf() -> None:
    data = text_pdf([[CLAUSE]], encrypt="open-sesame")
    assert _refused(data, "locked.pdf").code == ENCRYPTED


def test_truncated_pdf() -> None:
    data = text_pdf([[CLAUSE]] * 3)
    assert _refused(data[: len(data) // 2], "cut.pdf").code in (TRUNCATED, CORRUPT)


def test_garbage_after_pdf_header_is_corrupt() -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    assert _refused(data, "junk.pdf").code == CORRUPT


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", document_xml)
        for name, blob in (extra or {}).items():
            zf.writestr(name, blob)
    return buf.getvalue()


def test_docx_zip_bomb_by_ratio() -> None:
    bomb = _docx_with(b"<w:document>" + b"A" * (60 * 1024 * 1024) + b"</w:document>")
    assert len(bomb) < 1024 * 1024
    assert _refused(bomb, "bomb.docx").code == ZIP_BOMB


def test_docx_zip_bomb_by_declared_size() -> None:
    data = _docx_with(b"<x/>", {"word/media/big.bin": b"\0" * (3 * 1024 * 1024)})
    limits = Limits(max_uncompressed_bytes=2 * 1024 * 1024)
    assert _refused(data, "big.docx", limits).code == ZIP_BOMB


def test_docx_too_many_members() -> None:
    data = _docx_with(b"<x/>", {f"word/part{i}.xml": b"<x/>" for i in range(30)})
    assert _refused(data, "many.docx", Limits(max_zip_members=20)).code == ZIP_BOMB


def test_corrupt_docx() -> None:
    data = _docx_with(b"<w:document><not closed")
    assert _refused(data, "bad.docx").code == CORRUPT


def test_pdf_name_but_png_content() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
    assert _refused(png, "contract.pdf").code == TYPE_MISMATCH


def test_pdf_name_but_zip_content() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", CLAUSE)
    assert _refused(buf.getvalue(), "contract.pdf").code == TYPE_MISMATCH


def test_docx_name_but_pdf_content() -> None:
    assert _refused(text_pdf([[CLAUSE]]), "contract.docx").code == TYPE_MISMATCH


def test_unsupported_binary() -> None:
    assert _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc").code == UNSUPPORTED_TYPE


def test_too_many_pages() -> None:
    data = text_pdf([[f"Page {i} of the agreement."] for i in range(600)])
    assert _refused(data, "long.pdf").code == TOO_MANY_PAGES


def test_too_large() -> None:
    assert _refused(b"a" * 2048, "big.txt", Limits(max_bytes=1024)).code == TOO_LARGE


def test_empty() -> None:
    assert _refused(b"  \n ", "empty.txt").code == EMPTY


def test_deadline_is_enforced() -> None:
    data = text_pdf([[CLAUSE]] * 5)
    assert _refused(data, "slow.pdf", Limits(max_seconds=0.0)).code == TIMEOUT


def test_random_bytes_never_crash() -> None:
    import random

    rng = random.Random(7)
    for n in range(40):
        blob = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000)))
        prefix = [b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b""][n % 4]
        with contextlib.suppress(DocumentError):
            review_bytes(prefix + blob, f"f{n}.bin")
