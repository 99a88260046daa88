"""Take an untrusted upload: check it once, store it with its SHA-256, queue its read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import transaction

from vetted.districts.models import District

from . import storage
from .checks import EVERY_KIND, CheckedFile, check_upload
from .models import ReadJob
from .queue import queue_fields


def queue_read(
    district: District,
    data: bytes,
    name: str,
    *,
    purpose: str,
    area: str,
    actor: Any,
    packs: Sequence[str] = (),
    state: str = "",
    kinds: Collection[str] = EVERY_KIND,
) -> ReadJob:
    """Raises vetted.review.DocumentError for a file refused by the checks (nothing is stored).

    A caller that links a row of its own to the job does so in one transaction with this call,
    and deletes `job.stored_path` (storage.delete) if its own part fails."""
    checked: CheckedFile = check_upload(data, name, kinds=kinds)
    stored = storage.store(area, data, suffix=checked.kind)
    try:
        with transaction.atomic():
            job = ReadJob.objects.create(
                district=district, purpose=purpose, stored_path=stored.relative_path, original_name=name,
                size=stored.size, sha256=stored.sha256, packs=list(packs), state=state or "",
                **queue_fields(actor),
            )  # fmt: skip
    except BaseException:
        storage.delete(stored.relative_path)
        raise
    return job
