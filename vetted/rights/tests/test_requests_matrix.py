"""Authorization matrix for rights requests: every staff route tried by each role, another district's
admin and nobody (tests/matrix.py): admins (the privacy officer) act, the auditor reads, other roles
get 403, outsiders 404, anonymous the sign-in; a denied request changes and writes nothing. Every
family route tried by Kemi (Ben's guardian: allowed), Ruth (not Ben's: 404), another district's
guardian and every staff role (no family session: sent to the family sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import Case, assert_nothing_written, assert_route, recording, run_case
from vetted.rights.identity import FamilyMember
from vetted.rights.models import RequestTask, RightsRequest
from vetted.rights.requests.services import answering, filing, handling
from vetted.rights.tests.helpers import as_family, other_family

from .requests_helpers import World, confirm_code, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]
READERS = frozenset({"admin", "auditor"})
ADMINS = frozenset({"admin"})


@dataclass
class Requests:
    w: World
    identity: RightsRequest  # staff-entered, waiting for identity
    received: RightsRequest
    with_vendors: RightsRequest
    done: RightsRequest  # the vendor answered with a file
    confirming: RightsRequest  # Kemi's, filed in the portal, waiting for its code
    file_task: RequestTask

    @property
    def slug(self) -> str:
        return self.w.slug

    def staff(self, req: RightsRequest, suffix: str = "") -> str:
        return f"/manage/{self.slug}/rights/requests/{req.pk}/{suffix}"


def _entry(w: World, kind: str = "inspect") -> RightsRequest:
    return filing.enter_for_family(w.district, actor=w.admin, data={
        "student": w.ben, "requester": w.kemi, "relationship": "guardian", "kind": kind, "channel": "paper",
        "resources": [w.resource], "export_address": "ben.work@personal.example"})  # fmt: skip


def _received(w: World, kind: str = "inspect") -> RightsRequest:
    return filing.confirm_identity(
        _entry(w, kind), actor=w.admin, method="Checked her photo ID at the office."
    )


@pytest.fixture
def reqs(world: World) -> Requests:
    identity = _entry(world)
    received = _received(world)
    with_vendors = _received(world, "delete")
    handling.send_to_vendors(with_vendors, actor=world.admin)
    done = _received(world, "export")
    (task,) = handling.send_to_vendors(done, actor=world.admin)
    answering.answer(task, outcome="done", upload=SimpleUploadedFile("essays.txt", b"Ben's essays.\n"))
    member = FamilyMember(world.kemi, world.district)
    confirming = filing.file_from_portal(
        member, world.ben, kind="inspect", resources=[world.resource], data={}
    )
    for r in (identity, received, with_vendors, done, confirming):
        r.refresh_from_db()
    task.refresh_from_db()
    return Requests(world, identity, received, with_vendors, done, confirming, task)


def _entry_form(r: Requests) -> dict[str, Any]:
    return {"student": r.w.ben.pk, "requester": r.w.kemi.pk, "relationship": "guardian", "language": "en",
            "channel": "phone", "kind": "delete", "resources": [r.w.resource.pk]}  # fmt: skip


CASES = [
    Case("queue", "staff-rights-requests", False, "get", lambda r: f"/manage/{r.slug}/rights/requests/", READERS, 200),
    Case("queue filtered", "staff-rights-requests", False, "get",
         lambda r: f"/manage/{r.slug}/rights/requests/?status=all&kind=delete", READERS, 200),
    Case("entry form", "staff-rights-request-new", False, "get", lambda r: f"/manage/{r.slug}/rights/requests/new/",
         ADMINS, 200),
    Case("enter", "staff-rights-request-new", False, "post", lambda r: f"/manage/{r.slug}/rights/requests/new/",
         ADMINS, 302, _entry_form),
    Case("detail", "staff-rights-request", False, "get", lambda r: r.staff(r.done), READERS, 200),
    Case("identity", "staff-rights-request-identity", False, "post", lambda r: r.staff(r.identity, "identity/"),
         ADMINS, 302, lambda r: {"method": "Called back on the number the roster has."}),
    Case("send", "staff-rights-request-send", False, "post", lambda r: r.staff(r.received, "send/"), ADMINS, 302),
    Case("extend", "staff-rights-request-extend", False, "post", lambda r: r.staff(r.received, "extend/"), ADMINS,
         302, lambda r: {"new_date": "2027-12-31", "reason": "The vendor must restore an archive first."}),
    Case("refuse", "staff-rights-request-refuse", False, "post", lambda r: r.staff(r.identity, "refuse/"), ADMINS,
         302, lambda r: {"reason": "We could not confirm who asked; please call the office."}),
    Case("close", "staff-rights-request-close", False, "post", lambda r: r.staff(r.with_vendors, "close/"), ADMINS,
         302, lambda r: {"note": "The school printed the records and handed them over."}),
    Case("task file", "staff-rights-task-file", False, "get",
         lambda r: r.staff(r.done, f"tasks/{r.file_task.pk}/file/"), READERS, 200),
]  # fmt: skip


def state() -> Any:
    return (
        sorted(
            RightsRequest.objects.values_list("pk", "status", "due_at", "refusal_reason", "identity_method")
        ),
        sorted(RequestTask.objects.values_list("pk", "status", "revoked_at")),
    )


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_staff_matrix(
    case: Case, who: str, reqs: Requests, other_tenant: Any, client_as: Any, django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, reqs.w.tenant, other_tenant))
    run_case(case, who, client, reqs, django_capture_on_commit_callbacks, state)


# --- the family's routes ------------------------------------------------------------------------

FAMILY = ("kemi", "ruth", "other-family")


@dataclass(frozen=True)
class FamilyCase:
    label: str
    route: str
    method: str
    url: Callable[[Requests], str]
    ok: int
    data: Callable[[Requests], dict[str, Any]] | None = None


def _family(r: Requests, req: RightsRequest, suffix: str = "") -> str:
    return f"/d/{r.slug}/family/children/{req.student_id}/requests/{req.pk}/{suffix}"


FAMILY_CASES = [
    FamilyCase("ask form", "family-request-new", "get",
               lambda r: f"/d/{r.slug}/family/children/{r.w.ben.pk}/requests/new/", 200),
    FamilyCase("ask", "family-request-new", "post",
               lambda r: f"/d/{r.slug}/family/children/{r.w.ben.pk}/requests/new/", 302,
               lambda r: {"kind": "delete", "resources": [r.w.resource.pk]}),
    FamilyCase("confirm form", "family-request-confirm", "get", lambda r: _family(r, r.confirming, "confirm/"), 200),
    FamilyCase("confirm", "family-request-confirm", "post", lambda r: _family(r, r.confirming, "confirm/"), 302,
               lambda r: {"code": confirm_code(r.confirming)}),
    FamilyCase("a request", "family-request", "get", lambda r: _family(r, r.done), 200),
    FamilyCase("a vendor's file", "family-request-file", "get", lambda r: _family(r, r.done, f"files/{r.file_task.pk}/"),
               200),
]  # fmt: skip
ROUTES = {c.route for c in CASES} | {c.route for c in FAMILY_CASES}


@pytest.mark.parametrize("who", [*MATRIX_WHO, *FAMILY])
@pytest.mark.parametrize("case", FAMILY_CASES, ids=lambda c: c.label)
def test_family_matrix(
    case: FamilyCase, who: str, reqs: Requests, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    url = case.url(reqs)
    assert_route(url, case.route)
    data = case.data(reqs) if case.data else {}
    if who in FAMILY:
        client = client_as(None)
        person = {"kemi": lambda: reqs.w.kemi, "ruth": lambda: reqs.w.person("g-1"),
                  "other-family": lambda: other_family(other_tenant)}[who]()  # fmt: skip
        as_family(client, person)
    else:
        client = client_as(matrix_user(who, reqs.w.tenant, other_tenant))
    before = state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = client.get(url) if case.method == "get" else client.post(url, data)
    if who == "kemi":
        assert response.status_code == case.ok, response.content[:300]
        if case.method == "post":
            assert writes.audit_events > 0 and state() != before
        return
    if who == "ruth":
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/d/{reqs.slug}/family/sign-in/"
    assert state() == before
    assert_nothing_written(writes)
