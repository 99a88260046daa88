"""The staff API: create and change through services, and a 400 with field errors for bad input."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.catalog.models import Resource, ResourceDecision, Vendor

from .factories import resource

pytestmark = pytest.mark.django_db


def base(tenant: Any) -> str:
    return f"/api/v1/districts/{tenant.district.slug}"


def test_create_vendor_resource_and_decide(api_as: Any, tenant: Any) -> None:
    api = api_as(tenant.user("reviewer"))
    vendor = api.post(f"{base(tenant)}/vendors/", {"legal_name": "Sparrowsong Audio"}, format="json").json()
    created = api.post(
        f"{base(tenant)}/resources/",
        {"name": "Sparrowsong Music Lab", "vendor": vendor["id"], "grade_min": 2, "grade_max": 12,
         "subjects": ["music"], "data_elements": ["voice-recordings", "student-name"]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert sorted(body["data_elements"]) == ["student-name", "voice-recordings"]
    decided = api.post(
        f"{base(tenant)}/decisions/",
        {
            "resource": body["id"],
            "status": "approved_with_parental_consent",
            "conditions": "Recordings stay private.",
        },
        format="json",
    )
    assert decided.status_code == 201
    assert decided.json()["decided_by"] == tenant.user("reviewer").email
    public = api_as(None).get(f"{base(tenant)}/registry/{body['id']}/").json()
    assert public["status"] == "approved_with_parental_consent" and public["grades"] == "2–12"
    types = list(AuditEvent.objects.order_by("seq").values_list("event_type", flat=True))
    # An approval starts its review clock (catalog/reviews.py).
    assert types == ["vendor.created", "resource.created", "resource.decided", "obligation.started"]


def test_patch_resource_and_decision(api_as: Any, tenant: Any) -> None:
    r = resource(tenant, "Patchable", status="pending", elements=("student-name",))
    api = api_as(tenant.user("admin"))
    response = api.patch(f"{base(tenant)}/resources/{r.pk}/", {"data_elements": ["photos"]}, format="json")
    assert response.status_code == 200 and response.json()["data_elements"] == ["photos"]
    response = api.patch(
        f"{base(tenant)}/decisions/{r.pk}/", {"status": "retired", "reason": "Replaced."}, format="json"
    )
    assert response.status_code == 200
    assert ResourceDecision.objects.get(resource=r).status == "retired"
    changed = AuditEvent.objects.filter(event_type="resource.updated").get().details["changed"]
    assert changed == {"data_elements": ["photos"]}


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("vendors/", {"legal_name": ""}, "legal_name"),
        ("vendors/", {"legal_name": "x" * 10_000}, "legal_name"),
        ("vendors/", {"legal_name": "Ok", "website": "javascript:alert(1)"}, "website"),
        ("vendors/", {"legal_name": "Ok", "privacy_contact_email": "nope"}, "privacy_contact_email"),
        ("vendors/", {"legal_name": ["a", "list"]}, "legal_name"),
        ("resources/", {"name": "X", "vendor": 999999}, "vendor"),
        ("resources/", {"name": "X", "vendor": "abc"}, "vendor"),
        ("resources/", {"name": "X", "vendor": "@V", "grade_min": 15}, "grade_min"),
        ("resources/", {"name": "X", "vendor": "@V", "grade_min": 9, "grade_max": 2}, "grade_max"),
        ("resources/", {"name": "X", "vendor": "@V", "data_elements": ["not-a-thing"]}, "data_elements"),
        ("resources/", {"name": "X", "vendor": "@V", "description": "d" * 6000}, "description"),
        (
            "resources/",
            {"name": "X", "vendor": "@V", "student_accounts_required": "perhaps"},
            "student_accounts_required",
        ),
        ("decisions/", {"resource": "@R", "status": "maybe"}, "status"),
        ("decisions/", {"resource": "@R", "status": "not_approved"}, "reason"),
        ("decisions/", {"resource": 424242, "status": "approved"}, "resource"),
        ("decisions/", {"status": "approved"}, "resource"),
        ("decisions/", {"resource": "@R"}, "status"),
    ],
)
def test_bad_input_gets_400_with_field_errors(
    api_as: Any, tenant: Any, catalog_item: Any, path: str, payload: dict[str, Any], field: str
) -> None:
    payload = {
        k: (catalog_item.vendor_id if v == "@V" else catalog_item.pk if v == "@R" else v)
        for k, v in payload.items()
    }
    before = (Vendor.objects.count(), Resource.objects.count(), AuditEvent.objects.count())
    response = api_as(tenant.user("admin")).post(f"{base(tenant)}/{path}", payload, format="json")
    assert response.status_code == 400, response.content[:300]
    assert field in response.json(), response.json()
    assert (Vendor.objects.count(), Resource.objects.count(), AuditEvent.objects.count()) == before


def test_ten_megabyte_field_is_refused_clearly(api_as: Any, tenant: Any, catalog_item: Any) -> None:
    payload = {"name": "X", "vendor": catalog_item.vendor_id, "description": "d" * 10_000_000}
    response = api_as(tenant.user("admin")).post(f"{base(tenant)}/resources/", payload, format="json")
    assert response.status_code == 413
    assert "larger than 2 MB" in response.json()["detail"]
    assert not Resource.objects.filter(name="X").exists()


def test_duplicate_resource_name_is_a_field_error(api_as: Any, tenant: Any, catalog_item: Any) -> None:
    response = api_as(tenant.user("admin")).post(
        f"{base(tenant)}/resources/",
        {"name": catalog_item.name, "vendor": catalog_item.vendor_id},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["This vendor already has a resource with this name."]}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"legal_name=x", "text/plain"),
    ],
)
def test_malformed_bodies_never_500(api_as: Any, tenant: Any, body: bytes, content_type: str) -> None:
    api = api_as(tenant.user("admin"))
    for path in ("vendors/", "resources/", "decisions/"):
        response = api.generic("POST", f"{base(tenant)}/{path}", body, content_type=content_type)
        assert response.status_code in (400, 415), (path, response.status_code, response.content[:200])
    assert Vendor.objects.count() == 0


def test_ids_from_elsewhere_and_unknown_ids_are_404(api_as: Any, tenant: Any, other_tenant: Any) -> None:
    theirs = resource(other_tenant, "Theirs Only")
    api = api_as(tenant.user("admin"))
    assert api.get(f"{base(tenant)}/decisions/{theirs.pk}/").status_code == 404
    assert (
        api.patch(f"{base(tenant)}/decisions/{theirs.pk}/", {"status": "approved"}, format="json").status_code
        == 404
    )
    assert api.get(f"{base(tenant)}/decisions/99999999/").status_code == 404
    assert api.get(f"{base(tenant)}/vendors/99999999/").status_code == 404
    assert api.get(f"{base(tenant)}/decisions/abc/").status_code == 404
    # Another district's decision stays untouched.
    assert ResourceDecision.objects.get(resource=theirs).status == "approved"
    # The district in the body is ignored: the URL decides.
    api.post(f"{base(tenant)}/decisions/", {"resource": theirs.pk, "status": "not_approved", "reason": "r",
                                            "district": other_tenant.district.pk}, format="json")  # fmt: skip
    assert ResourceDecision.objects.get(resource=theirs, district=other_tenant.district).status == "approved"
    assert ResourceDecision.objects.get(resource=theirs, district=tenant.district).status == "not_approved"


def test_pagination_and_bad_page(api_as: Any, tenant: Any) -> None:
    for i in range(3):
        resource(tenant, f"Paged {i}")
    api = api_as(tenant.user("staff"))
    data = api.get(f"{base(tenant)}/decisions/?page_size=2").json()
    assert data["count"] == 3 and len(data["results"]) == 2
    assert api.get(f"{base(tenant)}/decisions/?page=abc").status_code == 200
    assert api.get(f"{base(tenant)}/decisions/?page=999").status_code == 404


def test_token_authentication(tenant: Any, client: Any) -> None:
    from vetted.api_tokens.services import create_token

    token = create_token(tenant.user("auditor"), name="audit export", days=30).secret
    response = client.get(f"{base(tenant)}/audit-events/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert (
        client.get(f"{base(tenant)}/audit-events/", headers={"Authorization": "Token wrong"}).status_code
        == 401
    )
