"""The API tokens page in real Chromium at 320 CSS pixels: nothing scrolls sideways (the 60-character
token included), axe-core finds nothing, and the token shown once can be read off the page."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


def _signed_in_context(browser: Any, live_server: Any, user: Any) -> Any:
    """A browser already signed in (the session is made server-side, so this test does not depend on
    how the sign-in page looks)."""
    from django.conf import settings
    from django.test import Client

    web = Client()
    web.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 640})
    context.set_default_timeout(10_000)
    cookie = web.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def _document_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_api_tokens_page_works_at_320_px(browser: Any, live_server: Any, tenant: Any) -> None:
    from vetted.api_tokens.models import ApiToken
    from vetted.api_tokens.services import create_token

    user = tenant.user("technology_director")
    create_token(user, name="Quarterly-registry-export-for-the-board-of-education-website", days=90)
    context = _signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.goto("/me/api-tokens/")
    assert page.get_by_role("heading", name="Your API tokens").is_visible()
    assert _document_width(page) <= WIDTH + 1
    assert serious_axe_violations(page) == []

    page.get_by_label("Name").fill("Nightly agreements sync")
    page.get_by_label("Expires after (days)").fill("30")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    shown = page.locator("#new-token").inner_text()
    assert shown.startswith("vetted_") and len(shown) > 50
    assert _document_width(page) <= WIDTH + 1
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Revoke Nightly agreements sync").click()
    page.wait_for_load_state()
    assert page.get_by_text("was revoked").is_visible()
    assert ApiToken.objects.filter(name="Nightly agreements sync").get().revoked_at is not None
    assert _document_width(page) <= WIDTH + 1
    context.close()
