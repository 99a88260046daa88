"""A vendor answers its task through the link: done (an export file, checked and stored by
vetted.documents, or a statement) or refused (with the reason). Once: the answer spends the link
(compare-and-swap on the task's status). The last answer finishes the request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.documents import storage
from vetted.documents.checks import check_upload
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review import DocumentError

from ..models import RequestTask, TaskOutcome, TaskStatus
from .handling import finish_if_answered

AREA = "requests"  # the documents store's folder for request files (random names, never the vendor's)


class AlreadyAnswered(Exception):
    """The link was used already (or the task was cancelled meanwhile)."""


def actor_of(task: RequestTask) -> str:
    return f"vendor link {task.pk} ({task.vendor.legal_name})"


def answer(
    task: RequestTask, *, outcome: str, statement: str = "", reason: str = "",
    upload: UploadedFile[Any] | None = None,
) -> RequestTask:  # fmt: skip
    statement, reason = (statement or "").strip(), (reason or "").strip()
    if outcome not in TaskOutcome.values:
        raise ValidationError({"outcome": "Choose done or refused."})
    if outcome == TaskOutcome.REFUSED:
        if len(reason) < 10:
            raise ValidationError({"reason": "Give the reason for refusing (the family reads it)."})
        upload, statement = None, ""
    elif upload is None and len(statement) < 10:
        raise ValidationError(
            {"statement": "Attach the file, or describe what you did (at least a sentence)."}
        )
    data, name, kind = b"", "", ""
    if upload is not None:
        refuse_if_too_large(upload.size or 0)
        name = upload_name(upload)
        upload.seek(0)
        data = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
        try:
            kind = check_upload(data, name).kind
        except DocumentError as exc:
            raise ValidationError({"file": f"“{name}” was not accepted: {exc.message}"}) from None
    stored = storage.store(AREA, data, suffix=kind) if upload is not None else None
    try:
        with transaction.atomic():
            now = timezone.now()
            changed = RequestTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN, revoked_at__isnull=True).update(
                status=TaskStatus.ANSWERED, outcome=outcome, statement=statement[:5000], reason=reason[:2000],
                answered_at=now, file_path=stored.relative_path if stored else "", file_name=name[:200],
                file_kind=kind, file_size=stored.size if stored else None, file_sha256=stored.sha256 if stored else "",
            )  # fmt: skip
            if not changed:
                raise AlreadyAnswered
            task.refresh_from_db()
            record(task.district, "rights_request.vendor_answered", actor=actor_of(task), subject=task.request,
                   details={"task": task.pk, "vendor": task.vendor.legal_name, "outcome": outcome,
                            "statement": statement[:500], "reason": reason,
                            "file": {"name": name, "kind": kind, "size": stored.size, "sha256": stored.sha256}
                            if stored else None})  # fmt: skip
            finish_if_answered(task.request, actor=actor_of(task))
    except BaseException:
        if stored is not None:
            storage.delete(stored.relative_path)
        raise
    return task
