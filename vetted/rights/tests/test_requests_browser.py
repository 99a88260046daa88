"""Must be shown (issue 13): in real Chromium, a parent signs in with an e-mailed code, sees the
child's resources and what they collect, files a deletion request and confirms it with a fresh code;
the vendor completes it through its link; the parent sees the outcome. Every portal page is checked
with axe-core (no serious or critical violation) at desktop width and at 320 CSS pixels."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from conftest import assert_fits, serious_axe_violations
from vetted.rights.models import RightsRequest
from vetted.rights.requests.services import handling

from .requests_helpers import KEMI, PRIVACY, World, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["world"]
CODE = re.compile(r"\b(\d{8})\b")
LINK = re.compile(r"/vendor/rights/[^/\s]+/")


def _check(page: Any) -> None:
    """axe-clean at 320 px (and nothing scrolls sideways) and at desktop width."""
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        if width == 320:
            assert_fits(page, width)
        assert serious_axe_violations(page) == [], (page.url, width)


def _last_code(subject_starts: str) -> str:
    sent = [m for m in mail.outbox if m.to == [KEMI] and str(m.subject).startswith(subject_starts)]
    assert sent, [m.subject for m in mail.outbox]
    match = CODE.search(str(sent[-1].body))
    assert match, sent[-1].body
    return match.group(1)


def test_a_parent_files_a_deletion_the_vendor_completes_it_the_parent_sees_it(
    page: Any, world: World
) -> None:
    slug, resource = world.slug, world.resource
    page.goto(f"/d/{slug}/family/sign-in/")
    _check(page)
    page.get_by_label("Your e-mail address").fill(KEMI)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_load_state()
    _check(page)
    page.get_by_label("The code from the e-mail").fill(_last_code("Your sign-in code"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    _check(page)
    page.get_by_role("link", name="See Ben's page").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=resource.name).is_visible()
    assert page.get_by_text("What it collects").first.is_visible()
    _check(page)
    page.get_by_role("link", name=f"Ask about {resource.name}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Ask about Ben's information").is_visible()
    assert page.get_by_label(resource.name).is_checked()  # the resource the link was for
    _check(page)
    page.get_by_label("Delete Ben's information").check()
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Confirm your request").is_visible()
    _check(page)
    req = RightsRequest.objects.get()
    assert req.status == "confirming"
    page.get_by_label("The code from the e-mail").fill(_last_code("Your code to confirm your request"))
    page.get_by_role("button", name="Confirm the request").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your request is sent.").is_visible()
    assert page.get_by_text("Received", exact=True).is_visible()
    assert page.get_by_text("(America/New_York)").is_visible()
    _check(page)
    # The privacy officer sends it to the vendor; the vendor answers through the link in its e-mail.
    req.refresh_from_db()
    handling.send_to_vendors(req, actor=world.admin)
    (to_vendor,) = [m for m in mail.outbox if m.to == [PRIVACY]]
    link = LINK.search(str(to_vendor.body))
    assert link, to_vendor.body
    vendor = page.context.browser.new_context(base_url=page.url.split("/d/")[0])
    vendor_page = vendor.new_page()
    vendor_page.goto(link.group(0))
    vendor_page.get_by_label("Done: we did what is asked").check()
    vendor_page.get_by_label("What you did, or what you hold (if no file)").fill(
        "We deleted Ben's account, essays and scores from Quillstone Writing Studio and its backups."
    )
    vendor_page.get_by_role("button", name="Send the answer").click()
    vendor_page.wait_for_load_state()
    assert vendor_page.get_by_role("heading", name="Answer received").is_visible()
    vendor.close()
    req.refresh_from_db()
    assert req.status == "done"
    # The parent sees the outcome, on the page and in the e-mail.
    page.reload()
    page.wait_for_load_state()
    assert page.get_by_text("Done", exact=True).is_visible()
    assert page.get_by_text("Quillstone Learning Inc.: done.").is_visible()
    assert page.get_by_text("We deleted Ben's account").is_visible()
    _check(page)
    outcome = [m for m in mail.outbox if m.to == [KEMI] and m.subject == "The answer to your request"]
    assert len(outcome) == 1 and "Quillstone Learning Inc.: done." in str(outcome[0].body)
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.get_by_text("Terminado", exact=True).is_visible()
    _check(page)
