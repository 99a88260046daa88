"""No private field reaches a public page, the public API or the CSV (issue 9, item 1).

A district has every private field filled with a unique marker: decision internal notes, the
requester's description and answers, the committee's and the director's reasons, comments, votes,
the requester's and reviewers' names, agreement notes. Every public route (tests/matrix.py PUBLIC)
that takes only a district and a resource is walked, with the registry's filters, and no marker may
appear in any answer. A route added to PUBLIC without being walked here fails the test."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vetted.agreements.models import Agreement
from vetted.catalog import services as catalog
from vetted.catalog.models import DataElement, Resource, ResourceDecision
from vetted.incidents.models import Incident
from vetted.notices.models import Notice, Recipient
from vetted.resource_requests import services
from vetted.resource_requests.models import RequestAttachment, ResourceRequest
from vetted.resource_requests.tests.factories import COMPLETE

from .matrix import PUBLIC

pytestmark = pytest.mark.django_db

_counter = itertools.count(1)
MARKERS: list[str] = []
POSTED: dict[str, tuple[str, int]] = {}  # route name -> (its id keyword, the posting's id)

# Public routes that need something other than a district and a resource (a token, a document,
# a sign-in flow) or show nothing district-owned: not walked, each with its reason.
NOT_WALKED = {
    "healthz": "answers 'ok'",
    "login": "sign-in form", "logout": "sign-out", "password_reset": "form", "password_reset_done": "static",
    "password_reset_confirm": "token", "password_reset_complete": "static",
    "account_login": "sign-in form", "account_logout": "sign-out", "account_inactive": "static",
    "account_reset_password": "form", "account_reset_password_done": "static",
    "account_reset_password_from_key": "token", "account_reset_password_from_key_done": "static",
    "openid_connect_login": "sign-in flow", "openid_connect_callback": "sign-in flow",
    "saml_login": "sign-in flow", "saml_acs": "sign-in flow", "saml_finish_acs": "sign-in flow",
    "saml_sls": "sign-out flow", "saml_metadata": "our SAML metadata, no rows",
    "ical-feed": "a secret token of a member (staff data by design, not public)",
    "public-agreement-document": "the file the district itself marked public",
    "api-schema": "the API's description, no rows",
    "data-inventory": "describes fields, shows no row", "data-inventory-json": "describes fields, shows no row",
    "invitation": "a secret token e-mailed to one address; shows that invitation only (test_invitations.py)",
    "notice-answer": "a signed token for one family; shows that family's children only (test_consent.py)",
    "notice-withdraw": "a signed token for one answer; shows that answer only (test_consent.py)",
    "family-code": "the code form of a sign-in started for one address; sends back to sign-in otherwise",
    "family-sign-out": "ends a family's session; no page of its own",
    "vendor-incident-report": "a signed link for one vendor; a form, no district rows (test_vendor_link.py)",
    "vendor-disposition": "a signed, single-use link for one ended agreement; shows that agreement's title and "
                          "due date only (vetted/disposition/tests/test_vendor_link.py)",
    "vendor-rights-task": "a signed link for one vendor's task; that request only (test_requests_flow.py)",
}  # fmt: skip


def marker(what: str) -> str:
    text = f"PRIVATE{next(_counter):03d}-{what}"
    MARKERS.append(text)
    return text


def _walk_urls(slug: str, resource_ids: list[int], posted: dict[str, tuple[str, int]]) -> list[str]:
    urls = []
    for name in PUBLIC:
        if name in NOT_WALKED:
            continue
        if name in posted:  # a posting's page, by its id
            key, pk = posted[name]
            urls.append(reverse(name, kwargs={"district_slug": slug, key: pk}))
        elif name in ("registry-detail", "api-registry-detail"):
            urls += [reverse(name, kwargs={"district_slug": slug, "resource_id": r}) for r in resource_ids]
        elif name in ("home", "api-data-elements", "api-subjects"):
            urls.append(reverse(name))
        else:
            base = reverse(name, kwargs={"district_slug": slug})
            urls.append(base)
            if name in ("registry", "registry-csv", "api-registry"):
                urls += [f"{base}?q=a", f"{base}?status=not_approved", f"{base}?status=approved"]
    return urls


def _filled_district(tenant: Any) -> list[int]:
    for role, user in tenant.users.items():
        user.full_name = marker(f"name-of-{role}")
        user.position = marker(f"position-of-{role}")
        user.save()
    staff, reviewer = tenant.user("staff"), tenant.user("reviewer")
    director = tenant.user("technology_director")
    private_text = {
        f: marker(f) for f in ("description", "planned_use", "information_shared", "who_has_access")
    }

    # 1. Approved by the committee, with a vote reason and comments.
    approved = services.create_draft(tenant.district, actor=staff, data={
        **COMPLETE, **private_text, "resource_name": "Wrenfield Notes", "vendor_name": "Wrenfield Co.",
        "resource_url": "https://wrenfield.example/", "requester_position": marker("requester_position"),
        "data_elements": DataElement.objects.filter(code="student-name"),
    })  # fmt: skip
    approved = services.submit(approved, actor=staff)
    services.comment(approved, actor=reviewer, body=marker("comment"))
    services.vote(approved, actor=reviewer, outcome="approved", reason=marker("vote_reason"))

    # 2. Refused by the director (their reason is the requester's).
    refused = services.create_draft(tenant.district, actor=staff, data={
        **COMPLETE, **{f: marker(f) for f in private_text}, "resource_name": "Mossbank Quiz",
        "vendor_name": "Mossbank Ltd.", "resource_url": "https://mossbank.example/",
        "terms_url": "https://mossbank.example/terms",
    })  # fmt: skip
    refused = services.submit(refused, actor=staff)
    services.request_information(refused, actor=reviewer, question=marker("question"))
    refused.refresh_from_db()
    services.respond(refused, actor=staff, answer=marker("answer"))
    refused.refresh_from_db()
    services.refuse_terms(refused, actor=director, reason=marker("director_refusal"))

    # 3. A catalogue decision made directly, with internal notes.
    resource = Resource.objects.get(name="Wrenfield Notes")
    catalog.decide(tenant.district, resource, actor=tenant.user("admin"), status="approved",
                   reason="Reviewed by the committee.", internal_notes=marker("internal_notes"))  # fmt: skip
    for decision in ResourceDecision.objects.filter(district=tenant.district):
        decision.internal_notes = marker("internal_notes")
        decision.save(update_fields=["internal_notes"])

    # 4. A published agreement with its internal notes.
    agreement = Agreement.objects.create(
        district=tenant.district, vendor=resource.vendor, title="Wrenfield DPA", kind="standard",
        status="fully_executed", executed_date=dt.date(2026, 9, 1), effective_date=dt.date(2026, 9, 1),
        public=True, noncompliance_note=marker("noncompliance_note"), offer_end_note=marker("offer_end_note"),
    )  # fmt: skip
    agreement.resources.add(resource)

    # 5. A refused attachment's refusal.
    RequestAttachment.objects.create(district=tenant.district, request=refused, original_name=marker("file"),
                                     stored_name="x" * 40, size=1, sha256="0" * 64, status="refused",
                                     refusal=marker("refusal"))  # fmt: skip
    assert ResourceRequest.objects.filter(state="decided").count() == 2

    # 6. A posted notice to families (its recipients' names and addresses are private) and a posted
    #    breach incident (internal notes, the vendor's contact and remediation are private).
    notice = Notice.objects.create(
        district=tenant.district, kind="contract_executed", agreement=agreement, status="sent",
        title="Wrenfield Notes", description="Notes for class.", purpose="Reading.", post_publicly=True,
        posted_at=timezone.now(), sent_at=timezone.now(),
    )  # fmt: skip
    Recipient.objects.create(district=tenant.district, notice=notice, channel="email", language="en",
                             email=f"{marker('recipient')}@family.example", name=marker("recipient_name"),
                             token_nonce="0" * 32)  # fmt: skip
    incident = Incident.objects.create(
        district=tenant.district, vendor=resource.vendor, title="Wrenfield incident",
        what_happened="A server was open.", district_aware_at=timezone.now(), posted_at=timezone.now(),
        internal_notes=marker("incident_notes"), contact_name=marker("vendor_contact"),
        remediation=marker("remediation"), awareness_gap_reason=marker("gap_reason"),
    )  # fmt: skip
    POSTED.update({"public-notice": ("pk", notice.pk), "public-incident": ("incident_id", incident.pk)})
    return list(
        ResourceDecision.objects.filter(district=tenant.district).values_list("resource_id", flat=True)
    )


def _body(response: Any) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_no_private_field_reaches_a_public_page_api_or_csv(tenant: Any, client_as: Any) -> None:
    MARKERS.clear()
    resource_ids = _filled_district(tenant)
    assert len(resource_ids) == 2 and len(MARKERS) > 20
    client = client_as(None)
    urls = _walk_urls(tenant.district.slug, resource_ids, POSTED)
    walked = {name for name in PUBLIC if name not in NOT_WALKED}
    assert walked >= {"registry", "registry-csv", "registry-detail", "api-registry", "api-registry-detail",
                      "public-agreements", "student-data"}  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        leaked = [m for m in MARKERS if m in body]
        assert not leaked, f"{url} shows {leaked}"
    # The walk saw the rows it guards: both resources and the agreement are on the public pages.
    registry = _body(client.get(reverse("registry-csv", kwargs={"district_slug": tenant.district.slug})))
    assert "Wrenfield Notes" in registry and "Mossbank Quiz" in registry
    agreements = _body(
        client.get(reverse("public-agreements", kwargs={"district_slug": tenant.district.slug}))
    )
    assert 'id="agreement-' in agreements and "Wrenfield Notes" in agreements


def test_the_walk_can_fail(tenant: Any, client_as: Any) -> None:
    """The same walk sees a marker put in a public field (so a leak would be caught)."""
    MARKERS.clear()
    _filled_district(tenant)
    decision = ResourceDecision.objects.filter(district=tenant.district).first()
    assert decision is not None
    decision.reason = MARKERS[0]
    decision.save(update_fields=["reason"])
    url = reverse("api-registry-detail", kwargs={"district_slug": tenant.district.slug,
                                                 "resource_id": decision.resource_id})  # fmt: skip
    assert MARKERS[0] in _body(client_as(None).get(url))
