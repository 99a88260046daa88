"""Shared catalogue governance (docs/adr/0001-shared-catalogue-governance.md).

A district changes a shared vendor or resource directly only while no other district's registry shows
it; otherwise its edit becomes a proposal that every affected district sees in its own audit trail and
accepts or refuses.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import make_tenant
from vetted.agreements.models import Agreement
from vetted.audit.models import AuditEvent
from vetted.catalog import governance, services
from vetted.catalog.models import CatalogChange, CatalogChangeAnswer, DataElement, Resource, Vendor
from vetted.districts.models import User

from .factories import resource as make_resource

pytestmark = pytest.mark.django_db

A_URL = "https://quillstone.example/studio"
A_ELEMENTS = ["grades", "student-name", "student-work"]


def events(district: Any, *types: str) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(district=district).order_by("seq")
    return list(qs.filter(event_type__in=types) if types else qs)


def api_base(tenant: Any) -> str:
    return f"/api/v1/districts/{tenant.district.slug}"


def resource_form(r: Resource, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": r.name, "vendor": r.vendor_id, "url": r.url, "description": r.description,
        "grade_min": r.grade_min, "grade_max": r.grade_max,
        "subjects": list(r.subjects.values_list("slug", flat=True)),
        "data_elements": list(r.data_elements.values_list("code", flat=True)),
        "privacy_policy_url": r.privacy_policy_url, "terms_url": r.terms_url,
    }  # fmt: skip
    data.update(overrides)
    return {k: ("" if v is None else v) for k, v in data.items()}


def assert_registry_shows_a_facts(client_as: Any, api_as: Any, tenant: Any, r: Resource) -> None:
    slug = tenant.district.slug
    page = client_as(None).get(f"/d/{slug}/resources/{r.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert A_URL in html and "evil" not in html
    assert "The vendor lists no student information." not in html
    for name in DataElement.objects.filter(code__in=A_ELEMENTS).values_list("name", flat=True):
        assert name in html
    detail = api_as(None).get(f"{api_base(tenant)}/registry/{r.pk}/").json()
    assert detail["url"] == A_URL
    assert sorted(e["code"] for e in detail["data_elements"]) == A_ELEMENTS
    assert detail["vendor"] == "Quillstone Learning Inc."
    listing = api_as(None).get(f"{api_base(tenant)}/registry/").json()["results"]
    assert [(e["url"], len(e["data_elements"])) for e in listing] == [(A_URL, 3)]


def test_attack_other_district_cannot_change_what_my_registry_shows(
    tenant: Any, other_tenant: Any, catalog_item: Resource, client_as: Any, api_as: Any
) -> None:
    r = catalog_item
    b_reviewer = other_tenant.user("reviewer")
    b_page, b_api = client_as(b_reviewer), api_as(b_reviewer)
    a_events_before = len(events(tenant.district))

    # The staff page: the link and the data collected.
    response = b_page.post(
        f"/manage/{other_tenant.district.slug}/resources/{r.pk}/",
        resource_form(r, url="https://evil.example/page", data_elements=[]),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/manage/{other_tenant.district.slug}/catalogue-changes/"
    # The API, both verbs.
    patched = b_api.patch(
        f"{api_base(other_tenant)}/resources/{r.pk}/",
        {"url": "https://evil.example/api", "data_elements": []},
        format="json",
    )
    assert patched.status_code == 202, patched.content
    assert patched.json()["status"] == "open" and patched.json()["district"] == other_tenant.district.slug
    put = b_api.put(
        f"{api_base(other_tenant)}/resources/{r.pk}/",
        {"name": r.name, "vendor": r.vendor_id, "url": "https://evil.example/put", "data_elements": []},
        format="json",
    )
    assert put.status_code == 202, put.content
    vendor = b_api.patch(
        f"{api_base(other_tenant)}/vendors/{r.vendor_id}/", {"legal_name": "Evil Corp"}, format="json"
    )
    assert vendor.status_code == 202, vendor.content
    # Through A's own URLs B is an outsider.
    assert (
        b_page.post(f"/manage/{tenant.district.slug}/resources/{r.pk}/", resource_form(r)).status_code == 404
    )
    assert b_api.patch(f"{api_base(tenant)}/resources/{r.pk}/", {"url": "https://evil.example/"},
                       format="json").status_code == 404  # fmt: skip
    # B cannot answer its own proposals for A.
    change = CatalogChange.objects.filter(resource=r).first()
    assert change is not None
    answered = b_api.post(
        f"{api_base(other_tenant)}/catalogue-changes/{change.pk}/accept/", {}, format="json"
    )
    assert answered.status_code == 400
    b_page.post(
        f"/manage/{other_tenant.district.slug}/catalogue-changes/{change.pk}/answer/", {"answer": "accept"}
    )
    assert not CatalogChangeAnswer.objects.filter(district=other_tenant.district).exists()

    # Nothing that A shows changed.
    r.refresh_from_db()
    assert r.url == A_URL and sorted(r.data_elements.values_list("code", flat=True)) == A_ELEMENTS
    assert Vendor.objects.get(pk=r.vendor_id).legal_name == "Quillstone Learning Inc."
    assert_registry_shows_a_facts(client_as, api_as, tenant, r)
    # A sees every attempt in its own trail, as a proposal it can refuse; no update happened.
    proposed = events(tenant.district, "catalog_change.proposed")
    assert len(proposed) == 4 == len(events(tenant.district)) - a_events_before
    assert {e.details["proposed_by_district"] for e in proposed} == {other_tenant.district.slug}
    assert proposed[0].details["proposed"]["url"] == "https://evil.example/page"
    assert proposed[0].details["current"]["url"] == A_URL
    assert not events(tenant.district, "resource.updated", "vendor.updated")
    a_waiting = governance.waiting_for(tenant.district)
    assert a_waiting.count() == 4


def test_refusal_closes_the_change_and_every_trail_records_it(
    tenant: Any, other_tenant: Any, catalog_item: Resource, client_as: Any, api_as: Any
) -> None:
    r = catalog_item
    b_api = api_as(other_tenant.user("reviewer"))
    change_id = b_api.patch(f"{api_base(other_tenant)}/resources/{r.pk}/", {"url": "https://b.example/"},
                            format="json").json()["id"]  # fmt: skip
    refused = api_as(tenant.user("technology_director")).post(
        f"{api_base(tenant)}/catalogue-changes/{change_id}/refuse/",
        {"reason": "Our link is right."},
        format="json",
    )
    assert refused.status_code == 200, refused.content
    assert refused.json()["status"] == "refused"
    r.refresh_from_db()
    assert r.url == A_URL
    for district in (tenant.district, other_tenant.district):
        [event] = events(district, "catalog_change.refused")
        assert event.details == {
            "change": change_id,
            "district": tenant.district.slug,
            "reason": "Our link is right.",
        }
        assert not events(district, "resource.updated")
    # A closed change cannot be accepted afterwards.
    again = api_as(tenant.user("admin")).post(f"{api_base(tenant)}/catalogue-changes/{change_id}/accept/")
    assert again.status_code == 400
    assert_registry_shows_a_facts(client_as, api_as, tenant, r)


def test_acceptance_applies_the_change_and_records_it_in_each_trail(
    tenant: Any, other_tenant: Any, catalog_item: Resource, client_as: Any, api_as: Any
) -> None:
    r = catalog_item
    b_api = api_as(other_tenant.user("reviewer"))
    change_id = b_api.patch(f"{api_base(other_tenant)}/resources/{r.pk}/",
                            {"url": "https://quillstone.example/new", "data_elements": ["student-name"]},
                            format="json").json()["id"]  # fmt: skip
    a_page = client_as(tenant.user("reviewer"))
    listing = a_page.get(f"/manage/{tenant.district.slug}/catalogue-changes/")
    assert listing.status_code == 200
    assert (
        "https://quillstone.example/new" in listing.content.decode() and "Accept" in listing.content.decode()
    )
    answered = a_page.post(
        f"/manage/{tenant.district.slug}/catalogue-changes/{change_id}/answer/", {"answer": "accept"}
    )
    assert answered.status_code == 302
    r.refresh_from_db()
    assert r.url == "https://quillstone.example/new"
    assert list(r.data_elements.values_list("code", flat=True)) == ["student-name"]
    assert CatalogChange.objects.get(pk=change_id).status == "applied"
    for district in (tenant.district, other_tenant.district):
        [updated] = events(district, "resource.updated")
        assert updated.details["change"] == change_id
        assert updated.details["changed"]["url"] == [A_URL, "https://quillstone.example/new"]
        assert len(events(district, "catalog_change.accepted")) == 1
    detail = api_as(None).get(f"{api_base(tenant)}/registry/{r.pk}/").json()
    assert detail["url"] == "https://quillstone.example/new"


def test_direct_edit_while_no_other_district_shows_the_row(
    tenant: Any, other_tenant: Any, catalog_item: Resource, api_as: Any
) -> None:
    # Only A has a decision: A's own edit applies at once, in A's trail only.
    r = catalog_item
    response = api_as(tenant.user("reviewer")).patch(
        f"{api_base(tenant)}/resources/{r.pk}/", {"url": "https://quillstone.example/v2"}, format="json"
    )
    assert response.status_code == 200 and response.json()["url"] == "https://quillstone.example/v2"
    assert len(events(tenant.district, "resource.updated")) == 1
    assert not events(other_tenant.district)
    assert not CatalogChange.objects.exists()
    # B edits a row nobody else shows (its own new resource): direct too.
    mine = make_resource(other_tenant, "Larch Notes", vendor_name="Larch Softworks")
    edited = services.update_resource(
        other_tenant.district, mine, actor=other_tenant.user("admin"), data={"url": "https://larch.example/"}
    )
    assert isinstance(edited, Resource) and edited.url == "https://larch.example/"


def test_once_both_districts_publish_even_the_first_one_must_ask(
    tenant: Any, other_tenant: Any, catalog_item: Resource, api_as: Any
) -> None:
    services.decide(other_tenant.district, catalog_item, actor=other_tenant.user("admin"), status="pending")
    response = api_as(tenant.user("admin")).patch(
        f"{api_base(tenant)}/resources/{catalog_item.pk}/",
        {"url": "https://quillstone.example/a"},
        format="json",
    )
    assert response.status_code == 202
    assert [a.district for a in CatalogChangeAnswer.objects.all()] == [other_tenant.district]
    catalog_item.refresh_from_db()
    assert catalog_item.url == A_URL


def test_a_district_that_decides_later_is_asked_before_the_change_applies(
    tenant: Any, other_tenant: Any, catalog_item: Resource
) -> None:
    third = make_tenant("cedarbrook", "Cedarbrook Unified Schools")
    change = services.update_resource(
        other_tenant.district,
        catalog_item,
        actor=other_tenant.user("reviewer"),
        data={"url": "https://b.example/"},
    )
    assert isinstance(change, CatalogChange)
    services.decide(third.district, catalog_item, actor=third.user("admin"), status="approved")
    governance.answer_change(tenant.district, change, actor=tenant.user("admin"), accept=True)
    catalog_item.refresh_from_db()
    assert catalog_item.url == A_URL, "the late district has not answered yet"
    assert len(events(third.district, "catalog_change.proposed")) == 1
    governance.answer_change(third.district, change, actor=third.user("admin"), accept=True)
    catalog_item.refresh_from_db()
    assert catalog_item.url == "https://b.example/"
    for district in (tenant.district, other_tenant.district, third.district):
        assert len(events(district, "resource.updated")) == 1


def test_vendor_rename_waits_for_the_districts_that_publish_its_resources(
    tenant: Any, other_tenant: Any, catalog_item: Resource, client_as: Any, api_as: Any
) -> None:
    page = client_as(other_tenant.user("admin")).get(
        f"/manage/{other_tenant.district.slug}/vendors/{catalog_item.vendor_id}/"
    )
    assert (
        "Shared with other districts" in page.content.decode()
        and tenant.district.name in page.content.decode()
    )
    response = client_as(other_tenant.user("admin")).post(
        f"/manage/{other_tenant.district.slug}/vendors/{catalog_item.vendor_id}/",
        {"legal_name": "Quillstone Education LLC", "website": "https://quillstone.example/"},
    )
    assert response.status_code == 302
    assert Vendor.objects.get(pk=catalog_item.vendor_id).legal_name == "Quillstone Learning Inc."
    [change] = governance.waiting_for(tenant.district)
    governance.answer_change(tenant.district, change, actor=tenant.user("admin"), accept=True)
    assert Vendor.objects.get(pk=catalog_item.vendor_id).legal_name == "Quillstone Education LLC"
    found = api_as(None).get(f"{api_base(tenant)}/registry/?q=education").json()["results"]
    assert [e["vendor"] for e in found] == ["Quillstone Education LLC"]
    assert len(events(tenant.district, "vendor.updated")) == 1
    assert len(events(other_tenant.district, "vendor.updated")) == 1


def test_a_proposal_is_validated_like_an_edit(
    tenant: Any, other_tenant: Any, catalog_item: Resource, api_as: Any
) -> None:
    response = api_as(other_tenant.user("reviewer")).patch(
        f"{api_base(other_tenant)}/resources/{catalog_item.pk}/", {"url": "not a link"}, format="json"
    )
    assert response.status_code == 400
    with pytest.raises(Exception, match="Enter a valid URL"):
        services.update_resource(
            other_tenant.district, catalog_item, actor=other_tenant.user("reviewer"), data={"url": "nope"}
        )
    assert not CatalogChange.objects.exists() and not events(tenant.district, "catalog_change.proposed")


def test_a_district_not_involved_sees_nothing_of_the_change(
    tenant: Any, other_tenant: Any, catalog_item: Resource, api_as: Any
) -> None:
    third = make_tenant("cedarbrook", "Cedarbrook Unified Schools")
    change = services.update_resource(
        other_tenant.district,
        catalog_item,
        actor=other_tenant.user("reviewer"),
        data={"url": "https://b.example/"},
    )
    assert isinstance(change, CatalogChange)
    api = api_as(third.user("admin"))
    assert api.get(f"{api_base(third)}/catalogue-changes/").json()["results"] == []
    assert api.get(f"{api_base(third)}/catalogue-changes/{change.pk}/").status_code == 404
    assert api.post(f"{api_base(third)}/catalogue-changes/{change.pk}/accept/").status_code == 404
    assert not events(third.district)
    # A's staff member (no catalogue.edit role) sees it but may not answer.
    assert (
        api_as(tenant.user("staff"))
        .post(f"{api_base(tenant)}/catalogue-changes/{change.pk}/accept/")
        .status_code
        == 403
    )
    assert (
        api_as(tenant.user("staff")).get(f"{api_base(tenant)}/catalogue-changes/{change.pk}/").status_code
        == 200
    )


def test_the_django_admin_cannot_change_shared_rows(catalog_item: Resource, client_as: Any) -> None:
    root = User.objects.create_superuser(
        username="root@ops.example", email="root@ops.example", password="x-9-y-8"
    )
    client = client_as(root)
    url = f"/django-admin/catalog/resource/{catalog_item.pk}/change/"
    assert client.get(url).status_code == 200  # visible, read-only
    response = client.post(url, {"name": "Changed", "url": "https://evil.example/"})
    assert response.status_code == 403
    catalog_item.refresh_from_db()
    assert catalog_item.url == A_URL and catalog_item.name == "Quillstone Writing Studio"
    assert (
        client.post(
            f"/django-admin/catalog/vendor/{catalog_item.vendor_id}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_a_signed_agreement_makes_its_vendor_a_row_the_district_publishes(
    tenant: Any, other_tenant: Any, client_as: Any, api_as: Any
) -> None:
    # A has no decision, only a signed public agreement naming the vendor: its agreements page shows it.
    vendor = services.create_vendor(
        tenant.district, actor=tenant.user("admin"), data={"legal_name": "Thornfield Labs"}
    )
    Agreement.objects.create(
        district=tenant.district,
        vendor=vendor,
        title="Thornfield DPA 2026",
        kind="vendor",
        status="fully_executed",
    )
    assert governance.affected_districts(vendor) == [tenant.district]
    response = api_as(other_tenant.user("reviewer")).patch(
        f"{api_base(other_tenant)}/vendors/{vendor.pk}/", {"legal_name": "Evil Labs"}, format="json"
    )
    assert response.status_code == 202
    page = client_as(None).get(f"/d/{tenant.district.slug}/agreements/").content.decode()
    assert "Thornfield Labs" in page and "Evil Labs" not in page
    assert len(events(tenant.district, "catalog_change.proposed")) == 1
