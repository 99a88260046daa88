"""The ONE transition table of an agreement's status. Services apply it; nothing else changes status."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AgreementStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button a person presses
    sources: frozenset[str]
    target: str
    audit_event: str
    by_person: bool = True  # False: only the system does it (the worker, or another service)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("send", "Send to the vendor", frozenset({S.DRAFT}), S.SENT_TO_VENDOR, "agreement.sent"),
        Transition(
            "vendor_sign", "Record the vendor's signature", frozenset({S.DRAFT, S.SENT_TO_VENDOR}),
            S.SIGNED_BY_VENDOR, "agreement.vendor_signed",
        ),
        Transition(
            "execute", "Record the district's signature (fully executed)", frozenset({S.SIGNED_BY_VENDOR}),
            S.FULLY_EXECUTED, "agreement.executed",
        ),
        Transition(
            "terminate", "Terminate", frozenset({S.SIGNED_BY_VENDOR, S.FULLY_EXECUTED}), S.TERMINATED,
            "agreement.terminated",
        ),
        Transition(
            "expire", "Expire", frozenset({S.FULLY_EXECUTED}), S.EXPIRED, "agreement.expired", by_person=False
        ),
        Transition(
            "supersede", "Supersede", frozenset({S.FULLY_EXECUTED, S.EXPIRED}), S.SUPERSEDED,
            "agreement.superseded", by_person=False,
        ),
    )
}  # fmt: skip


def available(status: str) -> list[Transition]:
    """Transitions a person may press from this status (for the page's buttons)."""
    return [t for t in TRANSITIONS.values() if t.by_person and status in t.sources]
