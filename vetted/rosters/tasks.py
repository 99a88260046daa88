"""The worker's roster job (settings.VETTED_WORKER_JOBS)."""

from __future__ import annotations

from datetime import datetime

from .services import run_queued


def run_roster_imports(now: datetime) -> int:
    return run_queued(now)
