"""The background worker: runs each job named in settings.VETTED_WORKER_JOBS on every tick.

Jobs claim their rows with compare-and-swap updates, so running two workers, or restarting one,
never sends a reminder twice.
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


def tick(now: datetime | None = None) -> dict[str, int]:
    """Run every job once; one job's failure is logged and does not stop the others."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    for path, job in jobs():
        try:
            done[path] = job(now)
        except Exception:
            log.exception("worker job %s failed", path)
            done[path] = -1
    return done


def run_forever(interval: float, stop_after: int | None = None) -> None:
    ticks = 0
    while stop_after is None or ticks < stop_after:
        close_old_connections()
        result = tick()
        if any(result.values()):
            log.info("worker tick: %s", result)
        ticks += 1
        time.sleep(interval)
