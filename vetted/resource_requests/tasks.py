"""Worker jobs (listed in settings.VETTED_WORKER_JOBS). Each takes `now` and returns a count."""

from __future__ import annotations

from datetime import datetime

from .services.clocks import escalate_overdue, send_reminders


def run_request_clocks(now: datetime) -> int:
    """Reminders before the deadline and escalations after it (the outbox job retries mail)."""
    return send_reminders(now) + escalate_overdue(now)
