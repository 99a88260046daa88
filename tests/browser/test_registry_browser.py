"""The public registry in real Chromium: search, open a resource, and axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_registry_and_open_resource(page: Any, tenant: Any, catalog_item: Any) -> None:
    from vetted.catalog import services
    from vetted.catalog.models import Resource

    other = services.create_resource(
        tenant.district,
        actor=tenant.user("admin"),
        data={"name": "Numberwell Practice", "vendor": catalog_item.vendor},
    )
    services.decide(tenant.district, other, actor=tenant.user("admin"), status="pending")

    page.goto(f"/d/{tenant.district.slug}/resources/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Birchfield Public Schools")
    assert page.locator("tbody tr").count() == 2
    assert serious_axe_violations(page) == []

    page.get_by_label("Search", exact=True).fill("writing")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Quillstone Writing Studio")
    assert "q=writing" in page.url  # the search is in the address bar, so it can be shared

    page.get_by_role("link", name="Quillstone Writing Studio").click()
    page.wait_for_url(f"**/resources/{catalog_item.pk}/")
    body = page.locator("main").inner_text()
    assert "Approved for use." in body
    assert "Grades" in body
    assert "Student work" in body  # what data it collects
    assert "Vendor signed DPA" not in body  # internal notes never reach the public page
    assert serious_axe_violations(page) == []
    assert Resource.objects.count() == 2


def test_live_search_updates_results_without_reload(page: Any, tenant: Any, catalog_item: Any) -> None:
    page.goto(f"/d/{tenant.district.slug}/resources/")
    page.get_by_label("Search", exact=True).press_sequentially("zzz-no-match", delay=20)
    expect(page.get_by_text("No resource matches")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(0)
