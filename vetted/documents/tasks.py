"""Worker job: read every due ReadJob in the limited child, store the outcome, and hand it to the
app that asked for it (settings.VETTED_READ_JOB_HANDLERS maps a purpose to a function)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from vetted.rules import PackError, load_stack

from . import storage
from .checks import read_limits
from .models import Purpose, ReadJob, ReadStatus
from .queue import run_queue
from .sandbox import SandboxOutcome, review_in_child

# Purposes whose bytes are not kept after the read (the caller wanted the result, not the file).
DISCARD_AFTER_READ = frozenset({Purpose.CONTRACT_REVIEW})


def run_read_jobs(now: dt.datetime) -> int:
    """Read every due job (fairly across districts); return how many finished."""
    return run_queue(ReadJob, now, read=lambda pk: _read(pk), finish=lambda *a: _finish(*a))


def _read(pk: int) -> tuple[SandboxOutcome, list[str]]:
    job = ReadJob.objects.get(pk=pk)
    limits = read_limits()
    packs = list(job.packs)
    try:
        requirements = load_stack(packs).required_provisions() if packs else []
    except PackError as exc:
        return SandboxOutcome(error_code="bad_pack", error_message=f"The rule packs: {exc}"), packs
    try:
        with storage.open_stored(job.stored_path) as handle:
            data = handle.read(limits.max_bytes + 1)
    except (FileNotFoundError, ValueError):
        return SandboxOutcome(error_code="missing_file", error_message="The stored file is missing."), packs
    outcome = review_in_child(
        data, job.original_name, requirements=requirements, state=job.state or None, limits=limits
    )
    return outcome, packs


def handler_for(purpose: str) -> Callable[[ReadJob], None] | None:
    path = settings.VETTED_READ_JOB_HANDLERS.get(purpose)
    return import_string(path) if path else None


def _finish(pk: int, claim: str, outcome: SandboxOutcome, packs: list[str]) -> int:
    with transaction.atomic():
        job = ReadJob.objects.select_for_update().get(pk=pk)
        if job.claim != claim or job.status != ReadStatus.RUNNING:
            return 0  # re-queued while we ran: the newer run's outcome is the one to keep
        job.due_at, job.finished_at, job.packs = None, timezone.now(), packs
        if outcome.ok and outcome.result is not None:
            job.status, job.result = ReadStatus.DONE, {**outcome.result, "packs": packs}
            job.error_code = job.error_message = ""
        else:
            job.status, job.result = ReadStatus.FAILED, None
            job.error_code, job.error_message = outcome.error_code[:32], outcome.error_message[:500]
        discard = job.purpose in DISCARD_AFTER_READ or job.status == ReadStatus.FAILED
        # The text stays only where the file stays (its readers quote it: red flags, highlighting).
        job.sentences = outcome.sentences if outcome.ok and not discard else None
        stored_path = job.stored_path
        if discard:
            job.stored_path = ""
        job.save()
        handler = handler_for(job.purpose)
        if handler is not None:
            handler(job)
    if discard and stored_path:
        storage.delete(stored_path)  # a refused file's bytes, or bytes nobody keeps, once the row says so
    return 1
