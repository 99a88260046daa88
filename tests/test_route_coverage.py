"""Every route the project serves has an authorization-matrix case, or is declared public with a reason.

The routes are read from the URL resolver (router routes included), so a new route without a case
fails here, naming it. The cases declare the route they cover (tests/matrix.py, MATRIX_MODULES), and
each matrix test checks that the URL it builds resolves to that route.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import MATRIX_MODULES, PUBLIC, PUBLIC_PREFIXES, covered_routes


def normalise(route: str) -> str:
    """One readable pattern string: router regexes (^...$, (?P<pk>[^/.]+)) become <pk>."""
    route = re.sub(r"\(\?P<([a-z_]+)>[^)]*\)", r"<\1>", route)
    return route.replace("^", "").replace("$", "")


def walk(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str | None]]:
    """(pattern, URL name) of every route, router-generated ones included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield normalise(pattern), entry.name


def served_routes() -> list[tuple[str, str | None]]:
    routes = []
    for pattern, name in walk():
        if pattern.startswith(tuple(PUBLIC_PREFIXES)):
            continue  # someone else's authorization, declared with its reason in PUBLIC_PREFIXES
        if "<format>" in pattern:
            continue  # a format-suffix variant (.json) of a route listed without it
        routes.append((pattern, name))
    return routes


def test_the_walk_sees_router_routes() -> None:
    patterns = {pattern for pattern, _ in served_routes()}
    assert "api/v1/districts/<slug:district_slug>/resource-requests/<pk>/vote/" in patterns
    assert "api/v1/districts/<slug:district_slug>/agreements/<pk>/renew/" in patterns
    assert len(patterns) > 100


def test_every_route_has_a_matrix_case() -> None:
    covered = covered_routes()
    missing = [
        f"  {pattern}  (name={name!r})"
        for pattern, name in served_routes()
        if name not in covered and pattern not in covered
    ]
    assert not missing, (
        "These routes have no authorization-matrix case. Add a Case with route=<URL name> to one of "
        f"{MATRIX_MODULES} (or, if the route is public by design, to tests.matrix.PUBLIC with the "
        "reason):\n" + "\n".join(missing)
    )


def test_every_declared_route_exists() -> None:
    """A case for a renamed or removed route is a case for nothing."""
    names = {name for _, name in walk()} | {pattern for pattern, _ in walk()}
    stale = sorted(set(covered_routes()) - names)
    assert not stale, f"matrix cases name routes the resolver does not serve: {stale}"


def test_every_route_is_named_once() -> None:
    """Cases refer to routes by name, so a name must mean one route."""
    seen: dict[str, str] = {}
    clashes = []
    for pattern, name in served_routes():
        if name is None:
            clashes.append(f"{pattern} has no name")
        elif seen.setdefault(name, pattern) != pattern:
            clashes.append(f"{name!r}: {seen[name]} and {pattern}")
    assert not clashes


def _public_url(pattern: str, district_slug: str, resource_id: int) -> str:
    url = pattern.replace("<slug:district_slug>", district_slug)
    url = url.replace("<int:resource_id>", str(resource_id))
    url = re.sub(r"<int:[a-z_]+>", "999999", url)
    return "/" + re.sub(r"<(str|slug):[a-z_0-9]+>", "zz-unknown", url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_routes_do_not_turn_anonymous_away(
    name: str, tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    pattern = next(p for p, n in served_routes() if n == name)
    client = client_as(None)
    client.raise_request_exception = False
    response = client.get(_public_url(pattern, tenant.district.slug, catalog_item.pk))
    assert response.status_code < 500
    assert response.status_code not in (401, 403), response.status_code
    assert "/accounts/login/" not in response.get("Location", ""), "a public route asked to sign in"
