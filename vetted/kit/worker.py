"""The background worker: drains the queues that must not wait (settings.VETTED_WORKER_DRAINS, the
outbox) continuously, and runs each job named in settings.VETTED_WORKER_JOBS every interval.

A drain job takes one batch per call and returns how many rows it took; the worker calls it again
while it finds work, sleeps VETTED_WORKER_IDLE seconds (about one) when every drain is empty, and
runs the interval jobs in between whenever their time has come. Jobs claim their rows (compare-and-
swap updates, leases, SELECT … FOR UPDATE SKIP LOCKED), so several workers may run at once, and a
restarted one never sends a reminder twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("vetted.worker")

Job = Callable[[datetime], int]


def jobs() -> list[tuple[str, Job]]:
    return [(path, import_string(path)) for path in settings.VETTED_WORKER_JOBS]


def drains() -> list[tuple[str, Job]]:
    return [(path, import_string(path)) for path in getattr(settings, "VETTED_WORKER_DRAINS", [])]


def _run(path: str, job: Job, now: datetime) -> int:
    try:
        return job(now)
    except Exception:
        log.exception("worker job %s failed", path)
        return -1


def tick(now: datetime | None = None) -> dict[str, int]:
    """Run every drain (one batch) and every job once; one job's failure is logged and does not stop
    the others."""
    now = now or timezone.now()
    return {path: _run(path, job, now) for path, job in [*drains(), *jobs()]}


def drain(until: float) -> int:
    """Call the drain jobs while any finds work, until the monotonic clock reaches `until`."""
    total = 0
    busy = True
    while busy and time.monotonic() < until:
        busy = False
        for path, job in drains():
            took = _run(path, job, timezone.now())
            if took > 0:
                total += took
                busy = True
    return total


def run_forever(interval: float, stop_after: int | None = None, idle: float | None = None) -> None:
    """Interval jobs every `interval` seconds (`stop_after` rounds of them, or for ever); the drains in
    between, continuously while they find work, else every `idle` seconds."""
    idle = settings.VETTED_WORKER_IDLE if idle is None else idle
    ticks = 0
    next_jobs = time.monotonic()
    while stop_after is None or ticks < stop_after:
        close_old_connections()
        if time.monotonic() >= next_jobs:
            now = timezone.now()
            result = {path: _run(path, job, now) for path, job in jobs()}
            if any(result.values()):
                log.info("worker jobs: %s", result)
            ticks += 1
            next_jobs = time.monotonic() + interval
        if stop_after is not None and ticks >= stop_after:
            drain(until=time.monotonic() + interval)
            break
        if not drain(until=next_jobs):
            time.sleep(max(0.0, min(idle, next_jobs - time.monotonic())))
