"""Every staff page and endpoint, tried by every role, by another district's admin and by anonymous.

A denied attempt must change nothing: no row, no audit event, no outbox row, no e-mail (on-commit
callbacks captured and run). Each case names the route it covers (tests/test_route_coverage.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.catalog.models import Resource, ResourceDecision, Vendor

pytestmark = pytest.mark.django_db

MEMBERS = ["admin", "technology_director", "reviewer", "staff", "auditor"]
EDITORS = {"admin", "technology_director", "reviewer"}
AUDIT = {"admin", "auditor"}
WHO = [*MEMBERS, "outsider", "anonymous"]


@dataclass(frozen=True)
class Case:
    label: str
    route: str  # the URL name this case covers
    method: str
    url: str  # formatted with d=district slug, r=resource id, v=vendor id
    allowed: frozenset[str]
    ok: int
    api: bool = False
    data: Callable[[Any], dict[str, Any]] | None = None


def _vendor_data(ctx: Any) -> dict[str, Any]:
    return {"legal_name": "Matrix Vendor Co."}


def _resource_data(ctx: Any) -> dict[str, Any]:
    return {"name": "Matrix App", "vendor": ctx["v"]}


def _decision_form(ctx: Any) -> dict[str, Any]:
    return {"status": "not_approved", "reason": "matrix"}


def _decision_api(ctx: Any) -> dict[str, Any]:
    return {"resource": ctx["r"], "status": "not_approved", "reason": "matrix"}


ALL = frozenset(MEMBERS)
CASES = [
    Case("dashboard", "staff-dashboard", "get", "/manage/{d}/", ALL, 200),
    Case("vendor list", "staff-vendors", "get", "/manage/{d}/vendors/", ALL, 200),
    Case("resource list", "staff-resources", "get", "/manage/{d}/resources/", ALL, 200),
    Case("vendor new page", "staff-vendor-new", "get", "/manage/{d}/vendors/new/", frozenset(EDITORS), 200),
    Case("vendor create", "staff-vendor-new", "post", "/manage/{d}/vendors/new/", frozenset(EDITORS), 302, data=_vendor_data),
    Case("vendor edit", "staff-vendor-edit", "post", "/manage/{d}/vendors/{v}/", frozenset(EDITORS), 302, data=_vendor_data),
    Case("resource create", "staff-resource-new", "post", "/manage/{d}/resources/new/", frozenset(EDITORS), 302, data=_resource_data),
    Case("resource edit", "staff-resource-edit", "post", "/manage/{d}/resources/{r}/", frozenset(EDITORS), 302, data=_resource_data),
    Case("decision", "staff-decision", "post", "/manage/{d}/resources/{r}/decision/", frozenset(EDITORS), 302, data=_decision_form),
    Case("audit list", "audit-list", "get", "/manage/{d}/audit/", frozenset(AUDIT), 200),
    Case("audit csv", "audit-csv", "get", "/manage/{d}/audit/export.csv", frozenset(AUDIT), 200),
    Case("api vendors", "vendor-list", "get", "/api/v1/districts/{d}/vendors/", ALL, 200, api=True),
    Case("api vendor create", "vendor-list", "post", "/api/v1/districts/{d}/vendors/", frozenset(EDITORS), 201, True, _vendor_data),
    Case("api vendor patch", "vendor-detail", "patch", "/api/v1/districts/{d}/vendors/{v}/", frozenset(EDITORS), 200, True, _vendor_data),
    Case("api resources", "resource-list", "get", "/api/v1/districts/{d}/resources/", ALL, 200, api=True),
    Case("api resource", "resource-detail", "get", "/api/v1/districts/{d}/resources/{r}/", ALL, 200, api=True),
    Case("api resource patch", "resource-detail", "patch", "/api/v1/districts/{d}/resources/{r}/", frozenset(EDITORS),
         200, True, lambda ctx: {"description": "Changed by the matrix."}),
    Case("api resource create", "resource-list", "post", "/api/v1/districts/{d}/resources/", frozenset(EDITORS), 201, True, _resource_data),
    Case("api decisions", "decision-list", "get", "/api/v1/districts/{d}/decisions/", ALL, 200, api=True),
    Case("api decision", "decision-detail", "get", "/api/v1/districts/{d}/decisions/{r}/", ALL, 200, api=True),
    Case("api decide", "decision-list", "post", "/api/v1/districts/{d}/decisions/", frozenset(EDITORS), 201, True, _decision_api),
    Case("api decision patch", "decision-detail", "patch", "/api/v1/districts/{d}/decisions/{r}/", frozenset(EDITORS), 200, True,
         lambda ctx: {"status": "pending"}),
    Case("api audit", "api-audit-events", "get", "/api/v1/districts/{d}/audit-events/", frozenset(AUDIT), 200, api=True),
]  # fmt: skip


def _state() -> tuple[Any, ...]:
    return (
        list(Vendor.objects.order_by("pk").values_list("legal_name", flat=True)),
        list(Resource.objects.order_by("pk").values_list("name", flat=True)),
        list(Resource.objects.order_by("pk").values_list("description", flat=True)),
        list(ResourceDecision.objects.order_by("pk").values_list("status", "reason")),
    )


ROUTES = {case.route for case in CASES}


def _expected(case: Case, who: str) -> int:
    return case.ok if who in case.allowed else denied_status(who, api=case.api)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, tenant: Any, other_tenant: Any, catalog_item: Any, client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    user = matrix_user(who, tenant, other_tenant)
    ctx = {"d": tenant.district.slug, "r": catalog_item.pk, "v": catalog_item.vendor_id}
    url = case.url.format(**ctx)
    assert_route(url, case.route)
    client = api_as(user) if case.api else client_as(user)
    kwargs: dict[str, Any] = {}
    if case.data:
        kwargs["data"] = case.data(ctx)
        if case.api:
            kwargs["format"] = "json"
    before = _state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = getattr(client, case.method)(url, **kwargs)
    expected = _expected(case, who)
    assert response.status_code == expected, (case.label, who, getattr(response, "content", b"")[:300])
    if expected == 302 and who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if who not in case.allowed:
        assert _state() == before, "a denied request changed something"
        assert_nothing_written(writes)
    elif case.method != "get":
        assert writes.audit_events > 0, "an allowed change must leave an audit event"
