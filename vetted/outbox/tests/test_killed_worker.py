"""Two real `vetted worker` processes deliver to a real SMTP server on loopback while the test kills
them with SIGKILL mid-batch, again and again, and restarts them. Every recipient ends with their
message; a message arrives twice only if a worker was killed after the server accepted it and before
the worker wrote `sent` — at most one per kill, the row that kill left `sending` — and the test
counts and prints each one.

Half the kills come from inside the server, after it has taken a message and before it answers (the
worst moment: that message must come back as a duplicate); the other half land wherever the worker
happens to be (claiming, sending, recording, idle or starting up).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from vetted.outbox.models import Message
from vetted.outbox.services import Draft, queue_many

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

VETTED = str(Path(sys.executable).parent / "vetted")
N = 300
# (messages the server has taken, how): "server" kills the sender from inside the server before it
# answers; "anywhere" kills one worker from the test as soon as the count is reached.
PLAN = [(40, "server"), (100, "anywhere"), (160, "server"), (220, "anywhere")]
LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MESSAGE_ID = re.compile(rb"^Message-ID: (\S+)\r?$", re.MULTILINE | re.IGNORECASE)


@dataclass
class Kill:
    slot: int
    pid: int
    how: str
    taken: str = ""  # "server" kills: the Message-ID the server had taken when it killed
    in_flight: set[str] = field(default_factory=set)  # accepted by the server, still `sending`


class Server:
    """What two aiosmtpd servers (one port per worker slot, so the server knows who is sending) took."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[str, str]] = []  # (Message-ID, recipient)
        self.pids: dict[int, int] = {}  # slot -> current worker pid
        self.kills: list[Kill] = []
        self.plan = list(PLAN)
        self.sending: dict[int, bool] = {}  # slot -> its current worker has sent a message
        self.last_slot = 0

    def due(self, how: str) -> bool:
        """The next kill in the plan is this kind, its count is reached, and the worker it would kill
        (the one that sent last) has been sending since its start."""
        return (
            bool(self.plan) and self.plan[0][1] == how and len(self.received) >= self.plan[0][0]
            and self.sending.get(self.last_slot, False)
        )  # fmt: skip

    def kill(self, slot: int, how: str, taken: str = "") -> None:
        """Under self.lock."""
        pid = self.pids.pop(slot, None)
        if pid is None:
            return
        os.kill(pid, signal.SIGKILL)
        self.kills.append(Kill(slot, pid, how, taken))

    def handler(self, slot: int) -> Any:
        server = self

        class Handler:
            async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                found = MESSAGE_ID.search(envelope.content)
                message_id = found.group(1).decode() if found else ""
                with server.lock:
                    server.received.append((message_id, envelope.rcpt_tos[0]))
                    server.sending[slot], server.last_slot = True, slot
                    if server.due("server"):  # this message's sender
                        server.plan.pop(0)
                        server.kill(slot, "server", message_id)  # taken, not yet answered
                return "250 OK"

        return Handler()


class Store:
    """The outbox table as the workers see it: the SQLite file they use, or the PostgreSQL test database."""

    def __init__(self, tmp_path: Path) -> None:
        self.path: Path | None = None
        if connection.vendor == "sqlite":
            self.path = tmp_path / "outbox.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)  # the test database, schema and rows, into a file
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            s = connection.settings_dict
            login = f"{s['USER']}:{quote(s['PASSWORD'])}" if s.get("PASSWORD") else s["USER"]
            self.url = f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def rows(self) -> list[tuple[str, str, str, str]]:
        if self.path is None:
            return list(Message.objects.values_list("message_id", "to_email", "status", "claimed_by"))
        with sqlite3.connect(self.path, timeout=10) as db:
            return db.execute(
                "SELECT message_id, to_email, status, claimed_by FROM outbox_message"
            ).fetchall()

    def all_sent(self) -> bool:
        if self.path is None:
            return not Message.objects.exclude(status="sent").exists()
        with sqlite3.connect(self.path, timeout=10) as db:
            return not db.execute("SELECT 1 FROM outbox_message WHERE status <> 'sent' LIMIT 1").fetchall()

    def expire(self, pid: int) -> None:
        """Let a dead worker's leases run out now instead of in a minute."""
        mine = f"%:{pid}:%"
        if self.path is None:
            Message.objects.filter(status="sending", claimed_by__contains=f":{pid}:").update(
                claimed_at=LONG_AGO
            )
            return
        with sqlite3.connect(self.path, timeout=10) as db:
            db.execute(
                "UPDATE outbox_message SET claimed_at = '2000-01-01 00:00:00' WHERE status = 'sending' AND claimed_by LIKE ?",
                [mine],
            )


def _queue(tenant: Any) -> None:
    drafts = [
        Draft(
            key=f"kill-test:{i}",
            to=f"family{i}@birchfield.example",
            subject=f"Notice {i}",
            body=f"Dear family {i}",
        )
        for i in range(N)
    ]
    assert queue_many(tenant.district, "test.kill", drafts) == N


def test_workers_killed_mid_batch_lose_nothing_and_duplicate_only_the_accepted_unrecorded_row(
    tenant: Any, tmp_path: Path
) -> None:
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command otherwise
    _queue(tenant)
    store = Store(tmp_path)
    server = Server()
    ports = [_free_port(), _free_port()]
    controllers = [
        Controller(server.handler(slot), hostname="127.0.0.1", port=ports[slot]) for slot in (0, 1)
    ]
    for c in controllers:
        c.start()
    procs: dict[int, subprocess.Popen[bytes]] = {}
    logs = tmp_path / "logs"
    logs.mkdir()

    def start(slot: int) -> None:
        env = {
            **os.environ, "DATABASE_URL": store.url, "VETTED_VAR_DIR": str(tmp_path / "var"),
            "VETTED_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "VETTED_EMAIL_HOST": "127.0.0.1", "VETTED_EMAIL_PORT": str(ports[slot]),
            "VETTED_OUTBOX_LEASE_SECONDS": "60", "VETTED_WORKER_IDLE": "0.05", "VETTED_WORKER_INTERVAL": "600",
            "VETTED_OUTBOX_BATCH": "20",  # small batches: both workers share the queue
        }  # fmt: skip
        out = (logs / f"worker-{slot}-{len(server.kills)}.log").open("wb")
        proc = subprocess.Popen([VETTED, "worker"], env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        procs[slot] = proc
        with server.lock:
            server.pids[slot], server.sending[slot] = proc.pid, False

    handled = 0
    try:
        start(0)
        start(1)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with server.lock:
                if server.due("anywhere"):
                    server.plan.pop(0)
                    server.kill(server.last_slot, "anywhere")  # the one sending right now
                kills = server.kills[handled:]
            for kill in kills:  # the dead worker: what it left, then its leases run out, then a new one
                procs[kill.slot].wait(timeout=10)
                with server.lock:
                    taken = {message_id for message_id, _ in server.received}
                kill.in_flight = {
                    mid
                    for mid, _, status, claimed in store.rows()
                    if status == "sending" and f":{kill.pid}:" in claimed
                } & taken
                store.expire(kill.pid)
                start(kill.slot)
                handled += 1
            if not server.plan and store.all_sent():
                break
            time.sleep(0.05)
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(timeout=10)
        for c in controllers:
            c.stop()

    rows = store.rows()
    output = "\n".join(f"{p.name}: {p.read_text()[-2000:]}" for p in sorted(logs.iterdir()))
    assert not server.plan and len(server.kills) == len(PLAN), output
    assert Counter(status for _, _, status, _ in rows) == {"sent": N}, output

    # Every recipient has their message, under the row's own Message-ID.
    expected = {(mid, to) for mid, to, _, _ in rows}
    assert len(expected) == N and set(server.received) == expected

    # Duplicates: each is the one row a kill left accepted-but-unrecorded, sent exactly twice.
    counts = Counter(mid for mid, _ in server.received)
    duplicates = {mid: n for mid, n in counts.items() if n > 1}
    explained = [kill.in_flight for kill in server.kills]
    print(
        f"\n{len(server.received)} messages for {N} recipients; {len(server.kills)} kills; duplicates: {duplicates}"
    )
    assert all(len(in_flight) <= 1 for in_flight in explained), explained
    assert all(n == 2 for n in duplicates.values()), duplicates
    assert set(duplicates) <= set().union(*explained), (duplicates, explained)
    assert len(duplicates) <= len(server.kills)
    # A kill inside the server, after it took the message, is the window itself: that message is
    # the killed worker's row still `sending`, and it came twice (the test sees duplicates).
    for kill in server.kills:
        if kill.how == "server":
            assert kill.in_flight == {kill.taken} and counts[kill.taken] == 2, kill


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
