"""Audit events for changes to how a person signs in. A person may belong to several districts; each
district's trail gets the event, since each district's admins answer for who can reach its data."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from vetted.audit.services import record
from vetted.districts.models import District


def record_for_person(
    user: Any, event_type: str, *, actor: Any = None, details: dict[str, Any] | None = None
) -> None:
    with transaction.atomic():
        for district in District.objects.filter(memberships__user=user).distinct():
            record(district, event_type, actor=actor or user, subject=user, details=details or {})
