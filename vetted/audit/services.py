"""Writing the audit trail. Call `record()` inside the service's transaction; `record_read()` for a
read that matters (a private download, an export, a sign-in), which has no transaction of its own."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from vetted.districts.models import District

from .anchors import audit_key, write_checkpoint
from .chain import GENESIS, event_hash
from .models import AuditEvent
from .verify import VerifyResult, verify_district

__all__ = ["VerifyResult", "record", "record_read", "verify_district"]


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
    """Append one event to the district's chain and re-sign its head. Must run inside the caller's
    transaction."""
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
    digest = event_hash(key=audit_key(), prev_hash=prev, **fields)
    event = AuditEvent.objects.create(prev_hash=prev, hash=digest, **fields)
    write_checkpoint(event)
    return event


def record_read(
    district: District,
    event_type: str,
    *,
    actor: Any = None,
    subject: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a read that matters in a transaction of its own (a read has no service transaction)."""
    with transaction.atomic():
        return record(district, event_type, actor=actor, subject=subject, details=details)
