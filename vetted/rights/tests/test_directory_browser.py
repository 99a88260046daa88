"""The portal's directory-information section in real Chromium at 320 CSS pixels, axe-clean: a
parent signs in with a code, reads to whom their child's directory information was disclosed (what,
when, with the district's time zone named), opts out beside it, and reads it again in Spanish."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import assert_fits, serious_axe_violations
from vetted.rights.models import DirectoryOptOut

from .directory_world import disclose, log, notice_given, student
from .helpers import code_from_outbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 320
KEMI = "kemi.okafor@family.example"


def _check(page: Any) -> None:
    assert_fits(page, WIDTH)
    assert serious_axe_violations(page) == []


def test_a_parent_reads_the_disclosures_and_opts_out_at_320px(page: Any, roster: Any) -> None:
    notice_given(roster)
    disclose(roster, log(roster, whole_district=False, students=[student(roster, "s-2")],
                         items=["name", "grade_level", "photo"],
                         requester_organisation="Birchfield Community Newspaper and Yearbook Photographers"))  # fmt: skip
    slug = roster.district.slug
    page.set_default_timeout(60_000)  # two cores shared by many: the first page can be slow
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(f"/d/{slug}/family/sign-in/?lang=en")
    page.get_by_label("Your e-mail address").fill(KEMI)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_load_state()
    page.get_by_label("The code from the e-mail").fill(code_from_outbox(KEMI))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="See Ben's page").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", name="Who received Ben's directory information")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    section = page.locator(".family-disclosures")
    assert "Birchfield Community Newspaper and Yearbook Photographers (Rowan Pike)" in section.inner_text()
    assert "Name, Photograph and Grade level" in section.inner_text()
    assert "(America/New_York)" in page.content()
    _check(page)
    page.get_by_role("button", name="Opt out").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ben is opted out.").is_visible()
    assert "Rowan Pike" in page.locator(".family-disclosures").inner_text()  # what happened stays listed
    assert DirectoryOptOut.objects.get().opted_out is True
    _check(page)
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Quién recibió la información de directorio de Ben").is_visible()
    assert "Nombre, Fotografía y Grado" in page.locator(".family-disclosures").inner_text()
    _check(page)
