"""A staff request in real Chromium: a teacher files it, a reviewer approves it with parental
permission, and the public registry shows the new status. axe-core checks the form and the review page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_filed_reviewed_and_published(
    page: Any, browser: Any, live_server: Any, login: Any, tenant: Any, catalog_item: Any
) -> None:
    from vetted.resource_requests.models import ResourceRequest

    slug = tenant.district.slug
    login(tenant.user("staff"))
    page.goto(f"/manage/{slug}/resource-requests/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff request for approval")
    assert serious_axe_violations(page) == []

    # "Already known?": typing a catalogue name shows its status here, for the grades asked, without a reload.
    page.get_by_label("From grade").select_option("9")
    page.get_by_label("Name of the resource").press_sequentially("Quill", delay=20)
    expect(page.locator("#known")).to_contain_text("Quillstone Writing Studio")
    expect(page.locator("#known")).to_contain_text("Not approved for the grades you asked")  # approved 3–8
    page.get_by_label("From grade").select_option("4")
    expect(page.locator("#known")).to_contain_text("You can use it already for the grades you asked")
    page.get_by_label("Name of the resource").fill("")
    page.get_by_label("Name of the resource").press_sequentially("Lanternfish Reading Lab", delay=5)
    expect(page.locator("#known")).to_contain_text("No matching resource")

    page.get_by_label("Your position").fill("Grade 4 teacher")
    page.get_by_label("From grade").select_option("4")
    page.get_by_label("To grade").select_option("5")
    page.get_by_label("Link to the resource").fill("https://lanternfish.example/lab")
    page.get_by_label("Company that provides it").fill("Lanternfish Education LLC")
    page.get_by_label("Description of the resource").fill("Leveled reading passages.")
    page.get_by_label("How you plan to use it").fill("Reading centres.")
    page.get_by_label("What information, if any, will be shared").fill("First names and reading levels.")
    page.get_by_label("Who will have access to it").fill("My class and me.")
    page.get_by_label("Students will need to sign up for an account").check()
    page.get_by_role("group", name="Does the application itself").get_by_label("I don't know").check()
    page.get_by_role("button", name="Submit request").click()
    expect(page.locator("#request-state")).to_have_text("In review")
    expect(page.get_by_role("main")).to_contain_text(
        "Reviewer of Birchfield Public Schools (reviewer) must record"
    )
    req = ResourceRequest.objects.get()

    reviewer_context = browser.new_context(base_url=live_server.url)
    reviewer_context.set_default_timeout(10_000)
    rp = reviewer_context.new_page()
    rp.goto("/accounts/login/")
    rp.get_by_label("E-mail address").fill(tenant.user("reviewer").email)
    rp.get_by_label("Password").fill("correct-horse-9")
    rp.get_by_role("button", name="Sign in").click()
    rp.goto(f"/manage/{slug}/resource-requests/queue/")
    rp.get_by_role("link", name=f"#{req.pk} Lanternfish Reading Lab").click()
    assert serious_axe_violations(rp) == []
    rp.get_by_label("Approved; additional parental notification and permission required").check()
    rp.get_by_label("Reason", exact=True).fill("Collects reading levels of children under 13.")
    rp.get_by_role("button", name="Record decision").click()
    expect(rp.locator("#request-state")).to_have_text("Decided")
    expect(rp.locator("#request-outcome")).to_contain_text("parental notification and permission")
    reviewer_context.close()

    page.goto(f"/d/{slug}/resources/?q=Lanternfish")
    row = page.locator("tbody tr", has_text="Lanternfish Reading Lab")
    expect(row).to_contain_text("Approved with parental notification and permission")
