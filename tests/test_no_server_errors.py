"""Every URL the project serves, fetched and posted with junk by each kind of visitor: never a 500.

The routes are read from the URL resolver, router-generated API routes included, so a new page or
endpoint is covered the day it is added. Path arguments are filled with real ids from the district,
ids from another district, and nonsense. API routes also get the junk as a JSON body (POST, PATCH).
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
JUNK: dict[str, Any] = {
    "status": "no-such-status", "outcome": "perhaps", "role": "emperor", "kind": "??", "format": "exe",
    "reason": "x" * 3000, "note": "\x00\u202e", "name": "", "grade_min": "13", "grade_max": "-5",
    "email": "not-an-email", "due_at": "yesterday", "at": "2026-13-45T99:00", "event": "nothing.happened",
    "resource": "999999999999999999999", "reviewer": "-1", "quorum": "0", "date": "31/02/2026",
}  # fmt: skip


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
@pytest.mark.parametrize("number", ["1", "2147483648", "0"])
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
            ("post", {"data": {**JUNK, "file": SimpleUploadedFile("junk.pdf", b"%PDF-1.4 junk")}}),
        ]
        if api:
            tries += [("post", {"data": JUNK, "content_type": "application/json"}),
                      ("patch", {"data": JUNK, "content_type": "application/json"}),
                      ("post", {"data": "{not json", "content_type": "application/json"})]  # fmt: skip
        for method, kwargs in tries:
            response = getattr(client, method)(url, **kwargs)
            answered.append(response.status_code)
            if api:
                api_answered.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url} -> {response.status_code}")
    assert failures == []
    assert len(answered) > 300, "the crawl must reach every route"
    assert len(api_answered) > 200, "the crawl must reach the API, router routes included"
    assert any(200 <= code < 300 for code in answered), "some pages must actually render"
