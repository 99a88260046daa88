"""Mail to a district's own staff, through the shared outbox (queued now, sent after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vetted.districts.models import District, Membership
from vetted.outbox.services import queue


def staff_emails(district: District, roles: Iterable[str]) -> list[str]:
    return sorted(
        Membership.objects.filter(district=district, role__in=list(roles), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def mail_staff_on_commit(
    district: District,
    roles: Iterable[str],
    subject: str,
    body: str,
    *,
    kind: str,
    key: str,
    about: Any = None,
) -> None:
    """One outbox row per recipient, sent after the transaction commits; `key` makes it once-only."""
    for email in staff_emails(district, roles):
        queue(district, kind=kind, to=email, key=f"{key}:{email}", subject=f"[{district.name}] {subject}",
              body=body, about=about)  # fmt: skip
