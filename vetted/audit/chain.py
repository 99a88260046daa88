"""The hash over one event: its content plus the previous event's hash (pure functions)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(
    *,
    prev_hash: str,
    district_id: int,
    seq: int,
    event_type: str,
    actor_id: int | None,
    actor_label: str,
    subject_type: str,
    subject_id: str,
    subject_label: str,
    details: Any,
    created_at: datetime,
) -> str:
    payload = canonical(
        {
            "prev": prev_hash,
            "district": district_id,
            "seq": seq,
            "type": event_type,
            "actor": actor_id,
            "actor_label": actor_label,
            "subject": [subject_type, subject_id, subject_label],
            "details": details,
            "at": created_at.isoformat(timespec="microseconds"),
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
