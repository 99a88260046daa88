"""Benchmark: deliver queued outbox rows to an SMTP server on loopback with the worker's own code, all
the bookkeeping included (claim, lease, one status write per message). Issue 11's figure: 200
messages/s or more, on SQLite and on PostgreSQL.

Migrates a fresh database, queues --messages rows (fictional .example addresses), starts aiosmtpd
in its own process (the Sink handler: it accepts and discards), then
  1. drains the queue in this process with vetted.kit.worker.drain (what `vetted worker` calls), and
  2. queues as many again and lets --workers `vetted worker` processes drain them side by side
     (timed from their start, so their Django start-up counts against them).
Usage:

    python benchmarks/outbox_delivery.py --db sqlite [--messages 5000 --workers 2]
    python benchmarks/outbox_delivery.py --db postgres
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_db import fresh_database  # noqa: E402


def configure(db: str) -> str:
    return fresh_database(db, "outbox")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the SMTP server did not start")


def queue(district: object, count: int, round_: int) -> None:
    from django.db import transaction

    from vetted.outbox.services import Draft, queue_many

    drafts = (
        Draft(key=f"bench:{round_}:{i}", to=f"family{i}@birchfield.example", subject=f"Notice {i}",
              body=f"Dear family {i},\n\nThe district signed an agreement with Quillstone Learning.\n" * 5)
        for i in range(count)
    )  # fmt: skip
    with transaction.atomic():
        queue_many(district, "bench.notice", drafts)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = configure(args.db)
    port = free_port()
    smtp = subprocess.Popen(  # noqa: S603 — fixed arguments
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"]
    )
    try:
        wait_for(port)
        from django.conf import settings
        from django.db.models import Max, Min

        from vetted.districts.models import District
        from vetted.kit.worker import drain
        from vetted.outbox.models import Message

        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        district = District.objects.create(
            slug="bench", name="Bench District", state="CT", time_zone="America/New_York"
        )

        queue(district, args.messages, 1)
        started = time.perf_counter()
        drain(until=time.monotonic() + 3600)
        took = time.perf_counter() - started
        sent = Message.objects.filter(status="sent").count()
        print(
            f"{args.db} one worker (in process): {sent:,} messages in {took:.1f} s = {sent / took:.0f} messages/s",
            flush=True,
        )
        assert sent == args.messages, Message.objects.exclude(status="sent").values("status", "last_error")[
            :5
        ]

        queue(district, args.messages, 2)
        env = {**os.environ, "DATABASE_URL": url, "VETTED_EMAIL_BACKEND": settings.EMAIL_BACKEND,
               "VETTED_EMAIL_HOST": "127.0.0.1", "VETTED_EMAIL_PORT": str(port), "VETTED_WORKER_IDLE": "0.1",
               "VETTED_WORKER_INTERVAL": "3600"}  # fmt: skip
        vetted = str(Path(sys.executable).parent / "vetted")
        started = time.perf_counter()
        workers = [
            subprocess.Popen([vetted, "worker"], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
            for _ in range(args.workers)
        ]
        try:
            while Message.objects.filter(status__in=["queued", "sending"]).exists():
                time.sleep(0.05)
            took = time.perf_counter() - started
        finally:
            for w in workers:
                w.terminate()
                w.wait()
        round2 = Message.objects.filter(idempotency_key__startswith="bench:2:", status="sent")
        sent = round2.count()
        span = round2.aggregate(first=Min("sent_at"), last=Max("sent_at"))
        sending = (span["last"] - span["first"]).total_seconds()
        print(f"{args.db} {args.workers} `vetted worker` processes: {sent:,} messages in {took:.1f} s with their "
              f"start-up = {sent / took:.0f} messages/s; from the first send to the last {sending:.1f} s = "
              f"{sent / sending:.0f} messages/s", flush=True)  # fmt: skip
        assert sent == args.messages
    finally:
        smtp.terminate()
        smtp.wait()


if __name__ == "__main__":
    main()
