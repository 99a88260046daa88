"""An admin's first sign-in in a real browser at 320 px: password, the forced enrolment with a code
computed from the key the page shows, the recovery codes, the single sign-on settings; every page
fits the width and has no serious accessibility violation."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import serious_axe_violations
from vetted.signin.models import DistrictSignOn
from vetted.signin.tests.totp import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


def fits(page: Any) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH + 1


def test_an_admins_first_sign_in_enrols_the_second_step_at_320_px(page: Any, tenant: Any) -> None:
    DistrictSignOn.objects.create(district=tenant.district, kind="google", label="Sign in with Birchfield Google",
                                  client_id="abc", client_secret="s", allowed_domain="birchfield.example")  # fmt: skip
    page.set_viewport_size({"width": WIDTH, "height": 700})
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="Sign in with Birchfield Google").is_visible()
    assert fits(page) and serious_axe_violations(page) == []
    page.get_by_label("E-mail address").fill(tenant.user("admin").email)
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.goto("/manage/birchfield/")
    # Changing how one signs in asks for the password once more, then the enrolment page.
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert fits(page)
    page.get_by_label("Password").fill("correct-horse-9")
    page.get_by_role("button").filter(has_text="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    assert page.get_by_role("heading", name="Set up your second step").is_visible()
    assert fits(page) and serious_axe_violations(page) == []
    secret = page.locator("code.totp-secret").inner_text().strip()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on the second step").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    assert page.locator("ul.recovery-codes li").count() == 10
    assert fits(page) and serious_axe_violations(page) == []
    page.goto("/manage/birchfield/sign-in/")
    assert page.get_by_role("heading", name="Single sign-on for Birchfield Public Schools").is_visible()
    assert fits(page) and serious_axe_violations(page) == []
