"""Delivery: claim due rows in batches, send a batch over one SMTP connection, record each row's
result as soon as the mail server has answered for it.

What "exactly once" means here is docs/adr/0007-email-exactly-once.md. In short:
- a claim is a lease: `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, a compare-and-swap UPDATE
  on SQLite (whose IMMEDIATE transactions also serialize claims), so two workers, or a worker and the
  on-commit send, never hold the same row;
- the status is written right after the server accepts the message, so a worker killed at any moment
  leaves at most one row that was accepted but still says `sending`;
- a row left `sending` past its lease is taken back and sent again with the same Message-ID: that
  one row is the only duplicate a killed worker can cause.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import secrets
import smtplib
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Message

log = logging.getLogger("vetted.outbox")

MAX_ATTEMPTS = 5  # tries before a row fails for good (vetted.site.retention relies on it)
FIRST_RETRY = timedelta(minutes=2)  # then x4 per try: 2, 8, 32, 128 minutes (about 2.8 hours in all)
BACKOFF_FACTOR = 4
MAX_DELAY = timedelta(hours=6)
INTERRUPTED = "interrupted: the worker stopped while sending (lease ran out)"

Status = Message.Status


def message_id_for(key: str) -> str:
    """A stable RFC 5322 Message-ID for an idempotency key: the same key always gives the same id."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{_id_domain(settings.DEFAULT_FROM_EMAIL)}>"


@functools.lru_cache(maxsize=4)
def _id_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "vetted.invalid"


def batch_size() -> int:
    """Rows one claim takes; one SMTP connection carries them all."""
    return int(getattr(settings, "VETTED_OUTBOX_BATCH", 100))


def lease_length() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "VETTED_OUTBOX_LEASE_SECONDS", 300)))


def retry_delay(attempts: int) -> timedelta:
    """How long a row waits after its `attempts`-th try failed for a passing reason."""
    return min(MAX_DELAY, FIRST_RETRY * BACKOFF_FACTOR ** max(attempts - 1, 0))


def worker_name() -> str:
    """This process, as a lease names it: host and process id."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def _due(now: datetime) -> Q:
    return Q(status=Status.QUEUED) | Q(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=Status.FAILED,
        attempts__lt=MAX_ATTEMPTS,
    )


def take_back(now: datetime) -> int:
    """Rows left `sending` past their lease by a worker that stopped become due again at once (the
    interrupted try counts). `claimed_by` stays, so a worker that was only slow can still record
    the send it finished (see _record)."""
    expired = Message.objects.filter(status=Status.SENDING).filter(
        Q(claimed_at__lt=now - lease_length())
        | Q(claimed_at__isnull=True, created_at__lt=now - lease_length())
    )
    again = expired.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Status.FAILED, next_attempt_at=now, last_error=INTERRUPTED
    )
    given_up = expired.update(status=Status.FAILED, next_attempt_at=None, last_error=INTERRUPTED)
    if again or given_up:
        log.warning("took back %s rows from stopped workers (%s gave up)", again + given_up, given_up)
    return again + given_up


def claim(
    now: datetime, *, limit: int | None = None, pks: list[int] | None = None
) -> tuple[str, list[Message]]:
    """Take up to `limit` due rows (oldest first) for this process: (lease, rows). `pks` narrows the
    claim to those rows (the on-commit send of one message)."""
    lease = f"{worker_name()}:{secrets.token_hex(4)}"
    with transaction.atomic():
        return lease, take(candidates(now, limit or batch_size(), pks), now, lease)


def candidates(now: datetime, limit: int, pks: list[int] | None = None) -> list[int]:
    """Due rows, oldest first. On PostgreSQL they are locked (FOR UPDATE SKIP LOCKED: another worker's
    candidates are skipped, not waited for) until the caller's transaction ends; Django leaves the
    clause out on SQLite, where the IMMEDIATE transaction already holds the write lock."""
    rows = Message.objects.select_for_update(skip_locked=True)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    ids = list(
        rows.filter(status=Status.QUEUED).order_by("created_at", "pk").values_list("pk", flat=True)[:limit]
    )
    if len(ids) < limit:
        failed = rows.filter(_due(now), status=Status.FAILED).order_by("next_attempt_at", "pk")
        ids += list(failed.values_list("pk", flat=True)[: limit - len(ids)])
    return ids


def take(ids: list[int], now: datetime, lease: str) -> list[Message]:
    """The compare-and-swap: only rows still due become this lease's, whatever the caller saw."""
    if not ids:
        return []
    Message.objects.filter(_due(now), pk__in=ids).update(
        status=Status.SENDING, claimed_by=lease, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return list(Message.objects.filter(pk__in=ids, claimed_by=lease, status=Status.SENDING).order_by("pk"))


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    lost: int = 0  # rows taken back from this worker before it got to them


def _email(row: Message, connection: Any) -> EmailMessage:
    message_id = row.message_id or message_id_for(row.idempotency_key)
    return EmailMessage(
        row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to_email],
        headers={"Message-ID": message_id}, connection=connection,
    )  # fmt: skip


def _record(row: Message, lease: str, status: str, error: str = "", clock: datetime | None = None) -> None:
    """Write one row's result, if the row is still this lease's (a slow worker whose row was taken
    back but not yet claimed again still records that the server accepted it)."""
    now = timezone.now()
    fields: dict[str, Any] = {"status": status, "last_error": error[:500], "next_attempt_at": None}
    if status == Status.SENT:
        fields["sent_at"] = now
    elif status == Status.FAILED and row.attempts < MAX_ATTEMPTS:
        fields["next_attempt_at"] = max(now, clock or now) + retry_delay(row.attempts)
    Message.objects.filter(pk=row.pk, claimed_by=lease).exclude(status=Status.SENT).update(**fields)


@contextlib.contextmanager
def _quick_commits() -> Iterator[None]:
    """On PostgreSQL, status writes do not wait for the WAL flush (one commit per message would
    otherwise wait for the disk each time). If the database server itself crashes within that
    fraction of a second, the row is `sending` again and is re-sent: a duplicate, never a loss
    (ADR 0007). Claims and take-backs, outside this block, stay fully durable."""
    if db.vendor != "postgresql":
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _refused_for_good(exc: Exception) -> bool:
    """A permanent (5xx) refusal of this message or its recipient: a bounce, never retried. A refused
    sender is our configuration, not the recipient's: retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _close(connection: Any) -> None:
    with contextlib.suppress(Exception):  # a dead connection may fail to say goodbye; dropped either way
        connection.close()
    if hasattr(connection, "connection"):
        connection.connection = None  # Django's SMTP backend: open() makes a new one


def send(lease: str, rows: list[Message], connection: Any = None, now: datetime | None = None) -> Outcome:
    """Send the claimed rows over one connection, recording each result as soon as it is known. A
    dropped connection is opened again for the next row; if it cannot be opened, the rest wait.
    Back-off counts from `now` (the worker's clock) or the real time, whichever is later."""
    connection = connection or get_connection()
    outcome = Outcome()
    renew_every = lease_length().total_seconds() / 6
    renewed = time.monotonic()
    is_open = False
    with _quick_commits():
        try:
            for index, row in enumerate(rows):
                if time.monotonic() - renewed > renew_every:
                    rest = [r.pk for r in rows[index:]]
                    Message.objects.filter(pk__in=rest, claimed_by=lease, status=Status.SENDING).update(
                        claimed_at=timezone.now()
                    )
                    mine = set(
                        Message.objects.filter(
                            pk__in=rest, claimed_by=lease, status=Status.SENDING
                        ).values_list("pk", flat=True)
                    )
                    renewed = time.monotonic()
                    if row.pk not in mine:
                        outcome.lost += 1
                        continue
                if not is_open:
                    try:
                        connection.open()
                        is_open = True
                    except Exception as exc:
                        log.warning("cannot reach the mail server: %s", exc)
                        for waiting in rows[index:]:
                            _record(
                                waiting, lease, Status.FAILED, f"cannot reach the mail server: {exc}", now
                            )
                        outcome.failed += len(rows) - index
                        break
                try:
                    connection.send_messages([_email(row, connection)])
                except Exception as exc:
                    bounced = _refused_for_good(exc)
                    log.warning(
                        "message %s to %s %s: %s",
                        row.pk,
                        row.to_email,
                        "bounced" if bounced else "failed",
                        exc,
                    )
                    error = str(exc) or type(exc).__name__
                    _record(row, lease, Status.BOUNCED if bounced else Status.FAILED, error, now)
                    outcome.bounced += bounced
                    outcome.failed += not bounced
                    if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                        # Dropped, closed by a 421, or in an unknown state: a new connection for the next row.
                        _close(connection)
                        is_open = False
                    continue
                _record(row, lease, Status.SENT)
                outcome.sent += 1
        finally:
            if is_open:
                _close(connection)
    return outcome


def deliver_batch(now: datetime, *, limit: int | None = None) -> int:
    """One round of the worker's drain: take back what stopped workers left, claim a batch, send it.
    Returns how many rows were claimed (0: nothing is due)."""
    take_back(now)
    lease, rows = claim(now, limit=limit)
    if rows:
        send(lease, rows, now=now)
    return len(rows)


def deliver_one(pk: int) -> bool:
    """Send one row now if it is due (the on-commit path): the same claim as the worker's."""
    lease, rows = claim(timezone.now(), pks=[pk])
    return bool(rows) and send(lease, rows).sent == 1
