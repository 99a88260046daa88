"""The keyed hash over one event (its content plus the previous event's hash) and the signature over
a district's head (pure functions; the key comes from the caller).

Keyed (HMAC-SHA-256) so that someone who can write to the database but does not hold the audit key
cannot rewrite an event and re-chain the rest: the hashes they compute will not verify.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
# Named in every checkpoint so a later change of algorithm can tell old anchors from new ones.
ALGORITHM = "hmac-sha256"


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _mac(key: bytes, kind: str, payload: dict[str, Any]) -> str:
    # `kind` keeps an event hash from ever passing as a checkpoint signature, and the reverse.
    message = canonical({"kind": kind, **payload}).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def event_hash(
    *,
    key: bytes,
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
    return _mac(
        key,
        "event",
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
        },
    )


def checkpoint_payload(
    *, district_id: int, seq: int, head_hash: str, count: int, at: datetime
) -> dict[str, Any]:
    """What a checkpoint says: the district's chain had `count` events, the last #seq with `head_hash`."""
    return {
        "alg": ALGORITHM,
        "district": district_id,
        "seq": seq,
        "hash": head_hash,
        "count": count,
        "at": at.isoformat(timespec="microseconds"),
    }


def sign_checkpoint(key: bytes, payload: dict[str, Any]) -> str:
    return _mac(key, "checkpoint", payload)


def checkpoint_signature_ok(key: bytes, payload: dict[str, Any], signature: str) -> bool:
    return payload.get("alg") == ALGORITHM and hmac.compare_digest(sign_checkpoint(key, payload), signature)
