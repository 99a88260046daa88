"""Decide what a file really is from its first bytes, and refuse disguised or unsupported files."""

from __future__ import annotations

import io
import zipfile

from ..errors import TYPE_MISMATCH, UNSUPPORTED_TYPE, DocumentError

# Extension -> the family of real types it may hold. Text-like files may be any text flavour
# (a saved terms page is often .txt, a Markdown file often .txt).
_TEXT_KINDS = {"text", "markdown", "html"}
_EXTENSION_KINDS: dict[str, set[str]] = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "htm": _TEXT_KINDS,
    "html": _TEXT_KINDS,
    "xhtml": _TEXT_KINDS,
    "md": _TEXT_KINDS,
    "markdown": _TEXT_KINDS,
    "txt": _TEXT_KINDS,
    "text": _TEXT_KINDS,
}

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/Office (.doc) file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

_HUMAN = {
    "pdf": "a PDF",
    "docx": "a Word (.docx) document",
    "html": "a web page (HTML)",
    "markdown": "a Markdown file",
    "text": "a plain-text file",
    "zip": "a ZIP archive",
}


def extension_of(filename: str) -> str:
    base = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "corrupt-zip"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text has NULs; accept it only with a BOM.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def _text_kind(data: bytes, ext: str) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:1024]:
        return "html"
    if b"<body" in head or b"<head" in head or (head.count(b"<p") + head.count(b"<div")) >= 3:
        return "html"
    if ext in ("md", "markdown"):
        return "markdown"
    lines = data[:20000].splitlines()
    if any(line.lstrip().startswith(b"#") and b"# " in line[:8] for line in lines[:200]) and ext != "txt":
        return "markdown"
    return "text"


def sniff(data: bytes, filename: str) -> str:
    """Return one of pdf, docx, html, markdown, text; raise DocumentError otherwise."""
    ext = extension_of(filename)
    head = data[:1024]
    kind: str
    if b"%PDF-" in head:
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        kind = _zip_kind(data)
        if kind == "corrupt-zip":
            kind = "docx"  # let the DOCX reader report the damage precisely
    else:
        for signature, what in _BINARY_SIGNATURES:
            if data.startswith(signature):
                if ext in _EXTENSION_KINDS:
                    raise DocumentError(
                        TYPE_MISMATCH, f"The file is named .{ext} but is really {what}; it was not read."
                    )
                raise DocumentError(
                    UNSUPPORTED_TYPE, f"This file is {what}; upload a PDF, Word (.docx), HTML or text file."
                )
        if _looks_binary(data[:4096]):
            raise DocumentError(
                UNSUPPORTED_TYPE, "This file is not a readable document (binary content of an unknown type)."
            )
        kind = _text_kind(data, ext)
    allowed = _EXTENSION_KINDS.get(ext)
    if allowed is not None and kind not in allowed:
        raise DocumentError(
            TYPE_MISMATCH, f"The file is named .{ext} but its content is {_HUMAN[kind]}; it was not read."
        )
    if kind == "zip":
        raise DocumentError(
            UNSUPPORTED_TYPE, "This is a ZIP archive, not a Word document; upload the PDF or DOCX itself."
        )
    return kind
