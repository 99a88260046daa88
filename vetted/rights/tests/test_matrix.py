"""Authorization matrix for the family portal (/d/<d>/family/).

A staff account gives no power here: the family session (identity.SESSION_KEY) is the only
authority, and it names one person of one district. Who tries each route: anonymous, every staff
role of the district and another district's admin (no family session: sent to the family sign-in),
Kemi (Ben's guardian: allowed), Ruth (Anya's parent: Ben is not hers, 404) and a guardian of another
district (its session is for its own district: sent to this district's sign-in). A denied request
writes nothing: no audit event, no outbox row, no Consent or DirectoryOptOut row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.notices.models import Consent
from vetted.notices.tests.consent_world import World, sent_request
from vetted.rights.models import DirectoryOptOut
from vetted.rights.tests.helpers import as_family, other_family

pytestmark = pytest.mark.django_db

FAMILY = ("kemi", "ruth", "other-family")
WHO = [*MATRIX_WHO, *FAMILY]


@dataclass(frozen=True)
class FamilyCase:
    label: str
    route: str
    method: str
    url: Callable[[World], str]
    ok: int  # Kemi's status
    data: Callable[[World], dict[str, Any]] | None = None
    changes: bool = False  # Kemi's request adds a row


def _ben(w: World) -> int:
    return w.student("s-2").pk


CASES = [
    FamilyCase("the family's page", "family-home", "get", lambda w: f"/d/{w.slug}/family/", 200),
    FamilyCase("a child's page", "family-child", "get", lambda w: f"/d/{w.slug}/family/children/{_ben(w)}/", 200),
    FamilyCase("change a permission", "family-permission", "post",
               lambda w: f"/d/{w.slug}/family/children/{_ben(w)}/permission/", 302,
               data=lambda w: {"notice": w.notice.pk, "decision": "consent"}, changes=True),
    FamilyCase("opt out of directory information", "family-directory", "post",
               lambda w: f"/d/{w.slug}/family/children/{_ben(w)}/directory/", 302,
               data=lambda w: {"opted_out": "yes"}, changes=True),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def _state() -> tuple[int, int]:
    return Consent.objects.count(), DirectoryOptOut.objects.count()


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_family_matrix(
    case: FamilyCase, who: str, roster: Any, needs_permission: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    world = sent_request(roster, needs_permission)
    url = case.url(world)
    assert_route(url, case.route)
    if who in FAMILY:
        client = client_as(None)
        person = {
            "kemi": lambda: world.student("g-2"), "ruth": lambda: world.student("g-1"),
            "other-family": lambda: other_family(other_tenant),
        }[who]()  # fmt: skip
        as_family(client, person)
    else:
        client = client_as(matrix_user(who, roster, other_tenant))
    before = _state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = (
            client.get(url)
            if case.method == "get"
            else client.post(url, case.data(world) if case.data else {})
        )
    if who == "kemi":
        assert response.status_code == case.ok, response.content[:300]
        assert writes.audit_events == 1  # the read or the change, recorded
        assert (_state() != before) is case.changes
        return
    if who == "ruth":
        assert response.status_code == (200 if case.route == "family-home" else 404)
        if case.route == "family-home":
            assert b"Ben" not in response.content
            return
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/d/{world.slug}/family/sign-in/"
    assert _state() == before
    assert_nothing_written(writes)
