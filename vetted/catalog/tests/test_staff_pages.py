"""Staff pages: vendors, resources and decisions with messages a non-technical person understands."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.catalog.models import Resource, ResourceDecision, Vendor

from .factories import resource, vendor

pytestmark = pytest.mark.django_db


def test_dashboard_counts(client_as: Any, tenant: Any) -> None:
    resource(tenant, "A", status="approved")
    resource(tenant, "B", status="pending")
    response = client_as(tenant.user("reviewer")).get(f"/manage/{tenant.district.slug}/")
    assert response.status_code == 200
    assert response.context["counts"] == {"approved": 1, "pending": 1}


def test_add_vendor_then_edit(client_as: Any, tenant: Any) -> None:
    client = client_as(tenant.user("admin"))
    response = client.post(
        f"/manage/{tenant.district.slug}/vendors/new/",
        {"legal_name": "Lanternpath Literacy", "website": "https://lanternpath.example/",
         "privacy_contact_email": "privacy@lanternpath.example"},
    )  # fmt: skip
    assert response.status_code == 302
    made = Vendor.objects.get(legal_name="Lanternpath Literacy")
    response = client.post(
        f"/manage/{tenant.district.slug}/vendors/{made.pk}/", {"legal_name": "Lanternpath Literacy LLC"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.legal_name == "Lanternpath Literacy LLC"
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == [
        "auth.signed_in",  # client_as signs the admin in
        "vendor.created",
        "vendor.updated",
    ]
    assert AuditEvent.objects.last().details["changed"]["legal_name"] == [  # type: ignore[union-attr]
        "Lanternpath Literacy",
        "Lanternpath Literacy LLC",
    ]


def test_vendor_form_explains_errors(client_as: Any, tenant: Any) -> None:
    vendor(tenant, "Existing Vendor")
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/vendors/new/",
        {"legal_name": "Existing Vendor", "website": "not a url", "privacy_contact_email": "nobody"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["legal_name"] == ["A vendor with this name is already in the catalogue."]
    assert errors["website"] == ["Enter a full web address, starting with https://"]
    assert "privacy_contact_email" in errors
    assert "Please fix 3 problems" in response.content.decode()
    assert Vendor.objects.count() == 1


def test_add_resource_goes_on_to_the_decision(client_as: Any, tenant: Any) -> None:
    v = vendor(tenant)
    response = client_as(tenant.user("technology_director")).post(
        f"/manage/{tenant.district.slug}/resources/new/",
        {"name": "Fernleaf Science Sims", "vendor": v.pk, "url": "https://fernleaf.example/sims",
         "grade_min": "4", "grade_max": "8", "data_elements": ["student-name"], "subjects": []},
    )  # fmt: skip
    made = Resource.objects.get(name="Fernleaf Science Sims")
    assert response["Location"] == f"/manage/{tenant.district.slug}/resources/{made.pk}/decision/"
    assert (made.grade_min, made.grade_max) == (4, 8)


def test_resource_form_rejects_inverted_band_and_bad_url(client_as: Any, tenant: Any) -> None:
    v = vendor(tenant)
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/resources/new/",
        {"name": "Backwards", "vendor": v.pk, "grade_min": "9", "grade_max": "3", "url": "ftp:/x y"},
    )
    errors = response.context["form"].errors
    assert errors["grade_max"] == ["The highest grade must not be below the lowest grade."]
    assert errors["url"] == ["Enter a full web address, starting with https://"]
    assert not Resource.objects.filter(name="Backwards").exists()


def test_resource_form_duplicate_name_for_vendor(client_as: Any, tenant: Any) -> None:
    existing = resource(tenant, "Twin")
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/resources/new/", {"name": "Twin", "vendor": existing.vendor_id}
    )
    assert response.context["form"].errors["name"] == ["This vendor already has a resource with this name."]


def test_decision_form_requires_reason_for_refusal(client_as: Any, tenant: Any) -> None:
    r = resource(tenant, "Brightquarry Flashcards", status=None)
    url = f"/manage/{tenant.district.slug}/resources/{r.pk}/decision/"
    client = client_as(tenant.user("reviewer"))
    response = client.post(url, {"status": "not_approved", "reason": "  "})
    assert response.context["form"].errors["reason"] == ["Give a reason: staff and families will read it."]
    assert not ResourceDecision.objects.exists()
    response = client.post(url, {"status": "not_approved", "reason": "Shows advertising to students."})
    assert response.status_code == 302
    decision = ResourceDecision.objects.get()
    assert (decision.status, decision.decided_by) == ("not_approved", tenant.user("reviewer"))
    public = client_as(None).get(f"/d/{tenant.district.slug}/resources/{r.pk}/").content.decode()
    assert "Shows advertising to students." in public


def test_decision_defaults_to_resource_band_and_can_narrow_it(client_as: Any, tenant: Any) -> None:
    r = resource(tenant, "Banded", status=None, grades=(3, 12))
    client = client_as(tenant.user("admin"))
    url = f"/manage/{tenant.district.slug}/resources/{r.pk}/decision/"
    client.post(url, {"status": "approved"})
    assert ResourceDecision.objects.values_list("grade_min", "grade_max").get() == (3, 12)
    client.post(url, {"status": "approved", "grade_min": "6", "grade_max": "8"})
    assert ResourceDecision.objects.values_list("grade_min", "grade_max").get() == (6, 8)
    events = AuditEvent.objects.filter(event_type="resource.decided").order_by("seq")
    assert events.last().details["before"]["grade_min"] == 3  # type: ignore[union-attr]


def test_resource_list_shows_this_districts_decision(client_as: Any, tenant: Any, other_tenant: Any) -> None:
    r = resource(tenant, "Shared App", status="approved")
    response = client_as(other_tenant.user("staff")).get(
        f"/manage/{other_tenant.district.slug}/resources/?q=shared"
    )
    assert [(row.name, d) for row, d in response.context["rows"]] == [("Shared App", None)]
    response = client_as(tenant.user("staff")).get(f"/manage/{tenant.district.slug}/resources/?q=shared")
    assert response.context["rows"][0][1].status == "approved"
    assert r.pk == response.context["rows"][0][0].pk


def test_huge_text_is_refused_with_a_message(client_as: Any, tenant: Any) -> None:
    v = vendor(tenant)
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/resources/new/",
        {"name": "Big", "vendor": v.pk, "description": "x" * 6000},
    )
    assert "at most 5000 characters" in str(response.context["form"].errors["description"])
    assert not Resource.objects.filter(name="Big").exists()


def test_request_body_over_the_limit_gets_413(client_as: Any, tenant: Any, settings: Any) -> None:
    settings.VETTED_MAX_UPLOAD_BYTES = 1000
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/vendors/new/", {"legal_name": "y" * 5000}
    )
    assert response.status_code == 413
    assert Vendor.objects.count() == 0
