"""Every page and endpoint, tried by each kind of person, inside and outside the district.

A denied case also asserts that nothing changed (state, outcome, votes) and that no audit event,
outbox row or mail was written, with on-commit callbacks captured and run (tests/matrix.py). ROUTES
lists the URL names covered here (tests/test_route_coverage.py); each test checks its URL resolves
to one of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from tests.matrix import assert_nothing_written, recording
from vetted.districts.models import Membership, Role, User
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest

from .factories import COMPLETE, draft, snapshot, submitted

pytestmark = pytest.mark.django_db
ACTORS = ["requester", "other_staff", "reviewer", "director", "admin", "auditor", "outsider", "anonymous"]
VIEWERS = {"requester", "reviewer", "director", "admin", "auditor"}  # of a submitted request


@pytest.fixture
def people(tenant: Any, other_tenant: Any) -> dict[str, Any]:
    other = User.objects.create_user(username="colleague@birchfield.example", email="colleague@birchfield.example",
                                     password="x-long-password", full_name="Colleague")  # fmt: skip
    Membership.objects.create(user=other, district=tenant.district, role=Role.STAFF)
    return {
        "requester": tenant.user("staff"), "other_staff": other, "reviewer": tenant.user("reviewer"),
        "director": tenant.user("technology_director"), "admin": tenant.user("admin"),
        "auditor": tenant.user("auditor"), "outsider": other_tenant.user("admin"), "anonymous": None,
    }  # fmt: skip


def in_review(tenant: Any) -> ResourceRequest:
    return submitted(tenant)


def info_requested(tenant: Any) -> ResourceRequest:
    return services.request_information(
        submitted(tenant), actor=tenant.user("reviewer"), question="Which class?"
    )


def with_terms(tenant: Any) -> ResourceRequest:
    return submitted(tenant, terms_url="https://lanternfish.example/terms")


def a_draft(tenant: Any) -> ResourceRequest:
    return draft(tenant)


@dataclass
class Act:
    name: str
    setup: Callable[[Any], ResourceRequest]
    data: Callable[[Any], dict[str, Any]]
    allowed: set[str]


ACTS = [
    Act("submit", a_draft, lambda p: {}, {"requester"}),
    Act("comment", in_review, lambda p: {"body": "A note."}, {"requester", "reviewer", "director", "admin"}),
    Act("request-info", in_review, lambda p: {"question": "Why?"}, {"reviewer", "director", "admin"}),
    Act("respond", info_requested, lambda p: {"answer": "Because."}, {"requester"}),
    Act("approve-terms", with_terms, lambda p: {"note": "Fine."}, {"director"}),
    Act("refuse-terms", with_terms, lambda p: {"reason": "Sells data."}, {"director"}),
    Act("vote", in_review, lambda p: {"outcome": "approved", "reason": "Good."}, {"reviewer"}),
    Act("withdraw", in_review, lambda p: {"reason": "No longer needed."}, {"requester"}),
    Act("assign", in_review, lambda p: {"reviewer": p["director"].pk}, {"admin"}),
]
CASES = [(act, actor) for act in ACTS for actor in ACTORS]
ATTACHERS = {"requester", "reviewer", "director", "admin"}  # while the request is open
IDS = [f"{act.name}-{actor}" for act, actor in CASES]


def _denied_status(act: Act, actor: str, api: bool) -> int:
    if actor == "anonymous":
        return 401 if api else 302
    visible = {"requester"} if act.setup is a_draft else VIEWERS
    return 403 if actor in visible else 404


# The URL names covered here; every test below checks the URL it tries is one of them.
ROUTES = {
    *(f"request-{act.name}" for act in ACTS), *(f"resource-request-{act.name}" for act in ACTS),
    "requests-mine", "request-new", "request-known", "request-queue", "requests-all", "requests-all-csv",
    "request-policy", "request-detail", "request-edit", "request-attach", "request-attachment",
    "resource-request-list", "resource-request-known", "resource-request-detail", "api-request-documents",
    "request-flag-answer",
}  # fmt: skip


def _check_route(url: str) -> None:
    name = resolve(url.split("?")[0]).url_name
    assert name in ROUTES, f"{url} is route {name!r}, which ROUTES does not list"


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
@pytest.mark.parametrize(("act", "actor"), CASES, ids=IDS)
def test_actions(
    act: Act, actor: str, api: bool, tenant: Any, people: dict[str, Any], client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    req = act.setup(tenant)
    mail.outbox.clear()
    user = people[actor]
    client = api_as(user) if api else client_as(user)  # signing in is an audit event: before the snapshot
    before = snapshot(req)
    if api:
        path = f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/{act.name}/"
    else:
        path = f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/{act.name}/"
    _check_route(path)
    with recording(django_capture_on_commit_callbacks) as writes:
        if api:
            response = client.post(path, act.data(people), format="json")
        else:
            response = client.post(path, act.data(people))
    if actor in act.allowed:
        assert response.status_code == (200 if api else 302), getattr(response, "content", b"")[:500]
        assert snapshot(req) != before
    else:
        assert response.status_code == _denied_status(act, actor, api)
        if actor == "anonymous" and not api:
            assert "/accounts/login/" in response["Location"]
        assert snapshot(req) == before
        assert mail.outbox == []
        assert_nothing_written(writes)


PAGES: list[tuple[str, set[str]]] = [
    ("", {"requester", "other_staff", "reviewer", "director", "admin", "auditor"}),
    ("new/", {"requester", "other_staff", "reviewer", "director", "admin"}),
    ("known/?resource_name=lan", {"requester", "other_staff", "reviewer", "director", "admin"}),
    ("queue/", {"reviewer", "director", "admin"}),
    ("all/", {"admin", "auditor"}),
    ("all.csv", {"admin", "auditor"}),
    ("settings/", {"admin"}),
    ("{pk}/", VIEWERS),
    ("{draft}/", {"requester"}),
    ("{draft}/edit/", {"requester"}),
]
MEMBERS = {"requester", "other_staff", "reviewer", "director", "admin", "auditor"}
PAGE_CASES = [(path, allowed, actor) for path, allowed in PAGES for actor in ACTORS]


@pytest.mark.parametrize(
    ("path", "allowed", "actor"), PAGE_CASES, ids=[f"{p or 'mine'}-{a}" for p, _, a in PAGE_CASES]
)
def test_pages(
    path: str, allowed: set[str], actor: str, tenant: Any, people: dict[str, Any], client_as: Any
) -> None:
    req, own_draft = in_review(tenant), draft(tenant)
    url = f"/manage/{tenant.district.slug}/resource-requests/" + path.format(pk=req.pk, draft=own_draft.pk)
    _check_route(url)
    response = client_as(people[actor]).get(url)
    if actor in allowed:
        assert response.status_code == 200
    elif actor == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif actor in MEMBERS and ("{" not in path or (actor == "auditor" and "edit" in path)):
        assert response.status_code == 403  # the role check comes before the lookup
    else:
        assert response.status_code == 404


API_READS: list[tuple[str, set[str]]] = [
    ("", MEMBERS),
    ("?scope=queue", {"reviewer", "director", "admin"}),
    ("?scope=all", {"admin", "auditor"}),
    ("known/?name=lan", {"requester", "other_staff", "reviewer", "director", "admin"}),
    ("{pk}/", VIEWERS),
    ("{draft}/", {"requester"}),
]
API_CASES = [(path, allowed, actor) for path, allowed in API_READS for actor in ACTORS]


@pytest.mark.parametrize(
    ("path", "allowed", "actor"), API_CASES, ids=[f"{p or 'list'}-{a}" for p, _, a in API_CASES]
)
def test_api_reads(
    path: str, allowed: set[str], actor: str, tenant: Any, people: dict[str, Any], api_as: Any
) -> None:
    req, own_draft = in_review(tenant), draft(tenant)
    url = f"/api/v1/districts/{tenant.district.slug}/resource-requests/" + path.format(
        pk=req.pk, draft=own_draft.pk
    )
    _check_route(url)
    response = api_as(people[actor]).get(url)
    if actor in allowed:
        assert response.status_code == 200
    elif actor == "anonymous":
        assert response.status_code == 401
    elif actor in MEMBERS and "{" not in path:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_api_create_and_update_draft(actor: str, tenant: Any, people: dict[str, Any], api_as: Any) -> None:
    base = f"/api/v1/districts/{tenant.district.slug}/resource-requests/"
    own = draft(tenant)
    created = api_as(people[actor]).post(base, {"resource_name": "Tidepool Maps"}, format="json")
    patched = api_as(people[actor]).patch(f"{base}{own.pk}/", {"resource_name": "Renamed"}, format="json")
    own.refresh_from_db()
    if actor in {"requester", "other_staff", "reviewer", "director", "admin"}:
        assert created.status_code == 201 and created.json()["requester"] == people[actor].email
    else:
        assert created.status_code == {"auditor": 403, "outsider": 404, "anonymous": 401}[actor]
    if actor == "requester":
        assert patched.status_code == 200 and own.resource_name == "Renamed"
    else:
        assert patched.status_code == (401 if actor == "anonymous" else 404)
        assert own.resource_name == COMPLETE["resource_name"]


@pytest.mark.parametrize("actor", ACTORS)
def test_policy_post(actor: str, tenant: Any, people: dict[str, Any], client_as: Any) -> None:
    data = {"quorum": "3", "review_business_days": "5", "reminder_business_days": "1"}
    response = client_as(people[actor]).post(
        f"/manage/{tenant.district.slug}/resource-requests/settings/", data
    )
    from vetted.resource_requests.models import ReviewPolicy

    changed = ReviewPolicy.objects.filter(district=tenant.district, quorum=3).exists()
    assert changed == (actor == "admin")
    if actor != "admin":
        assert response.status_code in (302, 403, 404) and response.status_code == {
            "anonymous": 302, "outsider": 404}.get(actor, 403)  # fmt: skip


def _attachment(tenant: Any, req: ResourceRequest) -> Any:
    from vetted.resource_requests.services.attachments import add_attachment

    upload = SimpleUploadedFile("terms.txt", b"We never sell student data.\n", "text/plain")
    return add_attachment(req, upload, actor=tenant.user("staff"), kind="terms")


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
@pytest.mark.parametrize("actor", ACTORS)
def test_attachments(
    actor: str, api: bool, tenant: Any, people: dict[str, Any], client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    """Reading and adding the vendor's documents of a submitted request."""
    req = in_review(tenant)
    attachment = _attachment(tenant, req)
    user = people[actor]
    if api:
        url = f"/api/v1/districts/{tenant.district.slug}/resource-requests/{req.pk}/documents/"
        read = api_as(user).get(url)
    else:
        url = f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/documents/"
        read = client_as(user).get(f"{url}{attachment.pk}/")
        _check_route(f"{url}{attachment.pk}/")
    _check_route(url)
    count = req.attachments.count()
    upload = SimpleUploadedFile("privacy.txt", b"Our privacy policy.\n", "text/plain")
    client = api_as(user) if api else client_as(user)  # signed in (an audit event) before counting writes
    with recording(django_capture_on_commit_callbacks) as writes:
        if api:
            added = client.post(url, {"file": upload, "kind": "privacy_policy"}, format="multipart")
        else:
            added = client.post(url, {"file": upload, "kind": "privacy_policy"})
    anonymous = 401 if api else 302
    if actor in VIEWERS:
        assert read.status_code == 200
    else:
        assert read.status_code == (anonymous if actor == "anonymous" else 404)
    if actor in ATTACHERS:
        assert added.status_code == (201 if api else 302), getattr(added, "content", b"")[:300]
        assert req.attachments.count() == count + 1
    else:
        # an auditor sees the request but may not add to it: 404 (adding is not offered to them)
        assert added.status_code == (anonymous if actor == "anonymous" else 404)
        assert req.attachments.count() == count
        assert_nothing_written(writes)


FLAG_ANSWERERS = {"reviewer", "director", "admin"}  # the committee, never the requester


@pytest.mark.parametrize("actor", ACTORS)
def test_answering_a_red_flag(
    actor: str, tenant: Any, people: dict[str, Any], client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The policy gate's answers to red flags: the committee's, on a request they may see."""
    from django.utils import timezone

    from vetted.documents.tasks import run_read_jobs
    from vetted.resource_requests.models import RedFlagAnswer

    req = in_review(tenant)
    attachment = _attachment(tenant, req)
    run_read_jobs(timezone.now())
    attachment.refresh_from_db()
    flag = attachment.red_flags[0]["provision_id"]
    url = f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/documents/{attachment.pk}/flags/{flag}/answer/"
    _check_route(url)
    client = client_as(people[actor])  # signed in (an audit event) before counting writes
    with recording(django_capture_on_commit_callbacks) as writes:
        response = client.post(url, {"answer": "The vendor confirmed it in writing."})
    if actor in FLAG_ANSWERERS:
        assert response.status_code == 302 and RedFlagAnswer.objects.filter(attachment=attachment).exists()
        return
    expected = {"anonymous": 302, "requester": 403, "auditor": 403}.get(actor, 404)
    assert response.status_code == expected
    assert not RedFlagAnswer.objects.exists()
    assert_nothing_written(writes)
