"""The JSON API: the whole loop, and bad input answered with 400 / 409 / 413, never 500."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vetted.catalog.models import ResourceDecision
from vetted.resource_requests.models import ResourceRequest

from .factories import COMPLETE, snapshot

pytestmark = pytest.mark.django_db


def base(tenant: Any) -> str:
    return f"/api/v1/districts/{tenant.district.slug}/resource-requests/"


def test_the_whole_loop_through_the_api(
    tenant: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    staff, reviewer = api_as(tenant.user("staff")), api_as(tenant.user("reviewer"))
    director = api_as(tenant.user("technology_director"))
    created = staff.post(base(tenant), {**COMPLETE, "resource_name": "Draft name"}, format="json")
    assert created.status_code == 201 and created.json()["state"] == "draft"
    pk = created.json()["id"]
    patched = staff.patch(f"{base(tenant)}{pk}/", {"resource_name": COMPLETE["resource_name"],
                                                   "terms_url": "https://lanternfish.example/terms"}, format="json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["terms_review_required"] is True
    submitted = staff.post(f"{base(tenant)}{pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "in_review"
    assert (
        submitted.json()["due_at"]
        and submitted.json()["assignments"][0]["reviewer"] == tenant.user("reviewer").email
    )
    queue = reviewer.get(base(tenant), {"scope": "queue"}).json()
    assert [r["id"] for r in queue["results"]] == [pk]
    asked = reviewer.post(f"{base(tenant)}{pk}/request-info/", {"question": "Ads?"}, format="json")
    assert asked.json()["state"] == "information_requested"
    assert (
        staff.post(f"{base(tenant)}{pk}/respond/", {"answer": "None."}, format="json").json()["state"]
        == "in_review"
    )
    voted = reviewer.post(
        f"{base(tenant)}{pk}/vote/", {"outcome": "approved_with_parental_consent"}, format="json"
    )
    assert voted.status_code == 200 and voted.json()["state"] == "in_review"
    assert any("technology director" in line for line in voted.json()["waiting_on"])
    with django_capture_on_commit_callbacks(execute=True):
        done = director.post(f"{base(tenant)}{pk}/approve-terms/", {"note": "DPA on file."}, format="json")
    assert done.json()["state"] == "decided" and done.json()["outcome"] == "approved_with_parental_consent"
    assert ResourceDecision.objects.get(district=tenant.district).status == "approved_with_parental_consent"
    registry = api_as(None).get(f"/api/v1/districts/{tenant.district.slug}/registry/").json()
    assert registry["results"][0]["needs_parental_permission"] is True


def test_bad_input_gets_field_errors(tenant: Any, api_as: Any) -> None:
    staff = api_as(tenant.user("staff"))
    missing = staff.post(base(tenant), {}, format="json")
    assert missing.status_code == 400 and "resource_name" in missing.json()
    not_url = staff.post(base(tenant), {"resource_name": "X", "resource_url": "not a link"}, format="json")
    assert not_url.status_code == 400 and "resource_url" in not_url.json()
    bad_grades = staff.post(
        base(tenant), {"resource_name": "X", "grade_min": 9, "grade_max": 2}, format="json"
    )
    assert bad_grades.status_code == 400 and "grade_max" in bad_grades.json()
    unknown_resource = staff.post(base(tenant), {"resource_name": "X", "resource": 999999}, format="json")
    assert unknown_resource.status_code == 400
    too_long = staff.post(base(tenant), {"resource_name": "X", "description": "x" * 6000}, format="json")
    assert too_long.status_code == 400 and "description" in too_long.json()
    # 10 MB is over the 2 MB request cap: the site-wide handler answers 413 with a plain reason.
    huge = staff.post(base(tenant), {"resource_name": "X", "description": "x" * 10_000_000}, format="json")
    assert huge.status_code == 413 and "larger than 2 MB" in huge.json()["detail"]
    assert not ResourceRequest.objects.exists()
    incomplete = staff.post(base(tenant), {"resource_name": "Only a name"}, format="json").json()["id"]
    refused = staff.post(f"{base(tenant)}{incomplete}/submit/")
    assert refused.status_code == 400 and set(refused.json()) >= {"planned_use", "description"}
    not_json = staff.generic("POST", base(tenant), "{oops", content_type="application/json")
    assert not_json.status_code == 400
    assert staff.get(f"{base(tenant)}abc/").status_code == 404
    assert staff.get(f"{base(tenant)}99999999999999999999999/").status_code == 404


def test_bodies_above_25_megabytes_are_refused_before_parsing(tenant: Any, api_as: Any) -> None:
    body = json.dumps({"resource_name": "X", "description": "x" * (26 * 1024 * 1024)})
    response = api_as(tenant.user("staff")).generic(
        "POST", base(tenant), body, content_type="application/json"
    )
    assert response.status_code == 413


def test_decisions_reason_required_and_second_decision_refused(tenant: Any, api_as: Any) -> None:
    staff, reviewer = api_as(tenant.user("staff")), api_as(tenant.user("reviewer"))
    pk = staff.post(base(tenant), COMPLETE, format="json").json()["id"]
    staff.post(f"{base(tenant)}{pk}/submit/")
    req = ResourceRequest.objects.get(pk=pk)
    before = snapshot(req)
    no_reason = reviewer.post(f"{base(tenant)}{pk}/vote/", {"outcome": "not_approved"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    bad_outcome = reviewer.post(f"{base(tenant)}{pk}/vote/", {"outcome": "yes please"}, format="json")
    assert bad_outcome.status_code == 400 and "outcome" in bad_outcome.json()
    assert snapshot(req) == before
    assert (
        reviewer.post(f"{base(tenant)}{pk}/vote/", {"outcome": "approved"}, format="json").status_code == 200
    )
    again = reviewer.post(
        f"{base(tenant)}{pk}/vote/", {"outcome": "not_approved", "reason": "x"}, format="json"
    )
    assert again.status_code == 409 and "already decided" in again.json()["detail"]
    assert staff.post(f"{base(tenant)}{pk}/withdraw/").status_code == 409
    bad_assign = api_as(tenant.user("admin")).post(
        f"{base(tenant)}{pk}/assign/", {"reviewer": "me"}, format="json"
    )
    assert bad_assign.status_code == 400


def test_assign_refuses_people_who_cannot_review(tenant: Any, other_tenant: Any, api_as: Any) -> None:
    staff, admin = api_as(tenant.user("staff")), api_as(tenant.user("admin"))
    pk = staff.post(base(tenant), COMPLETE, format="json").json()["id"]
    staff.post(f"{base(tenant)}{pk}/submit/")
    for user in (tenant.user("staff"), tenant.user("auditor"), other_tenant.user("reviewer")):
        response = admin.post(f"{base(tenant)}{pk}/assign/", {"reviewer": user.pk}, format="json")
        assert response.status_code == 400 and "reviewer" in response.json()
    assert admin.post(f"{base(tenant)}{pk}/assign/", {"reviewer": 10**9}, format="json").status_code == 400


def test_schema_lists_the_request_endpoints(client: Any) -> None:
    schema = client.get("/api/schema/").content.decode()
    for tail in ("requests/", "submit/", "assign/", "comment/", "request-info/", "respond/", "approve-terms/",
                 "refuse-terms/", "vote/", "withdraw/", "known/"):  # fmt: skip
        assert "/api/v1/districts/{district_slug}/resource-requests/" in schema and tail in schema
