"""Every URL the project serves, fetched and posted with junk by each kind of visitor: never a 500.

The routes are read from the URL resolver, router-generated API routes included, so a new page or
endpoint is covered the day it is added. Path arguments are filled with real ids from the district,
ids from another district, and nonsense: ids beyond any integer column, non-numbers. Every route is
also fetched with a junk query string (over-long text, huge and non-numeric ids in the parameters the
views read) and posted junk forms; API routes also get the junk as a JSON body (POST, PATCH). A NUL
byte (which PostgreSQL refuses) in a query string, a form or a JSON body must be refused with 400.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import matrix_user
from tests.test_route_coverage import normalise

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("django-admin/", "static/")
HUGE = "9" * 23  # beyond a signed 64-bit integer: SQLite raised OverflowError
JUNK: dict[str, Any] = {
    "status": "no-such-status", "outcome": "perhaps", "role": "emperor", "kind": "??", "format": "exe",
    "reason": "x" * 3000, "note": "\u202e" + "n" * 20000, "name": "", "grade_min": "13", "grade_max": "-5",
    "email": "not-an-email", "due_at": "yesterday", "at": "2026-13-45T99:00", "event": "nothing.happened",
    "resource": HUGE, "reviewer": "-1", "quorum": "0", "date": "31/02/2026", "check": "abc", "vendor": "²",
    "title": "t" * 10000, "legal_name": "l" * 10000, "location": "p" * 5000, "action": "submit",
}  # fmt: skip
# The parameters the views read from query strings, each given junk: over-long, huge, not a number.
JUNK_QUERY: dict[str, str] = {
    "q": "q" * 5000, "page": HUGE, "status": "x" * 500, "state": "draft", "type": "\u202e" * 100,
    "resource": "²", "reviewer": HUGE, "vendor": "abc", "grade": "99", "meeting": "2026-02-31",
    "scope": "everyone", "format": "exe", "name": "n" * 5000, "url": "javascript:alert(1)", "verify": "1",
    "overdue": "1", "resource_name": "r" * 5000, "resource_url": "u" * 5000, "grade_min": "²", "grade_max": HUGE,
}  # fmt: skip
NUL = {"q": "a\x00b", "name": "a\x00b", "note": "\x00"}


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, list(entry.pattern.converters) if hasattr(entry.pattern, "converters") else []


def _fill(route: str, district_slug: str, number: str) -> str | None:
    import re

    if route.startswith(SKIP_PREFIXES) or "(?P<format>" in route:
        return None  # Django's own admin; format-suffix variants of routes crawled without them
    url = normalise(route).replace("<slug:district_slug>", district_slug)
    url = re.sub(r"<int:[a-z_]+>|<(pk|resource|check_id)>", number, url)
    url = re.sub(r"<(str|slug|uuid|path):[a-z_0-9]+>", "zz-unknown", url)
    return "/" + url


@pytest.fixture
def world(tenant: Any, other_tenant: Any, catalog_item: Any) -> dict[str, Any]:
    return {"tenant": tenant, "other": other_tenant}


@pytest.mark.parametrize("who", ["admin", "staff", "outsider", "anonymous"])
@pytest.mark.parametrize("number", ["1", "2147483648", HUGE, "abc"])
def test_no_route_answers_500(world: Any, who: str, number: str, client_as: Any, settings: Any) -> None:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    tenant = world["tenant"]
    client = client_as(matrix_user(who, tenant, world["other"]))
    client.raise_request_exception = False
    failures = []
    answered: list[int] = []
    api_answered: list[int] = []
    for route, _ in _routes():
        url = _fill(route, tenant.district.slug, number)
        if url is None:
            continue
        api = url.startswith("/api/")
        tries: list[tuple[str, dict[str, Any]]] = [
            ("get", {}),
            ("get", {"data": JUNK_QUERY}),
            ("post", {"data": {**JUNK, "file": SimpleUploadedFile("junk.pdf", b"%PDF-1.4 junk")}}),
        ]
        if api:
            tries += [("post", {"data": JUNK, "content_type": "application/json"}),
                      ("patch", {"data": JUNK, "content_type": "application/json"}),
                      ("post", {"data": "{not json", "content_type": "application/json"})]  # fmt: skip
        nul_tries: list[tuple[str, dict[str, Any]]] = [("get", {"data": NUL}), ("post", {"data": NUL})]
        if api:
            nul_tries.append(("post", {"data": NUL, "content_type": "application/json"}))
        for method, kwargs in tries + nul_tries:
            response = getattr(client, method)(url, **kwargs)
            answered.append(response.status_code)
            if api:
                api_answered.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{method.upper()} {url} {str(kwargs.get('data'))[:60]} -> {response.status_code}"
                )
            elif (method, kwargs) in nul_tries and response.status_code != 400:
                failures.append(f"NUL {method.upper()} {url} -> {response.status_code}, not refused")
    assert failures == []
    assert len(answered) > 300, "the crawl must reach every route"
    assert len(api_answered) > 200, "the crawl must reach the API, router routes included"
    assert any(200 <= code < 300 for code in answered), "some pages must actually render"
