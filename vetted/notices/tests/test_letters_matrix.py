"""Authorization matrix for the printed letters' pages: admins only; every other role, another
district's admin and anonymous are turned away (404 inside the district: the letters name students)
and nothing is written. Plus an admin of one district naming another district's notice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import ADMINS, Case, assert_nothing_written, recording, run_case
from vetted.documents import storage
from vetted.notices.models import LetterFile, Notice
from vetted.notices.services.send import send_notice
from vetted.rosters.models import Person

pytestmark = pytest.mark.django_db
MEMBERS_404 = {"technology_director": 404, "reviewer": 404, "staff": 404, "auditor": 404}


@dataclass
class World:
    slug: str
    notice: Notice


@pytest.fixture
def world(roster: Any, needs_permission: Any) -> World:
    Person.objects.filter(given_name__in=["Ruth", "Anya"]).update(email="")
    notice = Notice.objects.create(district=roster.district, kind="permission_request", resource=needs_permission,
                                   title="Quillstone Reader")  # fmt: skip
    send_notice(notice, actor=roster.user("admin"))
    stored = storage.store("letters", b"%PDF-1.4\n% letters printed earlier\n", suffix="pdf")
    LetterFile.objects.create(district=roster.district, notice=notice, status="done", letters=2, pages=3,
                              stored_path=stored.relative_path, sha256=stored.sha256, size=stored.size,
                              requested_at="2026-12-01T12:00Z", finished_at="2026-12-01T12:01Z")  # fmt: skip
    return World(roster.district.slug, notice)


def _url(w: World, suffix: str = "") -> str:
    return f"/manage/{w.slug}/notices/{w.notice.pk}/letters/{suffix}"


CASES = [
    Case("page: letters", "notice-letters", False, "get", lambda w: _url(w), ADMINS, 200, denied=MEMBERS_404),
    Case("print the letters", "notice-letters-print", False, "post", lambda w: _url(w, "print/"), ADMINS, 302,
         denied=MEMBERS_404),
    Case("download the letters", "notice-letters-download", False, "get", lambda w: _url(w, "download/"),
         ADMINS, 200, denied=MEMBERS_404),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


def _state() -> Any:
    return sorted(LetterFile.objects.values_list("pk", "status", "stored_path", "requested_at"))


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_matrix(
    case: Case, who: str, world: World, roster: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, roster, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, _state)


@pytest.mark.parametrize("suffix", ["", "print/", "download/"])
def test_another_districts_notice_under_ones_own_district_is_not_found(
    suffix: str, world: World, other_tenant: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(other_tenant.user("admin"))
    before = _state()
    url = f"/manage/{other_tenant.district.slug}/notices/{world.notice.pk}/letters/{suffix}"
    with recording(django_capture_on_commit_callbacks) as writes:
        response = client.post(url) if suffix == "print/" else client.get(url)
    assert response.status_code == 404 and _state() == before
    assert_nothing_written(writes)
