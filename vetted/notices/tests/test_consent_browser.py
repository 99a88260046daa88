"""The family's pages and the teacher's class page in real Chromium at 320 CSS pixels: nothing scrolls
sideways, axe-core finds no violation, and a Spanish-speaking parent answers with the form's own
(Spanish) labels."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import assert_fits, sign_in_in_browser
from vetted.notices.models import Consent

from .consent_world import RUTH, sent_request, teacher_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 320


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v.get('impact')}): {v['help']}" for v in results.response["violations"]]


def test_a_parent_answers_in_spanish_on_a_narrow_phone(page: Any, roster: Any, needs_permission: Any) -> None:
    world = sent_request(roster, needs_permission)
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto(world.answer_url(RUTH))
    assert page.locator("html").get_attribute("lang") == "es"
    assert_fits(page, WIDTH)
    assert _violations(page) == []
    page.get_by_role("button", name="Enviar mi respuesta").click()  # nothing chosen: errors, in Spanish
    page.wait_for_load_state()
    assert page.get_by_text("Escriba su nombre completo.").first.is_visible()
    assert_fits(page, WIDTH)
    assert _violations(page) == []
    page.get_by_role("group", name="Su respuesta para Anya").get_by_label("Sí, doy permiso").check()
    page.get_by_label("Madre o padre").check()
    page.get_by_label("Su nombre completo").fill("Ruth Rourke")
    page.get_by_role("button", name="Enviar mi respuesta").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Gracias. Su respuesta quedó registrada.").is_visible()
    assert_fits(page, WIDTH)
    assert _violations(page) == []
    row = Consent.objects.get()
    assert (row.decision, row.language, row.typed_name, row.relationship) == (
        "consent",
        "es",
        "Ruth Rourke",
        "parent",
    )


def test_the_teachers_class_page_at_320_pixels(page: Any, roster: Any, needs_permission: Any) -> None:
    world = sent_request(roster, needs_permission)
    teacher = teacher_user(roster)
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in_in_browser(page, teacher)
    page.goto(world.class_url("cl-4a"))
    assert page.get_by_role("heading", name="Reading 4 - Room 12").is_visible()
    assert page.get_by_text("Not answered").first.is_visible()
    assert_fits(page, WIDTH)
    assert _violations(page) == []
