"""Input no database can hold, sent as a visitor would: a clear 400 or 404, never a 500.

Each case was a 500 before: a NUL byte reaches PostgreSQL through a search (it refuses NUL in
text); a 23-digit id reaches SQLite through a foreign-key lookup (OverflowError); a non-number
reaches an id lookup from a form (ValueError). Run on both databases.
"""

from __future__ import annotations

from typing import Any

import pytest

from vetted.agreements.services import agreements as agreement_services

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def anonymous(client_as: Any, settings: Any) -> Any:
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = client_as(None)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("query", ["q=a%00b", "vendor=a%00b", "grade=%00", "a%00=1", "page=1%00"])
def test_nul_byte_in_public_registry_search_is_refused(
    anonymous: Any, tenant: Any, catalog_item: Any, query: str
) -> None:
    response = anonymous.get(f"/d/{tenant.district.slug}/resources/?{query}")
    assert response.status_code == 400
    assert "cannot be stored" in response.content.decode()


def test_nul_byte_in_registry_api_search_is_refused_with_json(
    anonymous: Any, tenant: Any, catalog_item: Any
) -> None:
    response = anonymous.get(f"/api/v1/districts/{tenant.district.slug}/registry/?q=a%00b")
    assert response.status_code == 400
    assert "cannot be stored" in response.json()["detail"]


def test_nul_byte_in_a_form_body_is_refused_and_nothing_is_saved(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    from vetted.catalog.models import Vendor

    client = client_as(tenant.user("admin"))
    response = client.post(
        f"/manage/{tenant.district.slug}/vendors/new/",
        {"legal_name": "Nul\x00 Learning", "website": "https://nul.example/"},
    )
    assert response.status_code == 400
    assert not Vendor.objects.filter(legal_name__startswith="Nul").exists()


def test_escaped_nul_and_lone_surrogate_in_a_json_body_are_refused(tenant: Any, api_as: Any) -> None:
    client = api_as(tenant.user("admin"))
    url = f"/api/v1/districts/{tenant.district.slug}/vendors/"
    for body in ['{"legal_name": "a\\u0000b"}', '{"legal_name": "a\\ud800b"}', '{"x\\u0000": 1}']:
        response = client.generic("POST", url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert "cannot be stored" in response.json()["detail"]


@pytest.mark.parametrize("fmt", ["multipart", "json"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_nul_byte_in_an_api_put_or_patch_body_is_refused_and_nothing_changes(
    tenant: Any, catalog_item: Any, api_as: Any, method: str, fmt: str
) -> None:
    client = api_as(tenant.user("admin"))
    url = f"/api/v1/districts/{tenant.district.slug}/resources/{catalog_item.pk}/"
    # A slug looked up in the database (not a text field, which DRF's own validator guards).
    data = {"name": "Quillstone", "vendor": catalog_item.vendor.pk, "subjects": ["math\x00"]}
    response = getattr(client, method)(url, data, format=fmt)
    assert response.status_code == 400
    catalog_item.refresh_from_db()
    assert catalog_item.name == "Quillstone Writing Studio"


def test_plain_text_and_json_without_nul_still_pass(anonymous: Any, tenant: Any, catalog_item: Any) -> None:
    page = anonymous.get(f"/d/{tenant.district.slug}/resources/?q=Quillstone")
    assert page.status_code == 200 and "Quillstone Writing Studio" in page.content.decode()


@pytest.mark.parametrize(
    "path",
    [f"/d/{{slug}}/resources/{HUGE}/", f"/api/v1/districts/{{slug}}/registry/{HUGE}/"],
)
def test_23_digit_id_in_a_public_path_is_not_found(
    anonymous: Any, tenant: Any, catalog_item: Any, path: str
) -> None:
    response = anonymous.get(path.format(slug=tenant.district.slug))
    assert response.status_code == 404


@pytest.mark.parametrize("number", [HUGE, "9223372036854775808"])
def test_23_digit_ids_in_staff_paths_and_api_ids_are_not_found(
    tenant: Any, catalog_item: Any, client_as: Any, api_as: Any, number: str
) -> None:
    slug = tenant.district.slug
    staff = client_as(tenant.user("admin"))
    for path in [f"/manage/{slug}/resources/{number}/", f"/manage/{slug}/agreements/{number}/checklist/"]:
        assert staff.get(path).status_code == 404, path
    api = api_as(tenant.user("admin"))
    for path in [
        f"/api/v1/districts/{slug}/resources/{number}/",
        f"/api/v1/districts/{slug}/agreements/{number}/",
        f"/api/v1/districts/{slug}/decisions/{number}/",  # looked up by resource: a foreign key
    ]:
        assert api.get(path).status_code == 404, path
        assert api.patch(path, {"reason": "x"}, format="json").status_code == 404, path


@pytest.mark.parametrize("check", ["abc", "²", HUGE, "-1", "1.5", ""])
def test_non_number_check_in_the_agreement_checklist_post_is_not_found(
    tenant: Any, catalog_item: Any, client_as: Any, check: str
) -> None:
    admin = tenant.user("admin")
    agreement = agreement_services.create_agreement(
        tenant.district, actor=admin, vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "standard"},
    )  # fmt: skip
    client = client_as(admin)
    response = client.post(
        f"/manage/{tenant.district.slug}/agreements/{agreement.pk}/checklist/", {"check": check}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", HUGE, "abc"])
def test_non_number_resource_and_reviewer_filters_are_ignored(
    tenant: Any, catalog_item: Any, client_as: Any, value: str
) -> None:
    slug = tenant.district.slug
    client = client_as(tenant.user("admin"))
    assert client.get(f"/manage/{slug}/resource-requests/known/?resource={value}").status_code == 200
    assert client.get(f"/manage/{slug}/resource-requests/all/?reviewer={value}").status_code == 200
