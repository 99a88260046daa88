"""Attach a vendor's terms or privacy policy to a request. The upload is checked and stored at
once (vetted.documents); the worker reads it in a limited child and records the red flags the
committee should see before deciding, or refuses it with the reason (and deletes its bytes)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vetted.audit.services import record
from vetted.clocks.packs import district_pack_ids
from vetted.documents import storage
from vetted.documents.models import Purpose, ReadJob, ReadStatus
from vetted.documents.services import queue_read
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review import DocumentError
from vetted.review.red_flags import red_flags

from ..models import (
    TERMS_KINDS,
    AttachmentKind,
    AttachmentStatus,
    RedFlagAnswer,
    RequestAttachment,
    ResourceRequest,
)
from ..states import State
from .base import lock, require
from .mail import mail_directors

CLOSED = (State.DECIDED, State.WITHDRAWN)
MAX_ATTACHMENTS = 10
AREA = "requests"


def add_attachment(
    req: ResourceRequest, upload: UploadedFile, *, actor: Any, kind: str = AttachmentKind.TERMS
) -> RequestAttachment:
    if req.state in CLOSED:
        raise ValidationError({"file": "This request is closed; documents can no longer be added."})
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": "Choose what kind of document this is."})
    if req.attachments.exclude(status=AttachmentStatus.REFUSED).count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": f"A request can have at most {MAX_ATTACHMENTS} documents."})
    refuse_if_too_large(upload.size or 0)
    name = upload_name(upload)
    upload.seek(0)
    data = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
    district = req.district
    with transaction.atomic():
        try:
            job = queue_read(
                district, data, name, purpose=Purpose.REQUEST_ATTACHMENT, area=AREA, actor=actor,
                packs=district_pack_ids(district), state=district.state or "",
            )  # fmt: skip
        except DocumentError as exc:
            # What the checks refuse (disguised, encrypted, a zip bomb) is never stored.
            raise ValidationError({"file": f"“{name}” was not attached: {exc.message}"}) from None
        try:
            attachment = RequestAttachment.objects.create(
                district=district, request=req, kind=kind, original_name=name,
                stored_name=job.stored_path.split("/", 1)[1], size=job.size, sha256=job.sha256,
                status=AttachmentStatus.READING, read_job=job, uploaded_by=actor,
            )  # fmt: skip
            record(
                district, "resource_request.document_attached", actor=actor, subject=req,
                details={"name": name, "kind": kind, "sha256": job.sha256, "size": job.size},
            )  # fmt: skip
            if kind in TERMS_KINDS and req.state != State.DRAFT and req.terms_pending:
                mail_directors(req, why="terms")  # the gate applies now: whoever must act is told
        except BaseException:
            storage.delete(job.stored_path)
            raise
    return attachment


def attachment_read(job: ReadJob) -> None:
    """The worker read an attachment (settings.VETTED_READ_JOB_HANDLERS); runs in its transaction."""
    attachment = (
        RequestAttachment.objects.select_for_update().select_related("request").filter(read_job=job).first()
    )
    if attachment is None:
        return  # the request (and its attachment) was deleted meanwhile
    req = attachment.request
    if job.status == ReadStatus.DONE and job.result is not None:
        # The engine's reading first; the text adds what it does not judge (changes of terms, a buyer).
        flags = [f.as_dict() for f in red_flags(job.result, job.sentences or ())]
        attachment.status, attachment.review, attachment.red_flags = AttachmentStatus.READ, job.result, flags
        attachment.save(update_fields=["status", "review", "red_flags"])
        record(
            attachment.district, "resource_request.document_read", actor="worker", subject=req,
            details={"name": attachment.original_name, "sha256": attachment.sha256,
                     "red_flags": [f["provision_id"] for f in flags]},
        )  # fmt: skip
        return
    attachment.status, attachment.refusal = AttachmentStatus.REFUSED, job.error_message[:500]
    attachment.save(update_fields=["status", "refusal"])  # its bytes are deleted by the read queue
    record(
        attachment.district, "resource_request.document_refused", actor="worker", subject=req,
        details={"name": attachment.original_name, "sha256": attachment.sha256, "code": job.error_code,
                 "message": attachment.refusal},
    )  # fmt: skip


def open_attachment(attachment: RequestAttachment) -> Any:
    return storage.open_stored(f"{AREA}/{attachment.stored_name}")


ANSWER_MAX = 2000


@transaction.atomic
def answer_red_flag(
    req: ResourceRequest, attachment: RequestAttachment, provision_id: str, *, actor: Any, answer: str
) -> RedFlagAnswer:
    """A committee member answers one red flag (why it does not stop the approval, or what was done
    about it). Answering again replaces the answer; the audit trail keeps both."""
    req = lock(req)
    require(actor, "resource_request.answer_flags", req)
    if req.state in CLOSED:
        raise ValidationError({"answer": "This request is closed; its red flags can no longer be answered."})
    if attachment.request_id != req.pk or not any(
        f.get("provision_id") == provision_id for f in attachment.red_flags
    ):
        raise ValidationError({"answer": "That document has no such red flag."})
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer: why the flag does not stop the approval, "
                                         "or what was done about it."})  # fmt: skip
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": f"Keep the answer under {ANSWER_MAX:,} characters."})
    before = RedFlagAnswer.objects.filter(attachment=attachment, provision_id=provision_id).first()
    row, _ = RedFlagAnswer.objects.update_or_create(
        attachment=attachment, provision_id=provision_id,
        defaults={"district": req.district, "answer": answer, "answered_by": actor},
    )  # fmt: skip
    record(req.district, "resource_request.red_flag_answered", actor=actor, subject=req,
           details={"document": attachment.original_name, "provision_id": provision_id,
                    "before": before.answer if before else None, "answer": answer})  # fmt: skip
    return row
