"""The one check every untrusted upload gets before it is stored: size, real type, encryption,
zip bomb. Cheap and local (magic bytes, a PDF trailer marker, a zip's central directory); nothing
here parses the document itself — that happens later, in a limited child (sandbox.py).

The type sniffer and the zip-container check are the review engine's own (vetted.review.extract),
so the upload and the reader can never disagree about what a file is.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings

from vetted.kit.uploads import too_large_message
from vetted.review import DocumentError, Limits
from vetted.review.errors import CORRUPT, EMPTY, ENCRYPTED, TOO_LARGE, UNSUPPORTED_TYPE
from vetted.review.extract.sniff import extension_of, sniff

EVERY_KIND: frozenset[str] = frozenset({"pdf", "docx", "html", "markdown", "text"})
CONTRACT_KINDS: frozenset[str] = frozenset({"pdf", "docx"})
_TAIL = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    size: int


def read_limits() -> Limits:
    """The limits of every read: upload size, pages and seconds come from settings."""
    return Limits(
        max_bytes=settings.VETTED_MAX_UPLOAD_BYTES,
        max_pages=settings.VETTED_REVIEW_MAX_PAGES,
        max_seconds=settings.VETTED_REVIEW_MAX_SECONDS,
    )


def check_upload(data: bytes, name: str, *, kinds: Collection[str] = EVERY_KIND) -> CheckedFile:
    """Return what the file really is, or raise DocumentError with a sentence for the uploader."""
    limits = read_limits()
    if len(data) > limits.max_bytes:
        raise DocumentError(TOO_LARGE, too_large_message(len(data)))
    if not data.strip():
        raise DocumentError(EMPTY, "The file is empty.")
    if kinds == CONTRACT_KINDS and extension_of(name) not in CONTRACT_KINDS:
        raise DocumentError(UNSUPPORTED_TYPE, "Upload a PDF (.pdf) or Word (.docx) document.")
    kind = sniff(data, name)
    if kind not in kinds:
        raise DocumentError(UNSUPPORTED_TYPE, f"This file is {kind}; upload {_human(kinds)}.")
    if kind == "pdf":
        _check_pdf(data)
    elif kind == "docx":
        _check_docx(data, limits)
    return CheckedFile(name=name, kind=kind, size=len(data))


def _human(kinds: Collection[str]) -> str:
    if set(kinds) == set(CONTRACT_KINDS):
        return "a PDF (.pdf) or Word (.docx) document"
    return "a PDF, Word (.docx), HTML, Markdown or plain-text file"


def _check_pdf(data: bytes) -> None:
    # An encrypted PDF names its /Encrypt dictionary in the trailer, near the end of the file.
    if b"/Encrypt" in data[-_TAIL:] or b"/Encrypt" in data[:_TAIL]:
        raise DocumentError(
            ENCRYPTED, "The PDF is encrypted or password-protected; upload an unprotected copy."
        )


def _check_docx(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            # The review engine's container check: the same limits at upload as in the reader.
            from vetted.review.extract.docx_reader import (  # noqa: PLC0415 — python-docx only for a zip
                _check_container,
            )

            infos = _check_container(zf, limits)  # raises zip_bomb before anything is decompressed
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DocumentError(CORRUPT, "The Word document is damaged and cannot be opened.") from None
    if any(i.flag_bits & 0x1 for i in infos):
        raise DocumentError(ENCRYPTED, "The Word document is encrypted; upload an unprotected copy.")
