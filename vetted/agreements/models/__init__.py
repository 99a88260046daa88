"""Agreements (DPAs), their documents and provision checklist; obligations; closure days."""

from .agreement import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    CheckSource,
    CheckStatus,
    OfferEnd,
    ProvisionCheck,
    SecurityFramework,
)
from .obligation import CalendarFeed, ClosureDay, Obligation, ObligationStatus

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementKind",
    "AgreementStatus",
    "CalendarFeed",
    "CheckSource",
    "CheckStatus",
    "ClosureDay",
    "Obligation",
    "ObligationStatus",
    "OfferEnd",
    "ProvisionCheck",
    "SecurityFramework",
]
