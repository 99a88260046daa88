"""Writing and verifying the audit trail. Call `record()` inside the service's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from vetted.districts.models import District

from .chain import GENESIS, event_hash
from .models import AuditEvent


def _json_safe(details: dict[str, Any]) -> Any:
    # Round-trip so the stored JSON and the hashed JSON are the same value.
    return json.loads(json.dumps(details, default=str))


def record(
    district: District,
    event_type: str,
    *,
    actor: Any = None,
    subject: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the district's chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside transaction.atomic()")
    # Lock the district row so two writers cannot both extend the chain from the same link.
    District.objects.select_for_update().filter(pk=district.pk).values_list("pk", flat=True).get()
    last = AuditEvent.objects.filter(district=district).order_by("-seq").values("seq", "hash").first()
    seq = (last["seq"] if last else 0) + 1
    prev = last["hash"] if last else GENESIS
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    fields: dict[str, Any] = {
        "district_id": district.pk,
        "seq": seq,
        "event_type": event_type,
        "actor_id": actor_obj.pk if actor_obj else None,
        "actor_label": (actor_obj.email if actor_obj else (str(actor) if actor else "system"))[:254],
        "subject_type": subject._meta.label_lower if subject is not None else "",
        "subject_id": str(subject.pk) if subject is not None else "",
        "subject_label": str(subject)[:300] if subject is not None else "",
        "details": _json_safe(details or {}),
        "created_at": datetime.now(UTC),
    }
    digest = event_hash(prev_hash=prev, **fields)
    return AuditEvent.objects.create(prev_hash=prev, hash=digest, **fields)


@dataclass(frozen=True)
class VerifyResult:
    district_slug: str
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_district(district: District) -> VerifyResult:
    """Walk the chain in order; report the first event whose link or content does not hold."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for ev in AuditEvent.objects.filter(district=district).order_by("seq").iterator(chunk_size=2000):
        if ev.seq != expected_seq:
            return VerifyResult(district.slug, checked, expected_seq, f"event #{expected_seq} is missing")
        if ev.prev_hash != prev:
            return VerifyResult(district.slug, checked, ev.seq, "link to the previous event is broken")
        digest = event_hash(
            prev_hash=ev.prev_hash,
            district_id=ev.district_id,
            seq=ev.seq,
            event_type=ev.event_type,
            actor_id=ev.actor_id,
            actor_label=ev.actor_label,
            subject_type=ev.subject_type,
            subject_id=ev.subject_id,
            subject_label=ev.subject_label,
            details=ev.details,
            created_at=ev.created_at,
        )
        if digest != ev.hash:
            return VerifyResult(district.slug, checked, ev.seq, "content does not match its hash")
        prev = ev.hash
        expected_seq += 1
        checked += 1
    return VerifyResult(district.slug, checked)
