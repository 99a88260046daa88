"""The public registry: search and filters, plain-language detail, CSV, and nothing private leaks."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from vetted.catalog import services

from .factories import resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tenant: Any) -> dict[str, Any]:
    return {
        "writing": resource(tenant, "Quillstone Writing Studio", vendor_name="Quillstone Learning Inc.",
                            grades=(3, 8), elements=("student-name", "student-work"), subjects=("english-language-arts",)),
        "maps": resource(tenant, "Compass Rose Maps", vendor_name="Compass Rose Geo", grades=(6, 12),
                         elements=("geolocation",), subjects=("social-studies",), status="not_approved",
                         reason="Collects precise location."),
        "video": resource(tenant, "Tidewell Video Studio", vendor_name="Tidewell Media", grades=(9, 12),
                          elements=("video", "voice-recordings"), status="approved_with_parental_consent"),
        "lab": resource(tenant, "Mossgate Virtual Lab", vendor_name="Mossgate Sciences", status="pending",
                        description="Chemistry simulations"),
    }  # fmt: skip


def names(response: Any) -> list[str]:
    return [d["name"] for d in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Compass Rose Maps",
                "Mossgate Virtual Lab",
                "Quillstone Writing Studio",
                "Tidewell Video Studio",
            ],
        ),
        ("q=studio", ["Quillstone Writing Studio", "Tidewell Video Studio"]),
        ("q=QUILLSTONE", ["Quillstone Writing Studio"]),  # vendor name, any case
        ("q=chemistry", ["Mossgate Virtual Lab"]),  # description
        ("vendor=tidewell", ["Tidewell Video Studio"]),
        ("status=not_approved", ["Compass Rose Maps"]),
        ("grade=4", ["Mossgate Virtual Lab", "Quillstone Writing Studio"]),  # no band = all grades
        ("grade=K", ["Mossgate Virtual Lab"]),
        ("grade=10", ["Compass Rose Maps", "Mossgate Virtual Lab", "Tidewell Video Studio"]),
        ("subject=social-studies", ["Compass Rose Maps"]),
        ("element=voice-recordings", ["Tidewell Video Studio"]),
        ("element=voice-recordings&status=approved", []),
        ("q=nothing-like-this", []),
    ],
)
def test_search_and_filters(
    client: Client, tenant: Any, registry: Any, query: str, expected: list[str]
) -> None:
    response = client.get(f"/d/{tenant.district.slug}/resources/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_bad_filter_values_are_explained_not_500(client: Client, tenant: Any, registry: Any) -> None:
    response = client.get(
        f"/d/{tenant.district.slug}/resources/?grade=13&status=bogus&page=abc&q=" + "x" * 5000
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a grade from PK, K or 1 to 12." in body
    assert "Choose one of the listed statuses." in body


def test_paging(client: Client, tenant: Any) -> None:
    for i in range(30):
        resource(tenant, f"App {i:02d}")
    first = client.get(f"/d/{tenant.district.slug}/resources/")
    second = client.get(f"/d/{tenant.district.slug}/resources/?page=2")
    assert len(names(first)) == 25 and len(names(second)) == 5
    assert set(names(first)).isdisjoint(names(second))
    assert client.get(f"/d/{tenant.district.slug}/resources/?page=99").status_code == 200


def test_htmx_request_gets_only_the_results(client: Client, tenant: Any, registry: Any) -> None:
    response = client.get(f"/d/{tenant.district.slug}/resources/?q=maps", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Compass Rose Maps" in body and "<html" not in body


def test_detail_in_plain_words(client: Client, tenant: Any, registry: Any) -> None:
    video = registry["video"]
    body = client.get(f"/d/{tenant.district.slug}/resources/{video.pk}/").content.decode()
    assert "Approved, but only after families are notified and give permission." in body
    assert "Parental permission is needed" in body
    assert "Voice recordings" in body and "Video recordings" in body
    assert "Grade" in body and "9–12" in body
    maps_body = client.get(f"/d/{tenant.district.slug}/resources/{registry['maps'].pk}/").content.decode()
    assert "Not approved for use at this time." in maps_body and "Collects precise location." in maps_body


def test_private_fields_never_reach_public_pages(client: Client, tenant: Any, registry: Any) -> None:
    writing = registry["writing"]
    services.decide(
        tenant.district,
        writing,
        actor=tenant.user("admin"),
        status="approved",
        internal_notes="SECRET-NOTE-42",
    )
    urls = [
        f"/d/{tenant.district.slug}/resources/",
        f"/d/{tenant.district.slug}/resources/{writing.pk}/",
        f"/d/{tenant.district.slug}/resources.csv",
        f"/api/v1/districts/{tenant.district.slug}/registry/",
        f"/api/v1/districts/{tenant.district.slug}/registry/{writing.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        assert response.status_code == 200, url
        assert b"SECRET-NOTE-42" not in content, url
        assert tenant.user("admin").email.encode() not in content, url  # who decided stays internal


def test_resource_not_vetted_by_this_district_is_404(client: Client, tenant: Any, other_tenant: Any) -> None:
    theirs = resource(other_tenant, "Only In Larchmont")
    assert client.get(f"/d/{tenant.district.slug}/resources/{theirs.pk}/").status_code == 404
    assert client.get(f"/d/{other_tenant.district.slug}/resources/{theirs.pk}/").status_code == 200
    assert client.get(f"/api/v1/districts/{tenant.district.slug}/registry/{theirs.pk}/").status_code == 404


def test_unknown_district_is_404(client: Client, db: Any) -> None:
    assert client.get("/d/no-such-district/resources/").status_code == 404
    assert client.get("/api/v1/districts/no-such-district/registry/").status_code == 404


def test_registry_lists_only_this_districts_decisions(client: Client, tenant: Any, other_tenant: Any) -> None:
    resource(tenant, "Ours")
    resource(other_tenant, "Theirs")
    assert names(client.get(f"/d/{tenant.district.slug}/resources/")) == ["Ours"]


def test_csv_download(client: Client, tenant: Any, registry: Any) -> None:
    services.decide(
        tenant.district,
        registry["lab"],
        actor=tenant.user("admin"),
        status="pending",
        conditions="=HYPERLINK(1)",
    )
    response = client.get(f"/d/{tenant.district.slug}/resources.csv?status=pending")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for spreadsheet programs
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["resource", "vendor", "status"]
    assert [r[0] for r in rows[1:]] == ["Mossgate Virtual Lab"]
    assert rows[1][9] == "'=HYPERLINK(1)"  # a formula is neutralised


def test_registry_api(client: Client, tenant: Any, registry: Any) -> None:
    data = client.get(f"/api/v1/districts/{tenant.district.slug}/registry/?grade=10&element=video").json()
    assert data["count"] == 1
    entry = data["results"][0]
    assert entry["name"] == "Tidewell Video Studio"
    assert entry["needs_parental_permission"] is True
    assert {e["code"] for e in entry["data_elements"]} == {"video", "voice-recordings"}
    assert "internal_notes" not in entry and "decided_by" not in entry


def test_registry_api_rejects_bad_filters_with_field_errors(client: Client, tenant: Any) -> None:
    response = client.get(f"/api/v1/districts/{tenant.district.slug}/registry/?grade=99&status=maybe")
    assert response.status_code == 400
    assert set(response.json()) == {"grade", "status"}


def test_taxonomy_endpoints(client: Client, db: Any) -> None:
    elements = client.get("/api/v1/data-elements/").json()
    codes = {e["code"] for e in elements}
    # The seed policy's list and the NDPA Exhibit B categories are both covered.
    assert {"biometric", "geolocation", "search-activity", "voice-recordings", "photos", "grades", "discipline",
            "test-results", "special-education", "health", "student-address", "student-phone", "student-email"} <= codes  # fmt: skip
    assert next(e for e in elements if e["code"] == "student-name")["is_directory"] is True
    assert next(e for e in elements if e["code"] == "biometric")["sensitivity"] == "high"
    assert len(client.get("/api/v1/subjects/").json()) >= 10
