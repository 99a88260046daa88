"""Fixtures for agreements: a CT district under the demo 2017 policy, a vendor and a draft agreement."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc

from .gate import make_ready
from .review_worlds import World, reviewed_world


@pytest.fixture
def ct(tenant: Any) -> Any:
    tenant.district.policy_packs = ["demo-ct-2017"]
    tenant.district.save(update_fields=["policy_packs"])
    return tenant


@pytest.fixture
def draft(ct: Any, catalog_item: Any) -> Agreement:
    return svc.create_agreement(
        ct.district, actor=ct.user("admin"), vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "standard", "general_offer": True,
              "vendor_signatory_name": "Odalys Prentiss", "vendor_signatory_title": "CEO"},
    )  # fmt: skip


@pytest.fixture
def executed(draft: Agreement, ct: Any) -> Agreement:
    import datetime as dt

    admin = ct.user("admin")
    svc.transition(draft, "vendor_sign", actor=admin)
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ct.district.tz)  # a Monday
    make_ready(draft, admin)
    return svc.transition(draft, "execute", actor=admin, at=at)


@pytest.fixture
def world(draft: Agreement, ct: Any, monkeypatch: Any) -> World:
    """The draft with a document the worker has reviewed (contract review tests)."""
    return reviewed_world(draft, ct, monkeypatch)
