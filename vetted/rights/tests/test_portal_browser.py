"""The family portal in real Chromium at 320 CSS pixels, checked with axe-core on every page: a parent
asks for a code, reads it from the delivered e-mail, signs in, sees the child's resources and what
they collect, gives permission, switches to Spanish, and signs out."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from vetted.notices.models import Consent
from vetted.notices.tests.consent_world import sent_request
from vetted.outbox.models import Message

from .helpers import CODE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 320
KEMI = "kemi.okafor@family.example"


def _check(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"the page is {width}px wide at a {WIDTH}px viewport"
    results = Axe().run(page)
    assert [f"{v['id']}: {v['help']}" for v in results.response["violations"]] == []


def test_a_parent_signs_in_with_a_code_and_gives_permission(
    page: Any, roster: Any, needs_permission: Any
) -> None:
    world = sent_request(roster, needs_permission)
    slug = roster.district.slug
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(f"/d/{slug}/family/sign-in/")
    _check(page)
    page.get_by_label("Your e-mail address").fill(KEMI)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Type your code").is_visible()
    _check(page)
    # The outbox sent it when the request's transaction committed (locmem mail in tests).
    assert Message.objects.get(kind="family.code", to_email=KEMI).status == "sent"
    (sent,) = [m for m in mail.outbox if m.to == [KEMI]]
    match = CODE.search(str(sent.body))
    assert match, sent.body
    page.get_by_label("The code from the e-mail").fill(match.group(1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your family's page").is_visible()
    _check(page)
    page.get_by_role("link", name="See Ben's page").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=needs_permission.name).is_visible()
    assert page.get_by_text("No answer yet.").is_visible()
    _check(page)
    page.get_by_role("button", name="Give permission", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Your answer is saved.").is_visible()
    assert page.get_by_text("Permission given.").is_visible()
    _check(page)
    row = Consent.objects.get()
    assert (row.channel, row.decision, row.student_id, row.notice_id) == (
        "portal", "consent", world.student("s-2").pk, world.notice.pk,
    )  # fmt: skip
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text("Permiso dado.").is_visible()
    _check(page)
    page.get_by_role("button", name="Salir").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Entrar a la página de su familia").is_visible()
