"""Regression tests for the attacks of issue 8 on agreements (general offers, NDPA Exhibit E)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc

pytestmark = pytest.mark.django_db


def test_attack_offer_adopt_page_leaks_other_states_draft(
    ct: Any, other_tenant: Any, catalog_item: Any, executed: Agreement, client_as: Any, api_as: Any
) -> None:
    secret = svc.create_agreement(
        other_tenant.district, actor=other_tenant.user("admin"), vendor=catalog_item.vendor,
        resources=[catalog_item],
        data={"title": "Confidential Harbourlight Draft", "kind": "standard", "general_offer": True,
              "public": False},
    )  # fmt: skip
    assert secret.status == "draft" and other_tenant.district.state != ct.district.state
    admin = ct.user("admin")
    page = f"/manage/{ct.district.slug}/agreements/offers/{secret.pk}/adopt/"
    api = f"/api/v1/districts/{ct.district.slug}/general-offers/{secret.pk}/adopt/"
    missing = f"/manage/{ct.district.slug}/agreements/offers/999999/adopt/"

    responses = [
        client_as(admin).get(page),
        client_as(admin).post(page, {"signatory_name": "Wren Talbot"}),
        api_as(admin).post(api, {}, format="json"),
    ]
    for response in responses:
        assert response.status_code == 404
        body = response.content.decode()
        assert "Harbourlight" not in body and catalog_item.vendor.legal_name not in body
        # The state as a word ("NY" alone could match inside a random CSRF token).
        assert (
            not re.search(rf"\b{other_tenant.district.state}\b", body)
            and other_tenant.district.name not in body
        )
    # The same answer as for an offer that does not exist at all.
    assert client_as(admin).get(missing).status_code == 404
    assert not Agreement.objects.filter(district=ct.district, parent=secret).exists()

    # An open, executed offer of the district's own state is still adoptable by its neighbour
    # (and the district's own offer is not "adoptable" by itself).
    assert (
        client_as(admin).get(f"/manage/{ct.district.slug}/agreements/offers/{executed.pk}/adopt/").status_code
        == 404
    )
    other_api = f"/api/v1/districts/{other_tenant.district.slug}/general-offers/{executed.pk}/adopt/"
    assert api_as(other_tenant.user("admin")).post(other_api, {}, format="json").status_code == 404
