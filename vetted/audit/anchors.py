"""Anchors of each district's chain outside the events table: the signed checkpoint row, and one
signed JSON line per checkpoint in the anchor file (settings.AUDIT_ANCHOR_FILE) that the operator
ships elsewhere. A checkpoint is written with every event, so there is no window in which the
newest events can be deleted unnoticed; events are written at the pace people work, so the cost
(one upsert, one appended line) is small.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .chain import checkpoint_payload, checkpoint_signature_ok, sign_checkpoint
from .models import AuditCheckpoint, AuditEvent

log = logging.getLogger(__name__)


def audit_key() -> bytes:
    return str(settings.AUDIT_HMAC_KEY).encode("utf-8")


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def write_checkpoint(event: AuditEvent) -> AuditCheckpoint:
    """Sign the district's new head. Runs in record()'s transaction, under its district lock; the
    file line is appended only once the transaction commits, so a rolled-back event is never anchored."""
    at = datetime.now(UTC)
    payload = checkpoint_payload(
        district_id=event.district_id, seq=event.seq, head_hash=event.hash, count=event.seq, at=at
    )
    signature = sign_checkpoint(audit_key(), payload)
    checkpoint, _ = AuditCheckpoint.objects.update_or_create(
        district_id=event.district_id,
        defaults={"alg": payload["alg"], "seq": event.seq, "hash": event.hash, "count": event.seq,
                  "at": at, "signature": signature},
    )  # fmt: skip
    line = json.dumps({**payload, "sig": signature}, sort_keys=True, separators=(",", ":")) + "\n"
    path = anchor_path()
    # robust: a full disk must not turn a committed change into an error page; the next line catches up.
    transaction.on_commit(lambda: append_line(path, line), robust=True)
    return checkpoint


def append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write() on an O_APPEND descriptor: concurrent writers' lines never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


@dataclass
class AnchorFile:
    """The anchor file as read back: each district's anchored (seq -> hash), and lines that fail."""

    path: Path
    exists: bool = False
    heads: dict[int, dict[int, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def for_district(self, district_id: int) -> dict[int, str]:
        return self.heads.get(district_id, {})


def read_anchor_file(path: Path | None = None) -> AnchorFile:
    path = path or anchor_path()
    anchors = AnchorFile(path)
    if not path.exists():
        return anchors
    anchors.exists = True
    key = audit_key()
    for number, payload, signature in _lines(path, anchors):
        if not checkpoint_signature_ok(key, payload, signature):
            anchors.problems.append(f"line {number} of the anchor file is not signed with the audit key")
            continue
        seqs = anchors.heads.setdefault(int(payload["district"]), {})
        if seqs.setdefault(int(payload["seq"]), str(payload["hash"])) != payload["hash"]:
            anchors.problems.append(f"line {number} of the anchor file contradicts an earlier line")
    return anchors


def _lines(path: Path, anchors: AnchorFile) -> Iterator[tuple[int, dict[str, Any], str]]:
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                signature = str(data.pop("sig"))
                int(data["district"]), int(data["seq"])
            except (ValueError, KeyError, TypeError, AttributeError):
                anchors.problems.append(f"line {number} of the anchor file is not a checkpoint")
                continue
            yield number, data, signature
