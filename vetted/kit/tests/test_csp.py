"""The Content-Security-Policy: sent on every kind of response, strict, and no template needs more.

That htmx still works under it is proven in real Chromium (tests/browser/test_csp_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/d/birchfield/resources/", 200),
        ("/d/birchfield/resources/?q=a", 200),  # htmx's partial answer (HX-Request below)
        ("/d/birchfield/resources.csv", 200),
        ("/api/v1/districts/birchfield/registry/", 200),
        ("/accounts/login/", 200),
        ("/django-admin/login/", 302),
        ("/no/such/page/", 404),
        ("/static/css/vetted.css", 200),
        ("/healthz", 200),
    ],
)
def test_every_response_forbids_inline_script_and_framing(
    client: Any, tenant: Any, path: str, status: int
) -> None:
    response = client.get(path, headers={"HX-Request": "true"} if "?q=" in path else {})
    assert response.status_code == status
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other site
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]


def test_private_pages_and_errors_carry_the_policy_too(client_as: Any, tenant: Any) -> None:
    staff = client_as(tenant.user("staff"))
    for path in ("/manage/birchfield/", "/manage/birchfield/people/", "/manage/larchmont/"):
        assert "frame-ancestors 'none'" in staff.get(path)["Content-Security-Policy"], path


TEMPLATES = [p for p in Path(settings.BASE_DIR).rglob("templates/**/*.html") if "/tests/" not in str(p)]
# What the policy would block: inline script, inline style, event-handler attributes, javascript: URLs.
BLOCKED = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\s(?:on[a-z]+|hx-on[:\w-]*)\s*=|javascript:", re.I
)


def test_templates_hold_nothing_the_policy_would_block() -> None:
    assert len(TEMPLATES) > 20
    found = [
        f"{p.relative_to(settings.BASE_DIR)}: {m.group(0)}"
        for p in TEMPLATES
        for m in BLOCKED.finditer(p.read_text())
    ]
    assert found == []


def test_the_pattern_catches_what_it_looks_for() -> None:
    for bad in (
        "<script>alert(1)</script>",
        '<p style="color:red">',
        '<a onclick="x()">',
        "<div hx-on:click='x'>",
    ):
        assert BLOCKED.search(bad), bad
    assert not BLOCKED.search('<script src="/static/js/char-counter.js" defer></script>')
