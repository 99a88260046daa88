"""Issue 9, items 1 and 10, from the reader's side: the public page, the public API and the CSV say
only what someone recorded ("collects none", "not yet recorded", the list, what the district turned
off), keep the requester's and committee's words inside the district, and explain their terms."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from vetted.catalog import services as catalog
from vetted.catalog.models import DataElement, Resource, ResourceDecision
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest
from vetted.resource_requests.tests.factories import COMPLETE

pytestmark = pytest.mark.django_db


def page(client: Any, tenant: Any, resource: Resource | None) -> str:
    assert resource is not None
    response = client.get(f"/d/{tenant.district.slug}/resources/{resource.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def api_entry(api: Any, tenant: Any, resource: Resource | None) -> dict[str, Any]:
    assert resource is not None
    response = api.get(f"/api/v1/districts/{tenant.district.slug}/registry/{resource.pk}/")
    assert response.status_code == 200
    return response.json()


def csv_rows(client: Any, tenant: Any) -> list[dict[str, str]]:
    body = b"".join(client.get(f"/d/{tenant.district.slug}/resources.csv").streaming_content)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def request_through_the_form(client: Any, tenant: Any, **fields: Any) -> ResourceRequest:
    data = {k: v for k, v in COMPLETE.items() if k not in ("grade_min", "grade_max", "student_accounts")}
    data.update({"requester_position": "Teacher", "grade_min": "2", "grade_max": "3", "action": "submit"})
    data.update(fields)
    response = client.post(f"/manage/{tenant.district.slug}/resource-requests/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ResourceRequest.objects.get(resource_name=data["resource_name"])


def approve(req: ResourceRequest, tenant: Any) -> Resource:
    req.refresh_from_db()
    services.vote(req, actor=tenant.user("reviewer"), outcome="approved")
    req.refresh_from_db()
    assert req.state == "decided" and req.resource is not None
    return req.resource


def test_the_requests_checklist_reaches_the_registry(tenant: Any, client_as: Any, api_as: Any) -> None:
    req = request_through_the_form(
        client_as(tenant.user("staff")), tenant, vendor_name="",
        data_elements=["student-name", "in-app-performance"], under_13="yes", subjects=["english-language-arts"],
    )  # fmt: skip
    resource = approve(req, tenant)
    html = page(client_as(None), tenant, resource)
    assert "Student name" in html and "Performance in the application" in html
    assert "lists no student information" not in html and "Not yet recorded" not in html
    assert "Used by children under 13" in html and "Not for children under 13" not in html
    assert "English Language Arts" in html and "2–3" in html
    # The company was left blank: said so, never "<name> (vendor)".
    assert "by Company not yet recorded" in html and "(vendor)" not in html
    # The teacher's description is for the committee, not the public "About".
    assert str(COMPLETE["description"]) not in html and "<h2>About</h2>" not in html
    entry = api_entry(api_as(None), tenant, resource)
    assert entry["data_collection"] == "listed" and entry["under_13_users"] is True
    assert [s["slug"] for s in entry["subjects"]] == ["english-language-arts"]


def test_nothing_ticked_is_not_yet_recorded_and_none_is_said_as_none(
    tenant: Any, client_as: Any, api_as: Any
) -> None:
    unknown = approve(request_through_the_form(client_as(tenant.user("staff")), tenant), tenant)
    html = page(client_as(None), tenant, unknown)
    assert "Not yet recorded" in html and "lists no student information" not in html
    assert "Children under 13</dt><dd>Not yet recorded" in html
    assert api_entry(api_as(None), tenant, unknown)["data_collection"] == "unknown"
    assert api_entry(api_as(None), tenant, unknown)["under_13_users"] is None

    none = approve(
        request_through_the_form(client_as(tenant.user("staff")), tenant, resource_name="Tidepool Timer",
                                 resource_url="https://tidepool.example/", collects_no_student_data="on",
                                 under_13="no"),
        tenant,
    )  # fmt: skip
    html = page(client_as(None), tenant, none)
    assert "Collects no student information" in html and "Not yet recorded" not in html
    assert "Not used by children under 13" in html
    assert api_entry(api_as(None), tenant, none)["data_collection"] == "none"
    rows = {r["resource"]: r for r in csv_rows(client_as(None), tenant)}
    assert rows["Tidepool Timer"]["data collected"] == "none"
    assert rows[str(COMPLETE["resource_name"])]["data collected"] == "not yet recorded"


def test_ticking_elements_and_none_together_is_refused(tenant: Any, client_as: Any) -> None:
    client = client_as(tenant.user("staff"))
    response = client.post(
        f"/manage/{tenant.district.slug}/resource-requests/new/",
        {**{k: v for k, v in COMPLETE.items() if k not in ("grade_min", "grade_max", "student_accounts")},
         "data_elements": ["student-name"], "collects_no_student_data": "on", "action": "save"},
    )  # fmt: skip
    assert response.status_code in (200, 400)
    assert "untick them, or untick this box" in response.content.decode()
    assert not ResourceRequest.objects.exists()


def test_a_request_not_for_students_is_published_as_staff_only(tenant: Any, client_as: Any) -> None:
    req = request_through_the_form(client_as(tenant.user("staff")), tenant, grade_min="", grade_max="")
    html = page(client_as(None), tenant, approve(req, tenant))
    assert "Staff only (not for students)" in html and "All grades" not in html


def test_a_resource_created_through_the_api_without_elements_is_not_yet_recorded(
    tenant: Any, api_as: Any, client_as: Any
) -> None:
    api = api_as(tenant.user("admin"))
    base = f"/api/v1/districts/{tenant.district.slug}"
    vendor = api.post(f"{base}/vendors/", {"legal_name": "Brambleway Ltd."}, format="json").json()
    created = api.post(
        f"{base}/resources/", {"name": "Brambleway Maps", "vendor": vendor["id"]}, format="json"
    )
    assert created.status_code == 201, created.content
    assert api.post(f"{base}/decisions/", {"resource": created.json()["id"], "status": "approved"},
                    format="json").status_code == 201  # fmt: skip
    resource = Resource.objects.get(pk=created.json()["id"])
    html = page(client_as(None), tenant, resource)
    assert "Not yet recorded" in html and "lists no student information" not in html
    # Recording "none" through the API is an explicit act.
    patched = api.patch(f"{base}/resources/{resource.pk}/", {"data_elements_recorded": True}, format="json")
    assert patched.status_code == 200, patched.content
    assert "Collects no student information" in page(client_as(None), tenant, resource)


def test_elements_the_district_turned_off_are_shown_as_off(
    tenant: Any, catalog_item: Resource, client_as: Any, api_as: Any
) -> None:
    catalog_item.data_elements.add(DataElement.objects.get(code="geolocation"))
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/resources/{catalog_item.pk}/decision/",
        {"status": "approved", "conditions": "Location features turned off by the district.",
         "elements_off": ["geolocation"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    html = page(client_as(None), tenant, catalog_item)
    assert "<s>Geolocation</s> <strong>turned off by the district</strong>" in html
    entry = api_entry(api_as(None), tenant, catalog_item)
    assert [e["code"] for e in entry["elements_off"]] == ["geolocation"]
    row = next(r for r in csv_rows(client_as(None), tenant) if r["resource"] == catalog_item.name)
    assert "Geolocation (turned off by the district)" in row["data collected"]
    assert "Student name" in row["data collected"]


def test_the_directors_refusal_reason_stays_with_the_requester(
    tenant: Any, client_as: Any, api_as: Any
) -> None:
    req = request_through_the_form(client_as(tenant.user("staff")), tenant,
                                   terms_url="https://lanternfish.example/terms")  # fmt: skip
    req.refresh_from_db()
    services.refuse_terms(req, actor=tenant.user("technology_director"),
                          reason="Private: the requester reads it; clause 9 sells data.")  # fmt: skip
    req.refresh_from_db()
    assert req.decision_reason.startswith("Private:")
    html = page(client_as(None), tenant, req.resource)
    assert "Private:" not in html and "Not approved after the district" in html
    assert "Private:" not in str(api_entry(api_as(None), tenant, req.resource))
    # The director may write a public reason on purpose.
    other = request_through_the_form(client_as(tenant.user("staff")), tenant, resource_name="Gullwing Quiz",
                                     resource_url="https://gullwing.example/", terms_url="https://gullwing.example/t")  # fmt: skip
    other.refresh_from_db()
    services.refuse_terms(other, actor=tenant.user("technology_director"), reason="Internal words.",
                          public_reason="Its terms allow selling student data.")  # fmt: skip
    other.refresh_from_db()
    decision = ResourceDecision.objects.get(district=tenant.district, resource=other.resource)
    assert decision.reason == "Its terms allow selling student data."
    assert "Internal words." not in page(client_as(None), tenant, other.resource)


def test_a_resource_needing_permission_tells_the_family_what_to_do(
    tenant: Any, catalog_item: Resource, client_as: Any
) -> None:
    tenant.district.public_contact_name = "Ms. Rowan Ellery"
    tenant.district.save()
    catalog.decide(tenant.district, catalog_item, actor=tenant.user("admin"),
                   status="approved_with_parental_consent")  # fmt: skip
    html = page(client_as(None), tenant, catalog_item)
    assert "What your family does" in html and "If you say no" in html
    assert "withdraw your permission at any time" in html
    assert "Ms. Rowan Ellery" in html and "privacy@birchfield.example" in html
    assert "only by students whose family has been told about it and said yes first" in html
    # The terms a parent meets link to their plain-word explanation.
    assert f"/d/{tenant.district.slug}/student-data/#term-sensitive" in html  # "Grades" is sensitive


def test_the_student_data_page_explains_every_kind_and_every_term(tenant: Any, client_as: Any) -> None:
    response = client_as(None).get(f"/d/{tenant.district.slug}/student-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for element in DataElement.objects.all():
        assert f'id="element-{element.code}"' in html
    for term in ("Directory information", "Sensitive", "Fully executed", "Vendor-specific agreement",
                 "Subscription to a general offer (Exhibit E)", "State or national standard agreement",
                 "District-modified standard agreement", "Approved with parental notification and permission",
                 "Not yet recorded", "Turned off by the district"):  # fmt: skip
        assert f"{term}</dt>" in html, term
    assert "privacy@birchfield.example" in html
    assert client_as(None).get("/d/no-such-district/student-data/").status_code == 404
