"""The registry read as plain rows (issue 15): the same JSON as the serializer, few queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from rest_framework.renderers import JSONRenderer

from vetted.catalog import registry_rows, selectors, services
from vetted.catalog.api.serializers import RegistryEntrySerializer
from vetted.catalog.models import DataElement, Resource, Subject
from vetted.catalog.tests.factories import resource
from vetted.site.api.registry import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(tenant: Any) -> list[Resource]:
    """Rows that differ in every way the entry can: bands, staff only, off elements, subjects, unknowns."""
    admin = tenant.user("admin")
    made = [
        resource(tenant, "Quillstone Writing Studio", vendor_name="Quillstone Learning Inc.", grades=(3, 8),
                 elements=("student-name", "student-work", "geolocation"), subjects=("english-language-arts", "art"),
                 description="Essays & \"quotes\" <b>bold</b>, ünïcode"),
        resource(tenant, "Compass Rose Maps", vendor_name="Compass Rose Geo", grades=(6, 12), elements=("geolocation",),
                 subjects=("social-studies",), status="not_approved", reason="Collects precise location."),
        resource(tenant, "Tidewell Video Studio", vendor_name="Tidewell Media", elements=("video", "voice-recordings"),
                 status="approved_with_parental_consent"),
        resource(tenant, "Mossgate Virtual Lab", vendor_name="Mossgate Sciences", status="pending"),
        resource(tenant, "Nobody Recorded", status="retired", grades=(-1, 0), reason="Replaced."),
    ]  # fmt: skip
    quill, maps, video, lab, _ = made
    services.decide(tenant.district, quill, actor=admin, status="approved", grade_min=4, grade_max=5,
                    conditions="Teacher accounts only.\nNo chat.",
                    elements_off=DataElement.objects.filter(code__in=["geolocation", "biometric"]))  # fmt: skip
    services.decide(tenant.district, lab, actor=admin, status="pending", staff_only=True)
    Resource.objects.filter(pk=maps.pk).update(
        under_13_users=True, mobile_app=True, privacy_policy_url="https://maps.example/privacy"
    )
    Resource.objects.filter(pk=video.pk).update(
        under_13_users=False, student_accounts_required=True, terms_url="https://video.example/terms"
    )
    Resource.objects.filter(pk=lab.pk).update(data_elements_recorded=True)
    return made


def test_entries_are_byte_identical_to_the_serializers(tenant: Any, varied: list[Resource]) -> None:
    request = RequestFactory().get("/api/v1/")
    links = {varied[0].pk: "/d/x/agreements/#agreement-1", varied[2].pk: "/d/x/agreements/#agreement-2"}
    filters = selectors.RegistryFilters()
    old = RegistryEntrySerializer(
        selectors.with_elements(selectors.registry(tenant.district, filters)),
        many=True,
        context={"request": request, "agreement_urls": links},
    ).data
    rows = selectors.registry_page(tenant.district, filters, page_size=25, first_page=True, full=True)[0:25]
    new = [
        entry(
            row,
            request.build_absolute_uri(links[row["resource_id"]]) if row["resource_id"] in links else None,
        )
        for row in rows
    ]
    assert len(new) == 5
    assert JSONRenderer().render(new) == JSONRenderer().render(old)
    # Everything the fixture varies is really there (the comparison is not between two empty lists).
    by_name = {e["name"]: e for e in new}
    assert by_name["Quillstone Writing Studio"]["grades"] == "4–5"
    assert [e["code"] for e in by_name["Quillstone Writing Studio"]["elements_off"]] == [
        "geolocation",
        "biometric",
    ] or [e["code"] for e in by_name["Quillstone Writing Studio"]["elements_off"]] == [
        "biometric",
        "geolocation",
    ]
    assert by_name["Mossgate Virtual Lab"]["data_collection"] == "none"
    assert by_name["Nobody Recorded"]["data_collection"] == "unknown"
    assert by_name["Mossgate Virtual Lab"]["grades"] == "Staff only (not for students)"
    assert by_name["Compass Rose Maps"]["under_13_users"] is True
    assert (
        by_name["Tidewell Video Studio"]["agreement_url"] == "http://testserver/d/x/agreements/#agreement-2"
    )


def test_the_api_detail_matches_the_serializer(client: Client, tenant: Any, varied: list[Resource]) -> None:
    quill = varied[0]
    request = RequestFactory().get("/")
    old = RegistryEntrySerializer(
        selectors.public_decision(tenant.district, quill.pk),
        context={"request": request, "agreement_urls": {}},
    ).data
    got = client.get(f"/api/v1/districts/{tenant.district.slug}/registry/{quill.pk}/")
    assert got.content == JSONRenderer().render(old)


def test_a_listing_page_is_few_queries(
    client: Client, tenant: Any, varied: list[Resource], django_assert_num_queries: Any
) -> None:
    for i in range(30):
        resource(tenant, f"App {i:02d}", elements=("student-name",))
    slug = tenant.district.slug
    # The taxonomy is now cached in this process, and whether the database has full-text search known.
    client.get(f"/d/{slug}/resources/?q=warm")
    # On PostgreSQL the row-security middleware scopes /api/v1/districts/<d>/ requests to their
    # district: it sets and clears the connection's scope (2 statements).
    scope = 2 if connection.vendor == "postgresql" else 0
    # The URL's district is read once per request, with its audit checkpoint (vetted.districts.access):
    # the time-zone middleware, the HTTP cache's validator and the view share that one query.
    # The tests' cache is in memory; with the database cache (production) reading the taxonomy's
    # version adds one query to each count below. Pages: the district, the page, the count (the
    # first page is full).
    with django_assert_num_queries(3):
        assert client.get(f"/d/{slug}/resources/?element=student-name").status_code == 200
    # a short first page needs no count
    with django_assert_num_queries(2):
        assert client.get(f"/d/{slug}/resources/?q=compass").status_code == 200
    # page 2: count, then the page
    with django_assert_num_queries(3):
        assert client.get(f"/d/{slug}/resources/?page=2").status_code == 200
    # the API: district, page, count, agreement links
    with django_assert_num_queries(4 + scope):
        assert client.get(f"/api/v1/districts/{slug}/registry/").status_code == 200
    # details: the district, the entry, its agreement link (both prepared statements)
    with django_assert_num_queries(3):
        assert client.get(f"/d/{slug}/resources/{varied[0].pk}/").status_code == 200
    with django_assert_num_queries(3 + scope):
        assert client.get(f"/api/v1/districts/{slug}/registry/{varied[0].pk}/").status_code == 200


def test_a_taxonomy_change_shows_at_once(client: Client, tenant: Any, varied: list[Resource]) -> None:
    slug = tenant.district.slug
    assert "Underwater Basket Weaving" not in client.get(f"/d/{slug}/resources/").content.decode()
    before = registry_rows.taxonomy_version()
    Subject.objects.create(slug="underwater-basket-weaving", name="Underwater Basket Weaving")
    assert registry_rows.taxonomy_version() != before
    assert "Underwater Basket Weaving" in client.get(f"/d/{slug}/resources/").content.decode()
    element = DataElement.objects.get(code="student-work")
    element.name = "Student work and drafts"
    element.save()
    body = client.get(f"/d/{slug}/resources/{varied[0].pk}/").content.decode()
    assert "Student work and drafts" in body


def test_another_process_sees_the_change(tenant: Any, varied: list[Resource], settings: Any) -> None:
    """A process holding an old taxonomy reloads when the shared version moves (simulated: the
    version in the shared cache is replaced, as another process's save would)."""
    settings.VETTED_TAXONOMY_RECHECK_SECONDS = 0
    first = registry_rows.taxonomy()
    assert registry_rows.taxonomy() is first
    DataElement.objects.filter(code="video").update(name="Moving pictures")  # around save(): no bump
    assert registry_rows.taxonomy().elements == first.elements  # still the cached one
    cache.set(registry_rows.VERSION_KEY, "moved-elsewhere", timeout=None)
    assert any(e["name"] == "Moving pictures" for e in registry_rows.taxonomy().elements.values())


def test_another_process_s_change_shows_within_the_recheck_time(
    tenant: Any, varied: list[Resource], settings: Any, monkeypatch: Any
) -> None:
    now = [1000.0]
    monkeypatch.setattr(registry_rows.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(registry_rows, "_seen", None)  # nothing read before this test's clock
    settings.VETTED_TAXONOMY_RECHECK_SECONDS = 1
    first = registry_rows.taxonomy(reload=True)
    DataElement.objects.filter(code="video").update(name="Moving pictures")
    cache.set(registry_rows.VERSION_KEY, "moved-elsewhere", timeout=None)
    now[0] += 0.5
    assert registry_rows.taxonomy() is first  # trusted for a second: no read of the shared version
    now[0] += 1.0
    assert any(e["name"] == "Moving pictures" for e in registry_rows.taxonomy().elements.values())


def test_an_element_unknown_to_the_cached_taxonomy_is_loaded(tenant: Any, varied: list[Resource]) -> None:
    registry_rows.taxonomy()
    new = DataElement.objects.bulk_create([DataElement(code="smell", name="Smell", position=999)])[0]
    varied[3].data_elements.add(new)
    row = selectors.public_entry(tenant.district, varied[3].pk)
    assert row is not None and [e["name"] for e in row["elements"]] == ["Smell"]


def test_a_cache_that_keeps_nothing_means_no_memo(tenant: Any, monkeypatch: Any) -> None:
    from django.core.cache.backends.dummy import DummyCache

    monkeypatch.setattr(registry_rows, "cache", DummyCache("dummy", {}))
    assert registry_rows.taxonomy_version() == ""
    first = registry_rows.taxonomy()
    DataElement.objects.filter(code="video").update(name="Moving pictures")
    assert registry_rows.taxonomy() is not first
    assert any(e["name"] == "Moving pictures" for e in registry_rows.taxonomy().elements.values())


@pytest.mark.parametrize("params", [{}, {"status": "approved"}, {"grade": "5"}, {"q": "studio"}])
def test_a_big_district_reads_the_same_pages_catalogue_first(
    tenant: Any, varied: list[Resource], monkeypatch: Any, params: dict[str, str]
) -> None:
    from vetted.catalog import registry_query

    # Two resources the district never decided on sit between its own in name order.
    resource(tenant, "Apple Orchard Reader", status=None)
    resource(tenant, "Mango Math", status=None)
    filters, _ = selectors.RegistryFilters.from_params(params)

    def pages(size: int) -> list[list[Any]]:
        registry_query._sizes.clear()
        rows = selectors.registry_page(tenant.district, filters, page_size=size, first_page=False, full=True)
        return [[r["resource_id"] for r in rows[i : i + size]] for i in range(0, rows.count() + size, size)]

    district_first = pages(2)
    monkeypatch.setattr(registry_query, "WALK_BELOW", 1)  # every district is "big" now
    plan = registry_query.plan(tenant.district.pk, filters)
    assert plan.catalogue_first is (not filters.words and connection.vendor == "sqlite")
    assert pages(2) == district_first
    assert sum(len(p) for p in district_first) == selectors.registry(tenant.district, filters).count()
