"""The ONE transition table of an agreement's status. Services apply it; nothing else changes status.

Built on vetted.kit.states: each transition has one target, a button label and the audit event it
writes; `by_person=False` marks what only the system does (the worker, or another service).
"""

from __future__ import annotations

from vetted.kit.states import Machine, Transition, TransitionRefused

from .models import AgreementStatus as S

__all__ = ["MACHINE", "TRANSITIONS", "Transition", "TransitionRefused", "available"]

T = Transition.between
MACHINE = Machine(
    [
        T("send", {S.DRAFT}, S.SENT_TO_VENDOR, label="Send to the vendor", verb="sent to the vendor",
          audit_event="agreement.sent"),
        T("vendor_sign", {S.DRAFT, S.SENT_TO_VENDOR}, S.SIGNED_BY_VENDOR, label="Record the vendor's signature",
          verb="signed by the vendor", audit_event="agreement.vendor_signed"),
        T("execute", {S.SIGNED_BY_VENDOR}, S.FULLY_EXECUTED,
          label="Record the district's signature (fully executed)", verb="executed",
          audit_event="agreement.executed"),
        T("terminate", {S.SIGNED_BY_VENDOR, S.FULLY_EXECUTED}, S.TERMINATED, label="Terminate",
          verb="terminated", audit_event="agreement.terminated"),
        T("expire", {S.FULLY_EXECUTED}, S.EXPIRED, label="Expire", verb="expired",
          audit_event="agreement.expired", by_person=False),
        T("supersede", {S.FULLY_EXECUTED, S.EXPIRED}, S.SUPERSEDED, label="Supersede", verb="superseded",
          audit_event="agreement.superseded", by_person=False),
    ],
    subject="agreement",
    state_label=lambda status: f"“{S(status).label}”" if status in S.values else status,
)  # fmt: skip
TRANSITIONS = MACHINE  # by name: TRANSITIONS["execute"].sources, .target, .audit_event


def available(status: str) -> list[Transition]:
    """Transitions a person may press from this status (for the page's buttons)."""
    return MACHINE.available(status)
