"""Uploaded agreement documents: checked by their real type, hashed, stored under a random name.

The check is deliberately small and local: magic bytes, an encrypted-PDF marker, and the zip
directory of a DOCX read before anything is decompressed (zip bombs are refused by ratio/size).
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vetted.audit.services import record
from vetted.kit.uploads import refuse_if_too_large, upload_name

from ..models import Agreement, AgreementDocument

ALLOWED_EXTENSIONS = {"pdf": "pdf", "docx": "docx"}
MAX_ZIP_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def document_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "agreements"


def sniff_document(head: bytes, whole: Any, extension: str) -> str:
    """Return pdf or docx; refuse a file whose content is not what its name says."""
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = "zip"
    else:
        kind = "other"
    if extension == "pdf" and kind != "pdf":
        raise _refuse("The file is named .pdf but is not a PDF; it was not stored.")
    if extension == "docx":
        if kind != "zip":
            raise _refuse("The file is named .docx but is not a Word document; it was not stored.")
        _check_docx(whole)
        return "docx"
    _check_pdf(whole)
    return "pdf"


def _check_pdf(handle: Any) -> None:
    # An encrypted PDF names its /Encrypt dictionary in the trailer, near the end of the file.
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - 64 * 1024))
    tail = handle.read()
    handle.seek(0)
    head = handle.read(64 * 1024)
    if b"/Encrypt" in tail or b"/Encrypt" in head:
        raise _refuse("The PDF is encrypted or password-protected; upload an unprotected copy.")


def _check_docx(handle: Any) -> None:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _refuse("The Word document is damaged and cannot be opened.") from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise _refuse("The file is named .docx but is not a Word document; it was not stored.")
    total = sum(i.file_size for i in infos)
    ratio_bad = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos)
    if len(infos) > MAX_ZIP_MEMBERS or total > MAX_UNCOMPRESSED or ratio_bad:
        raise _refuse("The Word document expands to far more than its size (a zip bomb); it was not stored.")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _refuse("The Word document is encrypted; upload an unprotected copy.")


@transaction.atomic
def add_document(
    agreement: Agreement, upload: UploadedFile, *, actor: Any, label: str = "", public_copy: bool = False
) -> AgreementDocument:
    size = upload.size or 0
    refuse_if_too_large(size)
    if size == 0:
        raise _refuse("The file is empty.")
    name = upload_name(upload)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise _refuse("Upload a PDF (.pdf) or Word (.docx) document.")
    upload.seek(0)
    kind = sniff_document(upload.read(8), upload, extension)
    digest = hashlib.sha256()
    stored_name = f"{secrets.token_hex(16)}.{kind}"
    root = document_root()
    root.mkdir(parents=True, exist_ok=True)
    target = root / stored_name
    upload.seek(0)
    with target.open("xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    try:
        document = AgreementDocument.objects.create(
            agreement=agreement, label=label.strip()[:200], original_name=name, stored_name=stored_name,
            file_type=kind, size=size, sha256=digest.hexdigest(), public_copy=public_copy, uploaded_by=actor,
        )  # fmt: skip
        record(
            agreement.district, "agreement.document_added", actor=actor, subject=agreement,
            details={"document": document.pk, "name": name, "sha256": document.sha256, "size": size,
                     "public_copy": public_copy},
        )  # fmt: skip
        from vetted.agreements.services.review import (
            queue_review,  # the worker reviews it (contracts/tasks.py)
        )

        queue_review(document, actor=actor)
    except BaseException:
        target.unlink(missing_ok=True)  # no row, no file
        raise
    return document


def open_document(document: AgreementDocument) -> Any:
    path = document_root() / document.stored_name
    return path.open("rb")
