"""Authorization matrix for the consent routes (issue 11, items 2 and 4).

Staff pages: every role, another district's admin, an anonymous visitor and a staff member who
teaches class cl-4a in the roster. The class page is for its teacher and the district's admins only;
anyone else gets 404 (whether a class exists is roster data). Reply slips: admins only.

Family pages: no account; the signed link is the authority. Each link state is a row: only a valid,
unused link of this district shows the form or records, and a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import EVERYONE, Case, assert_nothing_written, assert_route, recording, run_case
from vetted.notices import consent, links
from vetted.notices.models import Consent, ConsentReceipt
from vetted.notices.services import consent as services

from .consent_world import KEMI, RUTH, World, answer_data, sent_request, teacher_user

pytestmark = pytest.mark.django_db

WHO = [*MATRIX_WHO, "teacher"]
NOT_TEACHING = {"technology_director": 404, "reviewer": 404, "staff": 404, "auditor": 404}


def _paper(w: World) -> dict[str, Any]:
    return {"student": w.student("s-3").pk, "decision": "consent", "typed_name": "Dana Varga",
            "relationship": "parent", "language": "en"}  # fmt: skip


STAFF_CASES = [
    Case("my classes", "teacher-classes", False, "get", lambda w: f"/manage/{w.slug}/classes/",
         EVERYONE | {"teacher"}, 200),
    Case("a class's permissions", "teacher-class", False, "get", lambda w: w.class_url("cl-4a"),
         frozenset({"admin", "teacher"}), 200, denied=NOT_TEACHING),
    Case("another class's permissions", "teacher-class", False, "get", lambda w: w.class_url("cl-7b"),
         frozenset({"admin"}), 200, denied={**NOT_TEACHING, "teacher": 404}),
    Case("reply slip form", "notice-paper-answer", False, "get", lambda w: w.paper_url(), frozenset({"admin"}), 200),
    Case("record a reply slip", "notice-paper-answer", False, "post", lambda w: w.paper_url(),
         frozenset({"admin"}), 302, data=_paper),
]  # fmt: skip


@pytest.fixture
def world(roster: Any, needs_permission: Any) -> World:
    return sent_request(roster, needs_permission)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", STAFF_CASES, ids=lambda c: c.label)
def test_staff_matrix(
    case: Case, who: str, world: World, other_tenant: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:  # fmt: skip
    user = teacher_user(world.tenant) if who == "teacher" else matrix_user(who, world.tenant, other_tenant)
    client = client_as(user)
    run_case(case, who, client, world, django_capture_on_commit_callbacks, lambda: Consent.objects.count())


# --- the family's links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkCase:
    label: str
    route: str
    method: str
    url: Callable[[World, Any], str]  # (world, other_tenant) -> url
    status: int
    records: bool = False  # an accepted POST writes an answer or a withdrawal
    travel_days: int = 0
    data: Callable[[World], dict[str, Any]] | None = None


def _ben_yes(w: World) -> dict[str, Any]:
    return answer_data({w.student("s-2"): "consent"})


def _answer(w: World, slug: str | None = None) -> str:
    return w.answer_url(KEMI, slug=slug)


def _used(w: World, o: Any) -> str:
    r = w.recipient(KEMI)
    services.record_answer(r, decisions={w.student("s-2").pk: "decline"}, typed_name="Kemi Okafor",
                           relationship="guardian", client_ip=None)  # fmt: skip
    return _answer(w)


def _receipt(w: World) -> ConsentReceipt:
    r = w.recipient(KEMI)
    services.record_answer(r, decisions={w.student("s-2").pk: "consent"}, typed_name="Kemi Okafor",
                           relationship="guardian", client_ip=None)  # fmt: skip
    return ConsentReceipt.objects.get(recipient=r)


def _withdraw(w: World, o: Any, *, slug: str | None = None, used: bool = False) -> str:
    receipt = _receipt(w)
    if used:
        services.withdraw(receipt, client_ip=None)
    token = consent.make_withdraw_token(receipt.pk, receipt.nonce)
    return f"/d/{slug or w.slug}/notices/withdraw/{token}/"


def _forged_withdraw(w: World, o: Any) -> str:
    receipt = _receipt(w)
    return f"/d/{w.slug}/notices/withdraw/{consent.make_withdraw_token(receipt.pk, '0' * 32)}/"


LINK_CASES = [
    LinkCase("answer: valid link, the form", "notice-answer", "get", lambda w, o: _answer(w), 200),
    LinkCase("answer: valid link, an answer", "notice-answer", "post", lambda w, o: _answer(w), 200, True,
             data=_ben_yes),
    LinkCase("answer: forged", "notice-answer", "post",
             lambda w, o: f"/d/{w.slug}/notices/answer/{links.make_token(w.recipient(KEMI).pk, 'f' * 32)}/", 404,
             data=_ben_yes),
    LinkCase("answer: expired", "notice-answer", "post", lambda w, o: _answer(w), 410, travel_days=61,
             data=_ben_yes),
    LinkCase("answer: reused", "notice-answer", "post", _used, 410, data=_ben_yes),
    LinkCase("answer: another district", "notice-answer", "post", lambda w, o: _answer(w, o.district.slug), 404,
             data=_ben_yes),
    LinkCase("answer: another family's child", "notice-answer", "post", lambda w, o: w.answer_url(RUTH), 400,
             data=_ben_yes),
    LinkCase("withdraw: valid link, the page", "notice-withdraw", "get", _withdraw, 200),
    LinkCase("withdraw: valid link, confirmed", "notice-withdraw", "post", _withdraw, 200, True),
    LinkCase("withdraw: forged", "notice-withdraw", "post", _forged_withdraw, 404),
    LinkCase("withdraw: expired", "notice-withdraw", "post", _withdraw, 410, travel_days=366),
    LinkCase("withdraw: reused", "notice-withdraw", "post", lambda w, o: _withdraw(w, o, used=True), 410),
    LinkCase("withdraw: another district", "notice-withdraw", "post",
             lambda w, o: _withdraw(w, o, slug=o.district.slug), 404),
    LinkCase("withdraw: an answer link", "notice-withdraw", "post",
             lambda w, o: f"/d/{w.slug}/notices/withdraw/{w.token(KEMI)}/", 404),
]  # fmt: skip
ROUTES = {case.route for case in STAFF_CASES} | {case.route for case in LINK_CASES}


@pytest.mark.parametrize("signed_in", [False, True], ids=["family", "another-districts-admin"])
@pytest.mark.parametrize("case", LINK_CASES, ids=lambda c: c.label)
def test_link_matrix(
    case: LinkCase, signed_in: bool, world: World, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """Being signed in (even as another district's admin) gives a link no more power."""
    url = case.url(world, other_tenant)
    assert_route(url, case.route)
    client = client_as(other_tenant.user("admin") if signed_in else None)
    rows = Consent.objects.count()
    later = timezone.now() + dt.timedelta(days=case.travel_days)
    with time_machine.travel(later), recording(django_capture_on_commit_callbacks) as writes:
        if case.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, case.data(world) if case.data else {})
    assert response.status_code == case.status, (case.label, response.status_code)
    if case.records:
        assert writes.audit_events == 1 and Consent.objects.count() > rows
    else:
        assert_nothing_written(writes)
        assert Consent.objects.count() == rows
