"""Who may open each notices staff page (issue 11, items 3 and 6): every role, another district's
admin and nobody, on every route; a denied request changes nothing and sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.notices.models import Notice, NoticeTemplate
from vetted.rosters.models import Person

pytestmark = pytest.mark.django_db
ADMINS = frozenset({"admin"})
READERS = frozenset({"admin", "technology_director", "reviewer", "auditor"})


@dataclass
class World:
    slug: str
    draft: Notice
    agreement_id: int
    resource_id: int
    kemi: Person


@pytest.fixture
def world(roster: Any, needs_permission: Any, executed_agreement: Any) -> World:
    draft = Notice.objects.create(district=roster.district, kind="permission_request", resource=needs_permission,
                                  title="Quillstone Reader", description="Reading.", purpose="Practice.")  # fmt: skip
    NoticeTemplate.objects.create(district=roster.district, kind="breach", language="vi",
                                  subject="Vi {{district}}", body="Vi body {{link}}\n")  # fmt: skip
    kemi = Person.objects.get(district=roster.district, email="kemi.okafor@family.example")
    return World(roster.district.slug, draft, executed_agreement.pk, needs_permission.pk, kemi)


@dataclass(frozen=True)
class Case:
    label: str
    route: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    ok: int
    data: Callable[[World], dict[str, Any]] | None = None


def _base(w: World) -> str:
    return f"/manage/{w.slug}/notices/"


CASES = [
    Case("list", "staff-notices", "get", _base, READERS, 200),
    Case("new page", "staff-notice-new", "get", lambda w: _base(w) + "new/", ADMINS, 200),
    Case("start a notice", "staff-notice-new", "post", lambda w: _base(w) + "new/", ADMINS, 302,
         lambda w: {"kind": "contract_executed", "agreement": w.agreement_id}),
    Case("detail", "staff-notice", "get", lambda w: _base(w) + f"{w.draft.pk}/", READERS, 200),
    Case("edit page", "staff-notice-edit", "get", lambda w: _base(w) + f"{w.draft.pk}/edit/", ADMINS, 200),
    Case("edit", "staff-notice-edit", "post", lambda w: _base(w) + f"{w.draft.pk}/edit/", ADMINS, 302,
         lambda w: {"title": "Changed", "description": "d", "purpose": "p", "post_publicly": "on"}),
    Case("preview", "staff-notice-preview", "get", lambda w: _base(w) + f"{w.draft.pk}/preview/", READERS, 200),
    Case("send", "staff-notice-send", "post", lambda w: _base(w) + f"{w.draft.pk}/send/", ADMINS, 302,
         lambda w: {"confirm": "on"}),
    Case("templates", "staff-notice-templates", "get", lambda w: _base(w) + "templates/", ADMINS, 200),
    Case("add a language", "staff-notice-language-add", "post", lambda w: _base(w) + "templates/add-language/",
         ADMINS, 302, lambda w: {"code": "ht"}),
    Case("template page", "staff-notice-template", "get",
         lambda w: _base(w) + "templates/contract_executed/es/", ADMINS, 200),
    Case("save a template", "staff-notice-template", "post",
         lambda w: _base(w) + "templates/contract_executed/es/", ADMINS, 302,
         lambda w: {"subject": "Aviso {{title}}", "body": "Texto {{link}}"}),
    Case("reset a template", "staff-notice-template-reset", "post",
         lambda w: _base(w) + "templates/breach/vi/reset/", ADMINS, 302),
    Case("languages page", "staff-notice-languages", "get", lambda w: _base(w) + "languages/", ADMINS, 200),
    Case("record a language", "staff-notice-languages", "post", lambda w: _base(w) + "languages/", ADMINS, 302,
         lambda w: {"person": w.kemi.pk, "language": "vi"}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def _state(w: World) -> tuple[Any, ...]:
    w.draft.refresh_from_db()
    w.kemi.refresh_from_db()
    return (Notice.objects.count(), w.draft.status, w.draft.title, w.kemi.language,
            sorted(NoticeTemplate.objects.values_list("kind", "language", "subject")))  # fmt: skip


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, world: World, roster: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    url = case.url(world)
    assert_route(url, case.route)
    before = _state(world)
    client = client_as(matrix_user(who, roster, other_tenant))
    with recording(django_capture_on_commit_callbacks) as writes:
        response = getattr(client, case.method)(url, **({"data": case.data(world)} if case.data else {}))
    if who in case.allowed:
        assert response.status_code == case.ok, response.content[:400]
        if case.method == "post":
            assert _state(world) != before or case.route == "staff-notice-language-add"
        return
    assert response.status_code == denied_status(who, api=False), (who, response.status_code)
    assert _state(world) == before
    assert_nothing_written(writes)
