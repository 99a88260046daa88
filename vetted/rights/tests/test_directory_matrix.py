"""Every directory-information staff route, tried by each role, another district's admin and nobody
(tests/matrix.py). Admins (the privacy officer) log, decide, read the file and keep the settings; the
technology director and the auditor read the requests; staff and reviewers get 403; another
district's admin 404; a denied request changes and writes nothing. Families reach directory
information only through the portal (vetted.rights.tests.test_matrix)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import Case, run_case
from vetted.rights.models import DirectoryDisclosure, DirectoryRequest, DirectorySettings

from .directory_world import disclose, log, notice_given

pytestmark = pytest.mark.django_db
ADMINS = frozenset({"admin"})
READERS = frozenset({"admin", "technology_director", "auditor"})


@dataclass
class World:
    slug: str
    open: DirectoryRequest
    disclosed: DirectoryRequest

    def url(self, suffix: str = "") -> str:
        return f"/manage/{self.slug}/directory/requests/{suffix}"


@pytest.fixture
def world(roster: Any) -> World:
    notice_given(roster)
    return World(roster.district.slug, log(roster), disclose(roster, log(roster)))


NEW = {"requester_name": "Rowan Pike", "requester_contact": "rowan.pike@soccer.example", "purpose": "Team rosters.",
       "items": ["name"], "grades": ["4"], "received_on": "2026-12-01"}  # fmt: skip
DECIDE = {"serves_school_purpose": "no", "school_purpose_reason": "A sale.", "decision": "refuse",
          "refusal_reason": "Marketing is not a school purpose."}  # fmt: skip

CASES = [
    Case("list", "staff-directory-requests", False, "get", lambda w: w.url(), READERS, 200),
    Case("list, filtered", "staff-directory-requests", False, "get", lambda w: w.url() + "?status=disclosed&q=pike",
         READERS, 200),
    Case("new form", "staff-directory-request-new", False, "get", lambda w: w.url("new/"), ADMINS, 200),
    Case("log", "staff-directory-request-new", False, "post", lambda w: w.url("new/"), ADMINS, 302, lambda w: NEW),
    Case("detail", "staff-directory-request", False, "get", lambda w: w.url(f"{w.disclosed.pk}/"), READERS, 200),
    Case("decide", "staff-directory-request-decide", False, "post", lambda w: w.url(f"{w.open.pk}/decide/"),
         ADMINS, 302, lambda w: DECIDE),
    Case("disclosure file", "staff-directory-request-csv", False, "get",
         lambda w: w.url(f"{w.disclosed.pk}/disclosure.csv"), ADMINS, 200),
    Case("settings", "staff-directory-settings", False, "get", lambda w: f"/manage/{w.slug}/directory/settings/",
         ADMINS, 200),
    Case("save settings", "staff-directory-settings", False, "post",
         lambda w: f"/manage/{w.slug}/directory/settings/", ADMINS, 302,
         lambda w: {"items": ["name", "photo"], "notice_given_on": "2026-08-21", "notice_where": "Web site"}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def state() -> Any:
    return (
        sorted(DirectoryRequest.objects.values_list("pk", "status", "refusal_reason", "decided_at")),
        DirectoryDisclosure.objects.count(),
        sorted(DirectorySettings.objects.values_list("pk", "items", "notice_given_on", "notice_where")),
    )


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    if case.label == "disclosure file" and who in case.allowed:
        response = client.get(case.url(world))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).decode().count("\n") == 4  # header + 3 students
    run_case(case, who, client, world, django_capture_on_commit_callbacks, state)


def test_another_districts_request_is_not_found_by_its_own_district(
    world: World, other_tenant: Any, client_as: Any
) -> None:
    """An admin of another district cannot reach this district's request through their own slug."""
    client = client_as(other_tenant.user("admin"))
    other = f"/manage/{other_tenant.district.slug}/directory/requests/{world.disclosed.pk}/"
    assert client.get(other).status_code == 404
    assert client.get(other + "disclosure.csv").status_code == 404
    assert client.post(f"/manage/{other_tenant.district.slug}/directory/requests/{world.open.pk}/decide/",
                       DECIDE).status_code == 404  # fmt: skip
