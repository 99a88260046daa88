"""Authorization matrix for the "Reviews due" agenda and the review settings (issue 9, item 13).

Every role of the district, another district's admin and anonymous try each route. A denied attempt
writes nothing: no schedule change, no audit event, no outbox row, no mail (on-commit callbacks
captured and run). `ROUTES` names the routes covered, for tests/test_route_coverage.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.catalog.models import ReviewSchedule

pytestmark = pytest.mark.django_db

MEMBERS = ["admin", "technology_director", "reviewer", "staff", "auditor"]
DECIDERS = frozenset({"admin", "technology_director", "reviewer"})
WHO = [*MEMBERS, "outsider", "anonymous"]


@dataclass(frozen=True)
class Case:
    label: str
    route: str
    method: str
    url: str  # formatted with d=district slug
    allowed: frozenset[str]
    ok: int
    data: Callable[[], dict[str, Any]] | None = None


CASES = [
    Case("reviews due agenda", "staff-reviews-due", "get", "/manage/{d}/reviews-due/", DECIDERS, 200),
    Case("review settings", "district-settings", "post", "/manage/{d}/settings/", frozenset({"admin"}), 302,
         lambda: {"form": "reviews", "interval_days": "200", "meeting_dates": "2027-01-12"}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def _state() -> list[Any]:
    return list(
        ReviewSchedule.objects.order_by("pk").values_list("district_id", "interval_days", "meeting_dates")
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, tenant: Any, other_tenant: Any, catalog_item: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    url = case.url.format(d=tenant.district.slug)
    assert_route(url, case.route)
    client = client_as(matrix_user(who, tenant, other_tenant))
    before = _state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = getattr(client, case.method)(url, **({"data": case.data()} if case.data else {}))
    expected = case.ok if who in case.allowed else denied_status(who, api=False)
    assert response.status_code == expected, (case.label, who, response.content[:300])
    if who not in case.allowed:
        assert _state() == before, "a denied request changed something"
        assert_nothing_written(writes)
    elif case.method == "get":
        # catalog_item is approved: its review-by day is a year away, so the agenda says when it is due.
        assert "Approvals due for review" in response.content.decode()
    else:
        assert writes.audit_events == 1
        assert _state() == [(tenant.district.pk, 200, ["2027-01-12"])]
