"""Authorization matrix for proposed changes to shared catalogue rows (ADR 0001).

Every role of the asked district, another district's admin and anonymous try each page and endpoint.
A denied attempt writes nothing: no answer, no audit event, no outbox row, no mail (on-commit
callbacks captured and run). `ROUTES` names the routes covered, for the route-coverage test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.catalog import services
from vetted.catalog.models import CatalogChange, CatalogChangeAnswer

pytestmark = pytest.mark.django_db

MEMBERS = ["admin", "technology_director", "reviewer", "staff", "auditor"]
ALL = frozenset(MEMBERS)
EDITORS = frozenset({"admin", "technology_director", "reviewer"})
WHO = [*MEMBERS, "outsider", "anonymous"]


@dataclass(frozen=True)
class Case:
    label: str
    route: str
    method: str
    url: str  # formatted with d=district slug, c=change id
    allowed: frozenset[str]
    ok: int
    api: bool = False
    data: Callable[[], dict[str, Any]] | None = None


CASES = [
    Case("change list", "staff-catalog-changes", "get", "/manage/{d}/catalogue-changes/", ALL, 200),
    Case("change answer", "staff-catalog-change-answer", "post", "/manage/{d}/catalogue-changes/{c}/answer/",
         EDITORS, 302, data=lambda: {"answer": "refuse", "reason": "matrix"}),
    Case("api changes", "catalog-change-list", "get", "/api/v1/districts/{d}/catalogue-changes/", ALL, 200, True),
    Case("api change", "catalog-change-detail", "get", "/api/v1/districts/{d}/catalogue-changes/{c}/", ALL, 200,
         True),
    Case("api accept", "catalog-change-accept", "post", "/api/v1/districts/{d}/catalogue-changes/{c}/accept/",
         EDITORS, 200, True, lambda: {}),
    Case("api refuse", "catalog-change-refuse", "post", "/api/v1/districts/{d}/catalogue-changes/{c}/refuse/",
         EDITORS, 200, True, lambda: {"reason": "matrix"}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def _state() -> tuple[Any, ...]:
    return (
        list(CatalogChange.objects.order_by("pk").values_list("status", flat=True)),
        list(CatalogChangeAnswer.objects.order_by("pk").values_list("accepted", "reason")),
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, tenant: Any, other_tenant: Any, catalog_item: Any, client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    # The other district proposes a change to a resource the tenant's registry shows.
    change = services.update_resource(
        other_tenant.district,
        catalog_item,
        actor=other_tenant.user("admin"),
        data={"url": "https://m.example/"},
    )
    assert isinstance(change, CatalogChange)
    url = case.url.format(d=tenant.district.slug, c=change.pk)
    assert_route(url, case.route)
    user = matrix_user(who, tenant, other_tenant)
    client = api_as(user) if case.api else client_as(user)
    kwargs: dict[str, Any] = {}
    if case.data:
        kwargs["data"] = case.data()
        if case.api:
            kwargs["format"] = "json"
    before = _state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = getattr(client, case.method)(url, **kwargs)
    expected = case.ok if who in case.allowed else denied_status(who, api=case.api)
    assert response.status_code == expected, (case.label, who, getattr(response, "content", b"")[:300])
    if who not in case.allowed:
        assert _state() == before, "a denied request changed something"
        assert_nothing_written(writes)
    elif case.method != "get":
        assert writes.audit_events > 0, "an allowed answer must leave an audit event"
        assert _state()[1] != before[1], "an allowed answer is recorded"
