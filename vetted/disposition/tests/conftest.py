"""Fixtures for data disposition: a CT district (America/New_York), a vendor with a privacy contact,
executed agreements, and a helper that ends one at a chosen local time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from vetted.agreements.models import Agreement, AgreementDocument, DocumentReview, ReviewStatus
from vetted.agreements.services import agreements as svc
from vetted.agreements.tests.gate import make_ready
from vetted.catalog.models import DataElement

NY = ZoneInfo("America/New_York")
CONTACT = "privacy@quillstone.example"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=NY)


@pytest.fixture
def vendor(catalog_item: Any) -> Any:
    v = catalog_item.vendor
    v.privacy_contact_name, v.privacy_contact_email = "Ines Calloway", CONTACT
    v.save(update_fields=["privacy_contact_name", "privacy_contact_email"])
    return v


@pytest.fixture
def make_executed(tenant: Any, catalog_item: Any, vendor: Any) -> Callable[..., Agreement]:
    def _make(title: str = "Quillstone DPA 2026", district_tenant: Any = None) -> Agreement:
        t = district_tenant or tenant
        admin = t.user("admin")
        with transaction.atomic():
            agreement = svc.create_agreement(
                t.district, actor=admin, vendor=vendor, resources=[catalog_item] if t is tenant else [],
                data={"title": title, "kind": "standard", "vendor_signatory_name": "Odalys Prentiss"},
                data_elements=DataElement.objects.filter(code__in=["student-name", "student-work", "grades"]),
            )  # fmt: skip
            svc.transition(agreement, "vendor_sign", actor=admin)
            make_ready(agreement, admin)
            return svc.transition(agreement, "execute", actor=admin, at=at(2026, 3, 2, 10))

    return _make


@pytest.fixture
def executed(make_executed: Callable[..., Agreement]) -> Agreement:
    return make_executed()


def end(agreement: Agreement, when: dt.datetime, *, how: str = "terminate", actor: Any = None) -> Agreement:
    if how == "expire":
        return svc.transition(agreement, "expire", actor="worker", at=when, system=True)
    admin = actor or agreement.district.memberships.get(role="admin").user
    return svc.transition(agreement, how, actor=admin, at=when, reason="Contract ended")


def reviewed_days(agreement: Agreement, days: int, *, signed: bool = True) -> DocumentReview:
    """A finished review of the agreement's document whose disposition clause says `days` days."""
    document = AgreementDocument.objects.filter(agreement=agreement, signed_copy=signed).first()
    if document is None:
        document = AgreementDocument.objects.create(
            agreement=agreement, label="contract", original_name="contract.pdf", stored_name=f"r-{agreement.pk}-{days}.pdf",
            file_type="pdf", size=1, sha256="1" * 64, signed_copy=signed,
        )  # fmt: skip
    result = {"provisions": [{"id": "disposition_at_end", "found": True, "param": days, "status": "satisfied"},
                             {"id": "breach_notification", "found": True, "param": 72, "status": "satisfied"}]}  # fmt: skip
    review, _ = DocumentReview.objects.update_or_create(
        document=document,
        defaults={"district": agreement.district, "status": ReviewStatus.DONE, "result": result},
    )
    return review
