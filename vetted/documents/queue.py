"""The one claim-and-run loop for every read queue (ReadJob, agreements.DocumentReview).

Each due row is claimed by a compare-and-swap UPDATE on (status, due_at), so two workers never
read the same file. A claim is a lease: a worker that dies mid-read leaves the row `running` with
a `due_at` in the past, and the next tick takes it again — up to MAX_ATTEMPTS times.

Fairness: a tick takes at most PER_DISTRICT rows from each district (oldest first), round-robin
across districts, so one district's fifty uploads never hold back another district's one.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from itertools import zip_longest
from typing import Any

from django.db.models import F
from django.utils import timezone

from .models import QueuedRead, ReadStatus
from .sandbox import SandboxOutcome

log = logging.getLogger("vetted.documents.queue")

BATCH = 20  # rows a tick takes from one queue at most
PER_DISTRICT = 5  # rows a tick takes from one district at most
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3
INTERNAL = SandboxOutcome(
    error_code="internal",
    error_message="The read stopped on an internal error; try again or review the file by hand.",
)

Row = tuple[int, str, dt.datetime | None, int]
Read = Callable[[int], tuple[SandboxOutcome, list[str]]]
Finish = Callable[[int, str, SandboxOutcome, list[str]], int]


def due_rows(model: type[QueuedRead], now: dt.datetime) -> list[Row]:
    """The rows this tick takes, fairly: round-robin over districts, oldest first within each."""
    districts = list(
        model._default_manager.filter(due_at__lte=now)
        .order_by()
        .values_list("district_id", flat=True)
        .distinct()
    )  # the one indexed query of an idle tick
    if not districts:
        return []
    per_district: list[list[Row]] = [
        list(
            model._default_manager.filter(district_id=district_id, due_at__lte=now)
            .order_by("due_at", "pk")
            .values_list("pk", "status", "due_at", "attempts")[:PER_DISTRICT]
        )
        for district_id in districts
    ]
    per_district.sort(key=lambda rows: (rows[0][2] or now, rows[0][0]) if rows else (now, 0))
    interleaved = [row for turn in zip_longest(*per_district) for row in turn if row is not None]
    return interleaved[:BATCH]


def run_queue(model: type[QueuedRead], now: dt.datetime, *, read: Read, finish: Finish) -> int:
    """Claim and read every due row this tick takes; return how many finished (done or failed)."""
    finished = 0
    for pk, status, due_at, attempts in due_rows(model, now):
        at = max(now, timezone.now())  # a long batch must not hand out leases that already ran out
        if due_at is None:
            continue
        if status == ReadStatus.RUNNING and attempts >= MAX_ATTEMPTS:
            finished += _give_up(model, pk, due_at, at, finish)
            continue
        claim = secrets.token_hex(8)
        claimed = model._default_manager.filter(pk=pk, status=status, due_at=due_at).update(
            status=ReadStatus.RUNNING, due_at=at + LEASE, claim=claim, attempts=F("attempts") + 1,
            started_at=at, finished_at=None,
        )  # fmt: skip
        if not claimed:
            continue  # another worker took it, or it was re-queued meanwhile
        try:
            outcome, packs = read(pk)
        except Exception:  # a bug here must not stop the other reads, nor the worker
            log.exception("%s %s: reading failed", model.__name__, pk)
            outcome, packs = INTERNAL, []
        try:
            finished += finish(pk, claim, outcome, packs)
        except Exception:
            log.exception("%s %s: storing the outcome failed", model.__name__, pk)
            finished += finish(pk, claim, INTERNAL, packs)
    return finished


def _give_up(model: type[QueuedRead], pk: int, due_at: dt.datetime, at: dt.datetime, finish: Finish) -> int:
    """A read that stopped MAX_ATTEMPTS times (the worker was killed each time) fails for good."""
    claim = secrets.token_hex(8)
    if not model._default_manager.filter(pk=pk, status=ReadStatus.RUNNING, due_at=due_at).update(
        claim=claim, due_at=at + LEASE
    ):
        return 0
    stopped = SandboxOutcome(
        error_code="stopped",
        error_message=f"Reading this file stopped before finishing {MAX_ATTEMPTS} times; review it by hand.",
    )
    return finish(pk, claim, stopped, [])


def queue_fields(actor: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """The fields that (re-)queue a row: due at once, unclaimed, no outcome yet."""
    now = now or timezone.now()
    requested_by = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "status": ReadStatus.QUEUED, "due_at": now, "claim": "", "attempts": 0, "queued_at": now,
        "started_at": None, "finished_at": None, "requested_by": requested_by,
    }  # fmt: skip
