"""Every staff and public page renders; the public list never shows drafts; the registry links back."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc
from vetted.clocks.selectors import about

from .gate import make_ready

pytestmark = pytest.mark.django_db


def test_staff_pages_render(executed: Agreement, ct: Any, client_as: Any) -> None:
    client = client_as(ct.user("admin"))
    slug, pk = ct.district.slug, executed.pk
    for url in [
        reverse("staff-agreements", args=[slug]) + "?q=quill&status=fully_executed",
        reverse("staff-agreement-new", args=[slug]),
        reverse("staff-agreement", args=[slug, pk]),
        reverse("staff-agreement-edit", args=[slug, pk]),
        reverse("staff-agreement-checklist", args=[slug, pk]),
        reverse("staff-offers", args=[slug]),
        reverse("staff-obligations", args=[slug]) + "?status=open",
        reverse("staff-dashboard", args=[slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Quillstone DPA 2026" in client.get(reverse("staff-agreements", args=[slug])).content.decode()


def test_create_and_move_through_pages(ct: Any, catalog_item: Any, client_as: Any) -> None:
    client = client_as(ct.user("technology_director"))
    slug = ct.district.slug
    bad = client.post(reverse("staff-agreement-new", args=[slug]), {"title": "", "kind": "vendor"})
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()
    response = client.post(
        reverse("staff-agreement-new", args=[slug]),
        {"vendor": catalog_item.vendor.pk, "title": "Quillstone terms", "kind": "vendor",
         "resources": [catalog_item.pk], "security_framework": "soc2", "public": "on"},
    )  # fmt: skip
    agreement = Agreement.objects.get(title="Quillstone terms")
    assert response.status_code == 302 and agreement.created_by == ct.user("technology_director")
    refused = client.post(reverse("staff-agreement-transition", args=[slug, agreement.pk, "execute"]))
    assert refused.status_code == 400 and "cannot be moved" in refused.content.decode()
    make_ready(agreement, ct.user("admin"))
    for name in ("send", "vendor_sign", "execute"):
        assert (
            client.post(reverse("staff-agreement-transition", args=[slug, agreement.pk, name])).status_code
            == 302
        )
    agreement.refresh_from_db()
    assert agreement.status == "fully_executed" and about(agreement).exists()


def test_checklist_and_noncompliance_pages(draft: Agreement, ct: Any, client_as: Any) -> None:
    client = client_as(ct.user("admin"))
    check = draft.checks.first()
    assert check is not None
    url = reverse("staff-agreement-checklist", args=[ct.district.slug, draft.pk])
    no_page = client.post(url, {"check": check.pk, f"c{check.pk}-status": "present"})
    assert no_page.status_code == 400 and "page or section" in no_page.content.decode()
    assert client.post(url, {"check": check.pk, f"c{check.pk}-status": "missing"}).status_code == 302
    detail = client.get(reverse("staff-agreement", args=[ct.district.slug, draft.pk])).content.decode()
    assert "1 required provision missing, insufficient or in conflict" in detail and check.title in detail
    flag = client.post(reverse("staff-agreement-noncompliance", args=[ct.district.slug, draft.pk]),
                       {"amendment_requested_on": "2026-01-05", "note": "Addendum requested"})  # fmt: skip
    assert flag.status_code == 302
    assert (
        "asked to amend it on January 5, 2026"
        in client.get(reverse("staff-agreement", args=[ct.district.slug, draft.pk])).content.decode()
    )


def test_obligation_close_page_needs_reason_to_waive(executed: Agreement, ct: Any, client_as: Any) -> None:
    o = about(executed).first()
    assert o is not None
    url = reverse("staff-obligation-close", args=[ct.district.slug, o.pk])
    client = client_as(ct.user("admin"))
    assert client.post(url, {"status": "waived"}).status_code == 400
    assert client.post(url, {"status": "waived", "reason": "Notice sent on paper"}).status_code == 302
    o.refresh_from_db()
    assert o.status == "waived" and o.close_reason == "Notice sent on paper"


def test_public_list_shows_only_signed_public_agreements(
    executed: Agreement, ct: Any, catalog_item: Any, client_as: Any
) -> None:
    svc.create_agreement(ct.district, actor=ct.user("admin"), vendor=catalog_item.vendor,
                         data={"title": "Secret draft", "kind": "vendor"})  # fmt: skip
    hidden = svc.create_agreement(ct.district, actor=ct.user("admin"), vendor=catalog_item.vendor,
                                  data={"title": "Unpublished", "kind": "vendor", "public": False})  # fmt: skip
    svc.transition(hidden, "vendor_sign", actor=ct.user("admin"))
    make_ready(hidden, ct.user("admin"))
    svc.transition(hidden, "execute", actor=ct.user("admin"))
    page = client_as(None).get(reverse("public-agreements", args=[ct.district.slug])).content.decode()
    assert f'id="agreement-{executed.pk}"' in page and "Quillstone Writing Studio" in page
    assert f'id="agreement-{hidden.pk}"' not in page
    assert page.count('id="agreement-') == 1
    detail = (
        client_as(None)
        .get(reverse("registry-detail", args=[ct.district.slug, catalog_item.pk]))
        .content.decode()
    )
    assert f"/d/{ct.district.slug}/agreements/#agreement-{executed.pk}" in detail
    # The registry API carries the same link, for the page of results and for one resource.
    listing = client_as(None).get(f"/api/v1/districts/{ct.district.slug}/registry/").json()["results"]
    assert listing[0]["agreement_url"].endswith(f"/d/{ct.district.slug}/agreements/#agreement-{executed.pk}")
    one = client_as(None).get(f"/api/v1/districts/{ct.district.slug}/registry/{catalog_item.pk}/").json()
    assert one["agreement_url"] == listing[0]["agreement_url"]


def test_public_list_explains_its_words_through_the_glossary(
    executed: Agreement, ct: Any, client_as: Any
) -> None:
    """Issue 9, item 10: the type and "fully executed" link to their plain-words meaning."""
    page = client_as(None).get(reverse("public-agreements", args=[ct.district.slug])).content.decode()
    words = reverse("student-data", args=[ct.district.slug])
    assert f'href="{words}#term-standard"' in page and f'href="{words}#term-fully_executed"' in page
    glossary = client_as(None).get(words).content.decode()
    assert 'id="term-standard"' in glossary and 'id="term-fully_executed"' in glossary
    assert 'data-label="Signed copy"' in page  # a stacked row at 320 px says what each value is


def test_registry_without_agreement_says_so(ct: Any, catalog_item: Any, client_as: Any) -> None:
    detail = client_as(None).get(reverse("registry-detail", args=[ct.district.slug, catalog_item.pk]))
    assert "No signed agreement is on file yet." in detail.content.decode()
    listing = client_as(None).get(f"/api/v1/districts/{ct.district.slug}/registry/").json()["results"]
    assert [r["agreement_url"] for r in listing] == [None]


def test_seed_demo_agreements_is_idempotent(db: Any) -> None:
    from vetted.agreements.demo import seed_demo_agreements
    from vetted.site.demo import seed_demo

    district = seed_demo().district
    count = Agreement.objects.filter(district=district).count()
    assert count == 4
    assert Agreement.objects.filter(district=district, general_offer=True, status="fully_executed").exists()
    assert Agreement.objects.filter(district=district, amendment_requested_on__isnull=False).exists()
    assert seed_demo_agreements(district) == 0
    seed_demo()
    assert Agreement.objects.filter(district=district).count() == count


def test_agreement_links_for_a_long_page_of_resources(
    executed: Agreement, ct: Any, catalog_item: Any
) -> None:
    from vetted.agreements.selectors import agreement_urls_for_resources

    # A page longer than the smallest prepared list (8): ids the agreement does not cover pad it.
    unrelated = [catalog_item.pk + 1000 + i for i in range(11)]
    links = agreement_urls_for_resources(ct.district, [*unrelated[:5], catalog_item.pk, *unrelated[5:]])
    assert links == {catalog_item.pk: f"/d/{ct.district.slug}/agreements/#agreement-{executed.pk}"}
    assert agreement_urls_for_resources(ct.district, unrelated) == {}
    assert agreement_urls_for_resources(ct.district, []) == {}
