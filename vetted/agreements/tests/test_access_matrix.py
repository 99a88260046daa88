"""Authorization matrix: every role, another district's admin and anonymous, on pages and API.

A denied case also asserts that nothing changed: rows, statuses, checklist, documents, and that no
audit event, outbox row or mail was written (on-commit callbacks captured and run). Each case names
the route it covers (tests/test_route_coverage.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import MATRIX_WHO, make_tenant, matrix_user
from tests.matrix import ADMINS, EDITORS, EVERYONE, Case, run_case
from vetted.agreements.models import Agreement, AgreementDocument
from vetted.clocks.models import CalendarFeed, ClosureDay, Obligation
from vetted.clocks.selectors import about

from .files import exhibit_e, pdf_bytes
from .gate import make_ready

pytestmark = pytest.mark.django_db

MANAGERS = ADMINS
WHO = MATRIX_WHO


def _agr(w: Any, suffix: str = "") -> str:
    return f"/manage/{w.slug}/agreements/{w.draft.pk}/{suffix}"


def _exe(w: Any, suffix: str = "") -> str:
    return f"/manage/{w.slug}/agreements/{w.executed.pk}/{suffix}"


def _api(w: Any, suffix: str = "") -> str:
    return f"/api/v1/districts/{w.slug}/{suffix}"


def _obl(w: Any, suffix: str = "") -> str:
    return f"/manage/{w.slug}/obligations/{suffix}"


def _pdf(w: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("b.pdf", pdf_bytes())}


def _asked(w: Any) -> dict[str, Any]:
    return {"amendment_requested_on": "2026-01-05", "note": "Asked by letter."}


CASES = [
    Case("page: agreement list", "staff-agreements", False, "get", lambda w: f"/manage/{w.slug}/agreements/",
         EVERYONE, 200),
    Case("page: agreement detail", "staff-agreement", False, "get", lambda w: _agr(w), EVERYONE, 200),
    Case("page: obligations", "staff-obligations", False, "get", lambda w: _obl(w), EVERYONE, 200),
    Case("page: document", "staff-agreement-document", False, "get", lambda w: _agr(w, f"documents/{w.doc.pk}/"),
         EVERYONE, 200),
    Case("page: checklist", "staff-agreement-checklist", False, "get", lambda w: _agr(w, "checklist/"),
         EVERYONE, 200),
    Case("page: new agreement form", "staff-agreement-new", False, "get",
         lambda w: f"/manage/{w.slug}/agreements/new/", EDITORS, 200),
    Case("page: create agreement", "staff-agreement-new", False, "post",
         lambda w: f"/manage/{w.slug}/agreements/new/", EDITORS, 302,
         lambda w: {"vendor": w.vendor.pk, "title": "New DPA", "kind": "vendor", "public": "on"}),
    Case("page: edit form", "staff-agreement-edit", False, "get", lambda w: _agr(w, "edit/"), EDITORS, 200),
    Case("page: edit", "staff-agreement-edit", False, "post", lambda w: _agr(w, "edit/"), EDITORS, 302,
         lambda w: {"vendor": w.vendor.pk, "title": "Renamed DPA", "kind": "vendor"}),
    Case("page: send to vendor", "staff-agreement-transition", False, "post", lambda w: _agr(w, "transition/send/"),
         EDITORS, 302),
    Case("page: upload", "staff-agreement-upload", False, "post", lambda w: _agr(w, "documents/"), EDITORS, 302,
         _pdf),
    Case("page: noncompliance", "staff-agreement-noncompliance", False, "post", lambda w: _agr(w, "noncompliance/"),
         EDITORS, 302, _asked),
    Case("page: renew", "staff-agreement-renew", False, "post", lambda w: _exe(w, "renew/"), EDITORS, 302),
    Case("page: end offer", "staff-agreement-end-offer", False, "post", lambda w: _exe(w, "offer/end/"),
         EDITORS, 302, lambda w: {"reason": "withdrawn"}),
    Case("page: offers", "staff-offers", False, "get", lambda w: f"/manage/{w.slug}/agreements/offers/",
         EVERYONE, 200),
    Case("page: adopt form", "staff-offer-adopt", False, "get",
         lambda w: f"/manage/{w.slug}/agreements/offers/{w.offer.pk}/adopt/", EDITORS, 200),
    Case("page: adopt", "staff-offer-adopt", False, "post",
         lambda w: f"/manage/{w.slug}/agreements/offers/{w.offer.pk}/adopt/", EDITORS, 302,
         lambda w: {"signatory_name": "Imogen Tallis", "signatory_title": "Superintendent",
                    "signed_copy": exhibit_e()}),
    Case("page: close obligation", "staff-obligation-close", False, "post",
         lambda w: _obl(w, f"{w.obligation.pk}/close/"), MANAGERS, 302, lambda w: {"status": "done"}),
    Case("page: add closure day", "staff-closure-add", False, "post", lambda w: _obl(w, "closures/"), MANAGERS,
         302, lambda w: {"date": "2026-03-04", "reason": "Snow day"}),
    Case("page: remove closure day", "staff-closure-remove", False, "post",
         lambda w: _obl(w, f"closures/{w.closure.pk}/remove/"), MANAGERS, 302),
    Case("page: calendar link", "staff-feed-regenerate", False, "post", lambda w: _obl(w, "calendar-link/"),
         EVERYONE, 302),
    Case("api: list agreements", "agreement-list", True, "get", lambda w: _api(w, "agreements/"), EVERYONE, 200),
    Case("api: agreement", "agreement-detail", True, "get", lambda w: _api(w, f"agreements/{w.draft.pk}/"),
         EVERYONE, 200),
    Case("api: patch agreement", "agreement-detail", True, "patch", lambda w: _api(w, f"agreements/{w.draft.pk}/"),
         EDITORS, 200, lambda w: {"title": "Patched DPA"}),
    Case("api: checklist", "agreement-checklist", True, "get",
         lambda w: _api(w, f"agreements/{w.draft.pk}/checklist/"), EVERYONE, 200),
    Case("api: list obligations", "obligation-list", True, "get", lambda w: _api(w, "obligations/"), EVERYONE, 200),
    Case("api: obligation", "obligation-detail", True, "get", lambda w: _api(w, f"obligations/{w.obligation.pk}/"),
         EVERYONE, 200),
    Case("api: clock", "api-clock", True, "get",
         lambda w: _api(w, "clock/?event=agreement.executed&at=2026-03-02T10:00:00Z"), EVERYONE, 200),
    Case("api: create agreement", "agreement-list", True, "post", lambda w: _api(w, "agreements/"), EDITORS, 201,
         lambda w: {"vendor": w.vendor.pk, "title": "API DPA", "kind": "standard"}),
    Case("api: transition", "agreement-transition", True, "post",
         lambda w: _api(w, f"agreements/{w.draft.pk}/transition/"), EDITORS, 200, lambda w: {"action": "send"}),
    Case("api: upload", "agreement-documents", True, "post", lambda w: _api(w, f"agreements/{w.draft.pk}/documents/"),
         EDITORS, 201, _pdf, fmt="multipart"),
    Case("api: mark check", "agreement-mark-check", True, "patch",
         lambda w: _api(w, f"agreements/{w.draft.pk}/checklist/{w.draft.checks.first().pk}/"), EDITORS, 200,
         lambda w: {"status": "missing"}),
    Case("api: noncompliance", "agreement-noncompliance", True, "post",
         lambda w: _api(w, f"agreements/{w.draft.pk}/noncompliance/"), EDITORS, 200, _asked),
    Case("api: renew", "agreement-renew", True, "post", lambda w: _api(w, f"agreements/{w.executed.pk}/renew/"),
         EDITORS, 201),
    Case("api: end offer", "agreement-end-offer", True, "post",
         lambda w: _api(w, f"agreements/{w.executed.pk}/end-offer/"), EDITORS, 200, lambda w: {"reason": "expired"}),
    Case("api: offers", "general-offer-list", True, "get", lambda w: _api(w, "general-offers/"), EVERYONE, 200),
    Case("api: adopt", "general-offer-adopt", True, "post", lambda w: _api(w, f"general-offers/{w.offer.pk}/adopt/"),
         EDITORS, 201, lambda w: {"signatory_name": "Imogen Tallis", "signed_copy": exhibit_e()}, "multipart"),
    Case("api: close obligation", "obligation-close", True, "post",
         lambda w: _api(w, f"obligations/{w.obligation.pk}/close/"), MANAGERS, 200,
         lambda w: {"status": "waived", "reason": "Done on paper"}),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


@dataclass
class World:
    slug: str
    draft: Agreement  # a draft with a document and a provision marked missing
    executed: Agreement  # executed, a general offer
    offer: Agreement  # a neighbouring CT district's open general offer
    vendor: Any
    doc: AgreementDocument
    obligation: Obligation
    closure: ClosureDay


@pytest.fixture
def world(executed: Agreement, ct: Any, catalog_item: Any) -> World:
    from vetted.agreements.services import agreements as svc
    from vetted.agreements.services import checklist
    from vetted.agreements.services.documents import add_document

    admin = ct.user("admin")
    second = svc.create_agreement(ct.district, actor=admin, vendor=catalog_item.vendor,
                                  data={"title": "Second draft", "kind": "vendor"})  # fmt: skip
    doc = add_document(second, SimpleUploadedFile("a.pdf", pdf_bytes()), actor=admin)
    check = second.checks.first()
    assert check is not None
    checklist.mark_check(check, actor=admin, status="missing")
    neighbour = make_tenant("oakmere", "Oakmere Public Schools", state="CT")
    n_admin = neighbour.user("admin")
    offer = svc.create_agreement(
        neighbour.district, actor=n_admin, vendor=catalog_item.vendor,
        data={"title": "Oakmere DPA", "kind": "standard", "general_offer": True,
              "vendor_signatory_name": "Odalys Prentiss", "vendor_signatory_title": "CEO"},
    )  # fmt: skip
    svc.transition(offer, "vendor_sign", actor=n_admin)
    make_ready(offer, n_admin)
    svc.transition(offer, "execute", actor=n_admin, at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=ct.district.tz))
    closure = ClosureDay.objects.create(
        district=ct.district, date=dt.date(2026, 12, 24), reason="Winter break"
    )
    obligation = about(executed).first()
    assert obligation is not None
    return World(ct.district.slug, second, executed, offer, catalog_item.vendor, doc, obligation, closure)


def _state() -> tuple[Any, ...]:
    return (
        sorted(
            Agreement.objects.values_list(
                "pk", "status", "title", "amendment_requested_on", "offer_end_reason"
            )
        ),
        sorted(Obligation.objects.values_list("pk", "status", "due_at")),
        AgreementDocument.objects.count(),
        sorted(Agreement.objects.values_list("checks__pk", "checks__status")),
        sorted(ClosureDay.objects.values_list("pk", "date")),
        sorted(CalendarFeed.objects.values_list("pk", "token")),
    )


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, world: World, ct: Any, other_tenant: Any, client_as: Any, api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    user = matrix_user(who, ct, other_tenant)
    client = api_as(user) if case.api else client_as(user)
    run_case(
        case, who, client, world, django_capture_on_commit_callbacks, _state, allowed_changes_state=False
    )
