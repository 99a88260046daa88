"""A privacy officer adds a vendor and a resource, decides on it, and the public registry shows it.

Real Chromium; axe-core must find nothing serious or critical on the staff forms either.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_vendor_resource_and_decide(page: Any, login: Any, tenant: Any) -> None:
    slug = tenant.district.slug
    login(tenant.user("admin"))

    page.goto(f"/manage/{slug}/vendors/new/")
    assert serious_axe_violations(page) == []
    page.get_by_label("Vendor's legal name").fill("Sparrowsong Audio")
    page.get_by_label("Vendor website").fill("not a web address")
    page.get_by_role("button", name="Save vendor").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a full web address")  # the error summary
    page.get_by_label("Vendor website").fill("https://sparrowsong.example/")
    page.get_by_role("button", name="Save vendor").click()
    expect(page.get_by_text("Vendor “Sparrowsong Audio” added.")).to_be_visible()

    page.goto(f"/manage/{slug}/resources/new/")
    assert serious_axe_violations(page) == []
    page.get_by_role("textbox", name="Name", exact=True).fill("Sparrowsong Music Lab")
    page.get_by_role("combobox", name="Vendor", exact=True).select_option(label="Sparrowsong Audio")
    page.get_by_label("Lowest grade").select_option(label="2")
    page.get_by_label("Highest grade").select_option(label="8")
    page.get_by_label("Voice recordings").check()
    page.get_by_label("Student name", exact=True).check()
    page.get_by_role("button", name="Save resource").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("decision on Sparrowsong Music Lab")
    assert serious_axe_violations(page) == []
    page.get_by_role("combobox", name="Status", exact=True).select_option(
        label="Approved with parental notification and permission"
    )
    page.get_by_label("Conditions").fill("Recordings stay inside the class.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("the public registry shows it now")).to_be_visible()

    page.goto(f"/d/{slug}/resources/?element=voice-recordings")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Approved with parental notification and permission")
    page.get_by_role("link", name="Sparrowsong Music Lab").click()
    expect(page.locator("main")).to_contain_text("Parental permission is needed")
    expect(page.locator("main")).to_contain_text("Recordings stay inside the class.")
