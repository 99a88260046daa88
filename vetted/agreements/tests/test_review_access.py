"""Authorization matrix for the review pages and endpoints: every role, another district's admin and
anonymous. A denied case also asserts that nothing changed (reviews, checklist, dates, queued reads)
and that no audit event, outbox row or mail was written, with on-commit callbacks captured and run.
Each case names the route it covers (tests/test_route_coverage.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, assert_denied, matrix_user
from tests.matrix import ADMINS, EDITORS, EVERYONE, Case, assert_nothing_written, recording, send
from vetted.agreements.models import Agreement, ProvisionCheck
from vetted.agreements.models.review import DocumentReview
from vetted.documents.models import ReadJob

from .review_worlds import World

pytestmark = pytest.mark.django_db

REVIEWERS = frozenset({"admin", "technology_director", "reviewer"})
WHO = MATRIX_WHO
TERMS = b"Terms of service. The vendor shall not sell student personal information.\n"


def _page(w: World, suffix: str) -> str:
    return f"/manage/{w.slug}/agreements/{w.agreement.pk}/{suffix}"


def _api(w: World, suffix: str) -> str:
    return f"/api/v1/districts/{w.slug}/agreements/{w.agreement.pk}/{suffix}"


def _reviews(w: World, suffix: str = "") -> str:
    return f"/api/v1/districts/{w.slug}/contract-reviews/{suffix}"


def _override(prefix: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {f"{prefix}status": "missing", f"{prefix}reason": "Only covers outages."}


CASES = [
    Case("page: review", "staff-document-review", False, "get", lambda w: _page(w, f"documents/{w.doc.pk}/review/"),
         EVERYONE, 200),
    Case("page: re-run", "staff-document-review-rerun", False, "post",
         lambda w: _page(w, f"documents/{w.doc.pk}/review/rerun/"), ADMINS, 302),
    Case("page: accept", "staff-check-accept", False, "post", lambda w: _page(w, f"checklist/{w.check.pk}/accept/"),
         EDITORS, 302),
    Case("page: accept a gap", "staff-check-accept-gap", False, "post",
         lambda w: _page(w, f"checklist/{w.check.pk}/accept-gap/"), EDITORS, 302,
         lambda w: {"reason": "The district's own breach plan covers this."}),
    Case("page: override form", "staff-check-override", False, "get",
         lambda w: _page(w, f"checklist/{w.check.pk}/override/"), EDITORS, 200),
    Case("page: override", "staff-check-override", False, "post",
         lambda w: _page(w, f"checklist/{w.check.pk}/override/"), EDITORS, 302,
         lambda w: _override(f"o{w.check.pk}-")(w)),
    Case("page: amendment request", "staff-amendment-request", False, "get",
         lambda w: _page(w, "amendment-request/?format=docx"), EDITORS, 200),
    Case("page: amendment sent", "staff-amendment-sent", False, "post", lambda w: _page(w, "amendment-request/sent/"),
         EDITORS, 302, lambda w: {}),
    Case("api: review", "api-document-review", True, "get", lambda w: _api(w, f"documents/{w.doc.pk}/review/"),
         EVERYONE, 200),
    Case("api: re-run", "api-document-review-rerun", True, "post",
         lambda w: _api(w, f"documents/{w.doc.pk}/review/rerun/"), ADMINS, 202),
    Case("api: accept", "api-check-accept", True, "post", lambda w: _api(w, f"checklist/{w.check.pk}/accept/"),
         EDITORS, 200),
    Case("api: accept a gap", "api-check-accept-gap", True, "post",
         lambda w: _api(w, f"checklist/{w.check.pk}/accept-gap/"), EDITORS, 200,
         lambda w: {"reason": "The district's own breach plan covers this."}),
    Case("api: override", "api-check-override", True, "post", lambda w: _api(w, f"checklist/{w.check.pk}/override/"),
         EDITORS, 200, _override("")),
    Case("api: amendment request", "api-amendment-request", True, "get",
         lambda w: _api(w, "amendment-request/?format=pdf"), EDITORS, 200),
    Case("api: amendment sent", "api-amendment-sent", True, "post", lambda w: _api(w, "amendment-request/sent/"),
         EDITORS, 200, lambda w: {"note": "Sent by e-mail."}),
    Case("api: contract review", "api-contract-review", True, "post", lambda w: _reviews(w), REVIEWERS, 202,
         lambda w: {"file": SimpleUploadedFile("terms.txt", TERMS, "text/plain")}, fmt="multipart"),
    Case("api: contract review status", "api-contract-review-detail", True, "get",
         lambda w: _reviews(w, f"{w.job.pk}/"), REVIEWERS, 200),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


@pytest.fixture
def job_world(world: World, ct: Any) -> World:
    """The reviewed world, plus a contract review the district's admin queued through the API."""
    from vetted.agreements.services.review import queue_contract_review

    world.job = queue_contract_review(  # type: ignore[attr-defined]
        ct.district, TERMS, "terms.txt", packs=[], actor=ct.user("admin")
    )
    return world


def _state() -> tuple[Any, ...]:
    return (
        sorted(DocumentReview.objects.values_list("pk", "status", "claim")),
        sorted(ProvisionCheck.objects.values_list("pk", "status", "source", "note")),
        sorted(Agreement.objects.values_list("pk", "amendment_requested_on")),
        sorted(ReadJob.objects.values_list("pk", "status")),
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, job_world: World, ct: Any, other_tenant: Any, client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    user = matrix_user(who, ct, other_tenant)
    client = api_as(user) if case.api else client_as(user)
    before = _state()
    with recording(django_capture_on_commit_callbacks) as writes:
        response = send(case, client, job_world)
    if who in case.allowed:
        assert case.accepts(response.status_code), (response.status_code, response.content[:300])
        return
    assert_denied(response, who, api=case.api)
    assert _state() == before
    assert_nothing_written(writes)
