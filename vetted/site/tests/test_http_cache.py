"""HTTP caching of the public pages and the public registry API (vetted/site/http_cache.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from vetted.catalog import services

pytestmark = pytest.mark.django_db


def urls(tenant: Any, resource_id: int) -> list[str]:
    slug = tenant.district.slug
    return [
        f"/d/{slug}/resources/",
        f"/d/{slug}/resources/?q=quillstone&status=approved",
        f"/d/{slug}/resources/{resource_id}/",
        f"/d/{slug}/resources.csv",
        f"/d/{slug}/agreements/",
        f"/d/{slug}/student-data/",
        f"/d/{slug}/notices/",
        f"/d/{slug}/incidents/",
        f"/api/v1/districts/{slug}/registry/",
        f"/api/v1/districts/{slug}/registry/{resource_id}/",
    ]


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def pages(tenant: Any, catalog_item: Any) -> list[str]:
    return urls(tenant, catalog_item.pk)


def test_a_repeat_request_is_answered_304_without_a_body(pages: list[str]) -> None:
    client = Client()
    for url in pages:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["Cache-Control"] == "public, max-age=0, must-revalidate", url
        assert first["ETag"].startswith('"') and first["Last-Modified"], url
        vary = {v.strip().lower() for v in first["Vary"].split(",")}
        assert {"hx-request", "cookie"} <= vary, url
        if "/api/" in url:
            assert "accept" in vary, url
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        assert body(again) == b"" and again["ETag"] == first["ETag"], url
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304, url
        stale = client.get(url, headers={"If-None-Match": '"not-this-one"'})
        assert stale.status_code == 200 and body(stale), url


def test_a_decision_moves_the_etag_of_every_page(tenant: Any, catalog_item: Any, pages: list[str]) -> None:
    client = Client()
    before = {url: client.get(url)["ETag"] for url in pages}
    services.decide(tenant.district, catalog_item, actor=tenant.user("admin"), status="pending")
    for url in pages:
        response = client.get(url, headers={"If-None-Match": before[url]})
        assert response.status_code == 200, url
        assert response["ETag"] != before[url], url
    listing = client.get(f"/api/v1/districts/{tenant.district.slug}/registry/").json()
    assert listing["results"][0]["status"] == "pending"


def test_another_districts_change_leaves_the_etag_alone(
    tenant: Any, other_tenant: Any, catalog_item: Any, pages: list[str]
) -> None:
    from vetted.catalog.tests.factories import resource

    client = Client()
    before = client.get(pages[0])["ETag"]
    resource(other_tenant, "Larch Tree Maps")
    assert client.get(pages[0], headers={"If-None-Match": before}).status_code == 304


def test_a_shared_catalogue_change_moves_the_etag(tenant: Any, catalog_item: Any, pages: list[str]) -> None:
    from vetted.catalog import governance

    client = Client()
    before = client.get(pages[2])["ETag"]
    governance.update_resource(
        tenant.district, catalog_item, actor=tenant.user("admin"), data={"description": "Now with maps."}
    )
    response = client.get(pages[2], headers={"If-None-Match": before})
    assert response.status_code == 200 and b"Now with maps." in response.content


def test_the_htmx_fragment_and_the_full_page_are_different_answers(tenant: Any, catalog_item: Any) -> None:
    client = Client()
    url = f"/d/{tenant.district.slug}/resources/?q=quill"
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert full["ETag"] != fragment["ETag"]
    assert "hx-request" in fragment["Vary"].lower()
    # The full page's validator does not get a 304 for the fragment, nor the other way round.
    assert client.get(url, headers={"HX-Request": "true", "If-None-Match": full["ETag"]}).status_code == 200
    assert client.get(url, headers={"If-None-Match": fragment["ETag"]}).status_code == 200
    other_query = client.get(f"/d/{tenant.district.slug}/resources/?q=quills")
    assert other_query["ETag"] != full["ETag"]


def test_the_api_etag_follows_accept(tenant: Any, catalog_item: Any) -> None:
    client = Client()
    url = f"/api/v1/districts/{tenant.district.slug}/registry/"
    as_json = client.get(url, headers={"Accept": "application/json"})
    as_html = client.get(url, headers={"Accept": "text/html"})
    assert as_json["Content-Type"].startswith("application/json")
    assert as_json["ETag"] != as_html["ETag"]
    assert (
        client.get(url, headers={"Accept": "text/html", "If-None-Match": as_json["ETag"]}).status_code == 200
    )


@pytest.mark.parametrize("role", ["admin", "staff", "auditor"])
def test_signed_in_people_get_private_no_store_and_no_validators(
    tenant: Any, catalog_item: Any, client_as: Any, pages: list[str], role: str
) -> None:
    anonymous_etag = Client().get(pages[0])["ETag"]
    client = client_as(tenant.user(role))
    for url in pages:
        response = client.get(url, headers={"If-None-Match": anonymous_etag})
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response and "Last-Modified" not in response, url
        assert "cookie" in response["Vary"].lower(), url
    # Not even the anonymous validator of the same page gets them a 304.
    assert client.get(pages[0], headers={"If-None-Match": anonymous_etag}).status_code == 200


def test_an_api_token_is_treated_as_signed_in(tenant: Any, catalog_item: Any) -> None:
    url = f"/api/v1/districts/{tenant.district.slug}/registry/"
    response = Client().get(url, headers={"Authorization": "Token not-a-real-one"})
    assert response["Cache-Control"] == "private, no-store" and "ETag" not in response


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": 'garbage, "unterminated'},
        {"If-None-Match": "*"},
        {"If-None-Match": "W/"},
        {"If-Modified-Since": "yesterday-ish"},
        {"If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT"},
        {"If-Modified-Since": "\x00\x01"},
        {"If-Match": "nonsense"},
        {"If-Unmodified-Since": "32 Smarch"},
    ],
)
def test_garbage_conditional_headers_never_give_a_500(pages: list[str], headers: dict[str, str]) -> None:
    client = Client()
    for url in pages:
        response = client.get(url, headers=headers)
        # 400: vetted.kit.middleware refuses control characters in headers.
        assert response.status_code in (200, 304, 400, 412), (url, response.status_code)


def test_unknown_districts_and_resources_are_404_and_not_cached(tenant: Any, catalog_item: Any) -> None:
    client = Client()
    for url in ["/d/nowhere/resources/", f"/d/{tenant.district.slug}/resources/999999/"]:
        response = client.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == 404, url
        assert "ETag" not in response, url


def test_a_post_is_never_answered_from_a_validator(tenant: Any, catalog_item: Any) -> None:
    client = Client()
    url = f"/d/{tenant.district.slug}/resources/"
    etag = client.get(url)["ETag"]
    response = client.post(url, headers={"If-None-Match": etag})
    assert response.status_code != 304


@pytest.fixture
def page_cache_on(settings: Any) -> Any:
    from vetted.site import page_cache

    settings.VETTED_PAGE_CACHE = True
    page_cache.clear()
    yield page_cache
    page_cache.clear()


def test_a_rendered_page_is_sent_again_until_its_etag_moves(
    tenant: Any, catalog_item: Any, pages: list[str], page_cache_on: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for url in [u for u in pages if not u.endswith(".csv")]:  # the CSV streams: never kept
        first = client.get(url)
        with CaptureQueriesContext(connection) as rendered_again:
            again = client.get(url)
        assert again.status_code == 200 and again.content == first.content, url
        assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"], url
        # Only the district's row (the validator) is read: nothing is rendered again.
        reads = [  # PostgreSQL's row-security scope (set_config) is not a read
            q["sql"]
            for q in rendered_again.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT") and "set_config" not in q["sql"]
        ]
        assert len(reads) <= 2 and all("catalog_resourcedecision" not in q for q in reads), url
    services.decide(tenant.district, catalog_item, actor=tenant.user("admin"), status="pending")
    listing = client.get(f"/api/v1/districts/{tenant.district.slug}/registry/").json()
    assert listing["results"][0]["status"] == "pending"


def test_pages_for_a_visitor_with_cookies_or_signed_in_are_never_kept(
    tenant: Any, catalog_item: Any, page_cache_on: Any
) -> None:
    url = f"/d/{tenant.district.slug}/resources/"
    with_cookie = Client()
    with_cookie.cookies["messages"] = "anything"
    with_cookie.get(url)
    assert not page_cache_on._pages
    staff = Client()
    staff.force_login(tenant.user("admin"))
    page = staff.get(url)
    assert page["Cache-Control"] == "private, no-store" and not page_cache_on._pages
    Client().get(url)
    assert len(page_cache_on._pages) == 1
    # Staff still get their own rendering, never the anonymous one kept above.
    assert staff.get(url)["Cache-Control"] == "private, no-store"


def test_a_page_kept_for_one_host_is_not_sent_to_another(
    tenant: Any, catalog_item: Any, page_cache_on: Any, settings: Any
) -> None:
    """The API's links are absolute, from the Host header: a visitor naming another (allowed) host
    must not have their answer kept and handed to everyone else."""
    settings.ALLOWED_HOSTS = ["vetted.example", "mirror.example"]
    url = f"/api/v1/districts/{tenant.district.slug}/registry/{catalog_item.pk}/"
    first = Client(HTTP_HOST="mirror.example").get(url)
    second = Client(HTTP_HOST="vetted.example").get(url)
    assert first.status_code == second.status_code == 200
    assert first["ETag"] != second["ETag"]
    assert len(page_cache_on._pages) == 2
