"""Agreements (DPAs), their documents, the automatic review of a document, the provision checklist."""

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
from .review import DocumentReview, ReviewStatus

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementKind",
    "AgreementStatus",
    "CheckSource",
    "CheckStatus",
    "DocumentReview",
    "OfferEnd",
    "ProvisionCheck",
    "ReviewStatus",
    "SecurityFramework",
]
