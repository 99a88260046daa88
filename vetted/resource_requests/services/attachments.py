"""Attach a vendor's terms or privacy policy to a request: read it (in a child process), keep it
only if it can be read, and record the red flags the committee should see before deciding."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vetted.agreements.services.review import review_limits
from vetted.audit.services import record
from vetted.clocks.packs import district_stack
from vetted.documents.sandbox import review_in_child
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review.red_flags import red_flags

from ..models import AttachmentKind, RequestAttachment, ResourceRequest
from ..states import State

CLOSED = (State.DECIDED, State.WITHDRAWN)
MAX_ATTACHMENTS = 10


def attachment_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "requests"


def add_attachment(
    req: ResourceRequest, upload: UploadedFile, *, actor: Any, kind: str = AttachmentKind.TERMS
) -> RequestAttachment:
    if req.state in CLOSED:
        raise ValidationError({"file": "This request is closed; documents can no longer be added."})
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": "Choose what kind of document this is."})
    if req.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": f"A request can have at most {MAX_ATTACHMENTS} documents."})
    size = upload.size or 0
    refuse_if_too_large(size)
    name = upload_name(upload)
    upload.seek(0)
    data = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
    # Read it before keeping it: what the engine refuses (disguised, encrypted, scanned, a zip bomb)
    # is never stored.
    stack = district_stack(req.district)
    outcome = review_in_child(
        data, name, requirements=stack.required_provisions(), state=req.district.state, limits=review_limits()
    )
    if not outcome.ok or outcome.result is None:
        raise ValidationError({"file": f"“{name}” was not attached: {outcome.error_message}"})
    flags = [f.as_dict() for f in red_flags(outcome.result)]
    return _store(req, name, data, kind, outcome.result, flags, actor)


@transaction.atomic
def _store(
    req: ResourceRequest,
    name: str,
    data: bytes,
    kind: str,
    result: dict[str, Any],
    flags: list[dict[str, Any]],
    actor: Any,
) -> RequestAttachment:
    root = attachment_root()
    root.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    target = root / stored_name
    target.write_bytes(data)
    try:
        attachment = RequestAttachment.objects.create(
            district=req.district, request=req, kind=kind, original_name=name, stored_name=stored_name,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), review=result, red_flags=flags,
            uploaded_by=actor,
        )  # fmt: skip
        record(
            req.district, "resource_request.document_attached", actor=actor, subject=req,
            details={"name": name, "kind": kind, "sha256": attachment.sha256,
                     "red_flags": [f["provision_id"] for f in flags]},
        )  # fmt: skip
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return attachment


def open_attachment(attachment: RequestAttachment) -> Any:
    return (attachment_root() / attachment.stored_name).open("rb")
