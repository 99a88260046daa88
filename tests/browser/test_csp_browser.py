"""The strict Content-Security-Policy in real Chromium: htmx still searches the registry as the person
types, the console reports no violation, and an injected inline script is refused."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first moment of each page (Playwright adds it outside the page's policy).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def violations(page: Any, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp"), *[m for m in console if "Content Security Policy" in m]]


@pytest.fixture
def watched(page: Any) -> tuple[Any, list[str]]:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    return page, console


def test_typing_in_the_registry_search_updates_results_under_the_policy(
    watched: tuple[Any, list[str]], tenant: Any, catalog_item: Any
) -> None:
    from vetted.catalog import services

    page, console = watched
    other = services.create_resource(
        tenant.district,
        actor=tenant.user("admin"),
        data={"name": "Numberwell Practice", "vendor": catalog_item.vendor},
    )
    services.decide(tenant.district, other, actor=tenant.user("admin"), status="pending")

    response = page.goto(f"/d/{tenant.district.slug}/resources/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("tbody tr")).to_have_count(2)
    page.evaluate("window.__samePage = true")  # gone if the browser loaded a new page instead of htmx

    with page.expect_request(lambda r: "q=numberwell" in r.url and r.headers.get("hx-request") == "true"):
        page.get_by_label("Search", exact=True).press_sequentially("numberwell", delay=20)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Numberwell Practice")
    assert page.evaluate("window.__samePage") is True
    assert "q=numberwell" in page.url  # hx-push-url still puts the search in the address bar
    assert page.locator("head style").count() == 0  # htmx injected no indicator style
    assert violations(page, console) == []


def test_an_injected_inline_script_is_refused_and_reported(
    watched: tuple[Any, list[str]], tenant: Any
) -> None:
    """What an attacker's stored markup would try; it also shows the watch above can see a violation."""
    page, console = watched
    page.goto(f"/d/{tenant.district.slug}/resources/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__pwned = 1";
                   document.body.appendChild(s);
                   const p = document.createElement("p"); p.setAttribute("onclick", "window.__pwned = 2");
                   document.body.appendChild(p); p.click(); }"""
    )
    assert page.evaluate("window.__pwned") is None
    page.wait_for_function("window.__csp.length >= 2")
    assert any(v.startswith("script-src") for v in violations(page, console))


STAFF_PAGES = [
    "/manage/{d}/", "/manage/{d}/vendors/", "/manage/{d}/resources/", "/manage/{d}/resources/{r}/",
    "/manage/{d}/resources/{r}/decision/", "/manage/{d}/reviews-due/", "/manage/{d}/agreements/",
    "/manage/{d}/agreements/new/", "/manage/{d}/obligations/", "/manage/{d}/people/", "/manage/{d}/settings/",
    "/manage/{d}/audit/", "/manage/{d}/resource-requests/", "/manage/{d}/resource-requests/queue/",
    "/d/{d}/resources/{r}/", "/d/{d}/student-data/", "/d/{d}/agreements/", "/accounts/password-reset/",
]  # fmt: skip


def test_staff_and_public_pages_break_no_rule_of_the_policy(
    watched: tuple[Any, list[str]], login: Any, tenant: Any, catalog_item: Any
) -> None:
    page, console = watched
    login(tenant.user("admin"))
    for path in STAFF_PAGES:
        response = page.goto(path.format(d=tenant.district.slug, r=catalog_item.pk))
        assert response.status == 200, path
        assert violations(page, console) == [], path
    # The request form asks "already known?" through htmx while the person types.
    page.goto(f"/manage/{tenant.district.slug}/resource-requests/new/")
    with page.expect_response(lambda r: "/resource-requests/known/" in r.url):
        page.locator("#id_resource_name").press_sequentially("Quillstone", delay=20)
    expect(page.locator("#known")).to_contain_text("Quillstone Writing Studio")
    assert violations(page, console) == []
