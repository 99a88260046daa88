"""Authorization matrix: every role, another district's admin and anonymous, on pages and API.

A denied case also asserts that nothing changed: rows, statuses, audit trail, documents, mail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, assert_denied, matrix_user
from vetted.agreements.models import Agreement, AgreementDocument
from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.clocks.selectors import about

from .files import pdf_bytes

pytestmark = pytest.mark.django_db

EVERYONE = {"admin", "technology_director", "reviewer", "staff", "auditor"}
EDITORS = {"admin", "technology_director"}
MANAGERS = {"admin"}
WHO = MATRIX_WHO


@dataclass
class Case:
    label: str
    api: bool
    method: str
    url: Callable[[Any], str]  # world -> url
    allowed: set[str]
    ok: int
    data: Callable[[Any], dict[str, Any]] | None = None
    fmt: str = "json"


def _agr(w: Any, suffix: str = "") -> str:
    return f"/manage/{w.slug}/agreements/{w.draft.pk}/{suffix}"


def _api(w: Any, suffix: str = "") -> str:
    return f"/api/v1/districts/{w.slug}/{suffix}"


CASES = [
    Case("page: agreement list", False, "get", lambda w: f"/manage/{w.slug}/agreements/", EVERYONE, 200),
    Case("page: agreement detail", False, "get", lambda w: _agr(w), EVERYONE, 200),
    Case("page: obligations", False, "get", lambda w: f"/manage/{w.slug}/obligations/", EVERYONE, 200),
    Case("page: document", False, "get", lambda w: _agr(w, f"documents/{w.doc.pk}/"), EVERYONE, 200),
    Case("page: create agreement", False, "post", lambda w: f"/manage/{w.slug}/agreements/new/", EDITORS, 302,
         lambda w: {"vendor": w.vendor.pk, "title": "New DPA", "kind": "vendor", "public": "on"}),
    Case("page: send to vendor", False, "post", lambda w: _agr(w, "transition/send/"), EDITORS, 302),
    Case("page: upload", False, "post", lambda w: _agr(w, "documents/"), EDITORS, 302,
         lambda w: {"file": SimpleUploadedFile("b.pdf", pdf_bytes())}),
    Case("page: close obligation", False, "post",
         lambda w: f"/manage/{w.slug}/obligations/{w.obligation.pk}/close/", MANAGERS, 302,
         lambda w: {"status": "done"}),
    Case("api: list agreements", True, "get", lambda w: _api(w, "agreements/"), EVERYONE, 200),
    Case("api: list obligations", True, "get", lambda w: _api(w, "obligations/"), EVERYONE, 200),
    Case("api: create agreement", True, "post", lambda w: _api(w, "agreements/"), EDITORS, 201,
         lambda w: {"vendor": w.vendor.pk, "title": "API DPA", "kind": "standard"}),
    Case("api: transition", True, "post", lambda w: _api(w, f"agreements/{w.draft.pk}/transition/"), EDITORS, 200,
         lambda w: {"action": "send"}),
    Case("api: mark check", True, "patch",
         lambda w: _api(w, f"agreements/{w.draft.pk}/checklist/{w.draft.checks.first().pk}/"), EDITORS, 200,
         lambda w: {"status": "missing"}),
    Case("api: close obligation", True, "post", lambda w: _api(w, f"obligations/{w.obligation.pk}/close/"),
         MANAGERS, 200, lambda w: {"status": "waived", "reason": "Done on paper"}),
]  # fmt: skip


@dataclass
class World:
    slug: str
    draft: Agreement
    vendor: Any
    doc: AgreementDocument
    obligation: Obligation


@pytest.fixture
def world(executed: Agreement, draft: Agreement, ct: Any, catalog_item: Any) -> World:
    from vetted.agreements.services import agreements as svc
    from vetted.agreements.services.documents import add_document

    second = svc.create_agreement(ct.district, actor=ct.user("admin"), vendor=catalog_item.vendor,
                                  data={"title": "Second draft", "kind": "vendor"})  # fmt: skip
    doc = add_document(second, SimpleUploadedFile("a.pdf", pdf_bytes()), actor=ct.user("admin"))
    obligation = about(executed).first()
    assert obligation is not None
    return World(ct.district.slug, second, catalog_item.vendor, doc, obligation)


def _state() -> tuple[Any, ...]:
    return (
        sorted(Agreement.objects.values_list("pk", "status")),
        AuditEvent.objects.count(),
        sorted(Obligation.objects.values_list("pk", "status")),
        AgreementDocument.objects.count(),
        sorted(Agreement.objects.values_list("checks__pk", "checks__status")),
        len(mail.outbox),
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, world: World, ct: Any, other_tenant: Any, client_as: Any, api_as: Any
) -> None:
    user = matrix_user(who, ct, other_tenant)
    client = api_as(user) if case.api else client_as(user)
    data = case.data(world) if case.data else None
    url = case.url(world)
    before = _state()
    if case.method == "get":
        response = client.get(url)
    elif case.api:
        response = getattr(client, case.method)(url, data or {}, format="json")
    else:
        response = client.post(url, data or {})
    if who in case.allowed:
        assert response.status_code == case.ok, (response.status_code, response.content[:300])
        return
    assert_denied(response, who, api=case.api)
    assert _state() == before
