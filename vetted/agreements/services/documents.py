"""Uploaded agreement documents: checked once by vetted.documents (real type, encryption, zip
bomb), stored under a random name with their SHA-256, and queued for review by the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vetted.audit.services import record
from vetted.documents import storage
from vetted.documents.checks import CONTRACT_KINDS, check_upload
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review import DocumentError

from ..models import Agreement, AgreementDocument
from .review import queue_review


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def document_root() -> Path:
    return storage.root("agreements")


@transaction.atomic
def add_document(
    agreement: Agreement,
    upload: UploadedFile,
    *,
    actor: Any,
    label: str = "",
    public_copy: bool = False,
    signed_copy: bool = False,
    review: bool = True,
) -> AgreementDocument:
    refuse_if_too_large(upload.size or 0)
    name = upload_name(upload)
    upload.seek(0)
    data = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
    try:
        kind = check_upload(data, name, kinds=CONTRACT_KINDS).kind
    except DocumentError as exc:
        raise _refuse(exc.message) from None
    stored = storage.store("agreements", data, suffix=kind)
    size = stored.size
    try:
        document = AgreementDocument.objects.create(
            agreement=agreement, label=label.strip()[:200], original_name=name, stored_name=stored.stored_name,
            file_type=kind, size=size, sha256=stored.sha256, public_copy=public_copy, signed_copy=signed_copy,
            uploaded_by=actor,
        )  # fmt: skip
        record(
            agreement.district, "agreement.document_added", actor=actor, subject=agreement,
            details={"document": document.pk, "name": name, "sha256": document.sha256, "size": size,
                     "public_copy": public_copy, "signed_copy": signed_copy},
        )  # fmt: skip
        if review:  # the worker reviews it (tasks/reviews.py); not a subscription's Exhibit E
            queue_review(document, actor=actor)
    except BaseException:
        storage.delete(stored.relative_path)  # no row, no file
        raise
    return document


@transaction.atomic
def add_generated_pdf(
    agreement: Agreement, data: bytes, *, name: str, label: str, actor: Any
) -> AgreementDocument:
    """Keep a PDF the program made (e.g. a vendor's certificate of data disposition) with the
    agreement: checked like an upload, stored under a random name with its SHA-256, audited, not
    queued for contract review."""
    try:
        check_upload(data, name, kinds={"pdf"})
    except DocumentError as exc:
        raise _refuse(exc.message) from None
    stored = storage.store("agreements", data, suffix="pdf")
    try:
        document = AgreementDocument.objects.create(
            agreement=agreement, label=label.strip()[:200], original_name=name[:255],
            stored_name=stored.stored_name, file_type="pdf", size=stored.size, sha256=stored.sha256,
            uploaded_by=actor if isinstance(actor, get_user_model()) else None,
        )  # fmt: skip
        record(
            agreement.district, "agreement.document_added", actor=actor, subject=agreement,
            details={"document": document.pk, "name": document.original_name, "sha256": document.sha256,
                     "size": document.size, "generated": True},
        )  # fmt: skip
    except BaseException:
        storage.delete(stored.relative_path)
        raise
    return document


def open_document(document: AgreementDocument) -> Any:
    return storage.open_stored(f"agreements/{document.stored_name}")
