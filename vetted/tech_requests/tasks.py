"""Worker jobs (listed in settings.VETTED_WORKER_JOBS). Each takes `now` and returns a count."""

from __future__ import annotations

from datetime import datetime

from .services.clocks import escalate_overdue, send_reminders
from .services.mail import deliver_pending


def run_request_clocks(now: datetime) -> int:
    """Reminders before the deadline, escalations after it, and retries of unsent mail."""
    return send_reminders(now) + escalate_overdue(now) + deliver_pending(now)
