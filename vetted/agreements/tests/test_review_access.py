"""Authorization matrix for the review pages and endpoints: every role, another district's admin and
anonymous. A denied case also asserts that nothing changed: reviews, checklist, audit trail, dates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, assert_denied, matrix_user
from vetted.agreements.models import Agreement, ProvisionCheck
from vetted.agreements.models.review import DocumentReview
from vetted.audit.models import AuditEvent

from .review_worlds import World

pytestmark = pytest.mark.django_db

EVERYONE = {"admin", "technology_director", "reviewer", "staff", "auditor"}
EDITORS = {"admin", "technology_director"}
ADMINS = {"admin"}
WHO = MATRIX_WHO


@dataclass
class Case:
    label: str
    api: bool
    method: str
    url: Callable[[World], str]
    allowed: set[str]
    ok: int
    data: Callable[[World], dict[str, Any]] | None = None


def _page(w: World, suffix: str) -> str:
    return f"/manage/{w.slug}/agreements/{w.agreement.pk}/{suffix}"


def _api(w: World, suffix: str) -> str:
    return f"/api/v1/districts/{w.slug}/agreements/{w.agreement.pk}/{suffix}"


def _override(prefix: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {f"{prefix}status": "missing", f"{prefix}reason": "Only covers outages."}


CASES = [
    Case("page: review", False, "get", lambda w: _page(w, f"documents/{w.doc.pk}/review/"), EVERYONE, 200),
    Case("page: re-run", False, "post", lambda w: _page(w, f"documents/{w.doc.pk}/review/rerun/"), ADMINS, 302),
    Case("page: accept", False, "post", lambda w: _page(w, f"checklist/{w.check.pk}/accept/"), EDITORS, 302),
    Case("page: override form", False, "get", lambda w: _page(w, f"checklist/{w.check.pk}/override/"),
         EDITORS, 200),
    Case("page: override", False, "post", lambda w: _page(w, f"checklist/{w.check.pk}/override/"), EDITORS,
         302, lambda w: _override(f"o{w.check.pk}-")(w)),
    Case("page: amendment request", False, "post", lambda w: _page(w, "amendment-request/"), EDITORS, 200,
         lambda w: {"format": "docx"}),
    Case("api: review", True, "get", lambda w: _api(w, f"documents/{w.doc.pk}/review/"), EVERYONE, 200),
    Case("api: re-run", True, "post", lambda w: _api(w, f"documents/{w.doc.pk}/review/rerun/"), ADMINS, 202),
    Case("api: accept", True, "post", lambda w: _api(w, f"checklist/{w.check.pk}/accept/"), EDITORS, 200),
    Case("api: override", True, "post", lambda w: _api(w, f"checklist/{w.check.pk}/override/"), EDITORS, 200,
         _override("")),
    Case("api: amendment request", True, "get", lambda w: _api(w, "amendment-request/?format=pdf"), EDITORS,
         200),
]  # fmt: skip


def _state() -> tuple[Any, ...]:
    return (
        sorted(DocumentReview.objects.values_list("pk", "status", "claim")),
        sorted(ProvisionCheck.objects.values_list("pk", "status", "source", "note")),
        AuditEvent.objects.count(),
        sorted(Agreement.objects.values_list("pk", "amendment_requested_on")),
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, world: World, ct: Any, other_tenant: Any, client_as: Any, api_as: Any
) -> None:
    user = matrix_user(who, ct, other_tenant)
    client = api_as(user) if case.api else client_as(user)
    data = case.data(world) if case.data else {}
    url = case.url(world)
    before = _state()
    if case.method == "get":
        response = client.get(url)
    elif case.api:
        response = client.post(url, data, format="json")
    else:
        response = client.post(url, data)
    if who in case.allowed:
        assert response.status_code == case.ok, (response.status_code, response.content[:300])
        return
    assert_denied(response, who, api=case.api)
    assert _state() == before
