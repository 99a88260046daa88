"""Issue 9, item 8: reflow at 320 CSS pixels (WCAG 2.1 SC 1.4.10) in real Chromium.

Every public page, the request pages and the review pages are opened at a 320 x 640 viewport; the
document must not be wider than the viewport (nothing scrolls sideways, no value is cut off), and
axe-core must report no violation at that width. Long names, links and codes are used on purpose."""

from __future__ import annotations

import io
from typing import Any

import pytest

from conftest import sign_in_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
LONG_URL = (
    "https://quillstone.example/studio/classrooms/essay-feedback/really-long-path-segment-without-breaks"
)


def _docx(lines: tuple[str, ...]) -> bytes:
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _all_axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v.get('impact')}): {v['help']} ({len(v['nodes'])} nodes)"
            for v in results.response["violations"]]  # fmt: skip


def _overflow(page: Any) -> dict[str, Any]:
    """The document's width and the widest elements that poke out of the viewport (for the message)."""
    return page.evaluate(
        """(width) => {
            const doc = document.documentElement.scrollWidth;
            const wide = [];
            for (const el of document.querySelectorAll('main *, header *')) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 1 && r.width > 0) {
                    wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
                              ' right=' + Math.round(r.right));
                }
            }
            return {doc: doc, wide: wide.slice(0, 8)};
        }""",
        WIDTH,
    )


@pytest.fixture
def world(tenant: Any, catalog_item: Any) -> dict[str, str]:
    """A registry with results, a request under review, an agreement with a reviewed document."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from vetted.agreements.models import Agreement, AgreementStatus
    from vetted.agreements.models.review import DocumentReview
    from vetted.agreements.services import agreements as agreement_svc
    from vetted.agreements.services.documents import add_document
    from vetted.agreements.tasks.reviews import run_document_reviews
    from vetted.catalog import services as catalog
    from vetted.resource_requests import services as requests

    slug, admin = tenant.district.slug, tenant.user("admin")
    catalog_item.url = LONG_URL
    catalog_item.save(update_fields=["url"])
    other = catalog.create_resource(tenant.district, actor=admin, data={
        "name": "Numberwell Practice Extended Edition for Mathematics Intervention", "vendor": catalog_item.vendor,
        "grade_min": 6, "grade_max": 12, "url": LONG_URL + "/numberwell",
    })  # fmt: skip
    catalog.decide(tenant.district, other, actor=admin, status="approved_with_parental_consent",
                   reason="Collects reading levels of children under 13.")  # fmt: skip

    req = requests.create_draft(tenant.district, actor=tenant.user("staff"), data={
        "resource_name": "Lanternfish Reading Lab", "vendor_name": "Lanternfish Education LLC",
        "resource_url": LONG_URL + "/lanternfish", "terms_url": LONG_URL + "/terms",
        "description": "Leveled reading passages.", "planned_use": "Reading centres.",
        "information_shared": "First names and reading levels.", "who_has_access": "My class and me.",
        "grade_min": 4, "grade_max": 5,
    })  # fmt: skip
    req = requests.submit(req, actor=tenant.user("staff"))

    agreement = agreement_svc.create_agreement(
        tenant.district, actor=admin, vendor=catalog_item.vendor, resources=[catalog_item, other],
        data={"title": "Quillstone Student Data Privacy Agreement 2026–2029", "kind": "vendor"},
    )  # fmt: skip
    upload = SimpleUploadedFile("quillstone-student-data-privacy-agreement-2026.docx", _docx((
        "Student Data Privacy Agreement between Birchfield Public Schools and Quillstone Learning Inc.",
        "1. Ownership. All student data remains the property of and under the control of the District.",
        "2. Data Breach. The Provider shall notify the District within thirty (30) days of any breach.",
        "3. Governing Law. This Agreement is governed by the laws of the State of Connecticut.",
    )))  # fmt: skip
    document = add_document(agreement, upload, actor=admin, public_copy=True)
    run_document_reviews(timezone.now())
    # The several-documents warning and a placeholder mark must reflow too (issue 14).
    review = DocumentReview.objects.get(document=document)
    review.result = {**review.result, "documents_in_file": 2, "document_titles": [
        "Quillstone Learning Incorporated Master Subscription and Professional Services Agreement",
        "Quillstone Student Data Privacy Addendum"]}  # fmt: skip
    review.result["provisions"][14].update(found=True, param=None, placeholder=True)
    review.save(update_fields=["result"])
    # Published as signed (the execution gate is tested elsewhere; here only the layout matters).
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.FULLY_EXECUTED, public=True)
    manage = f"/manage/{slug}"
    _waiting_invitation(tenant, "reflow-invitation-token")
    return {
        "home": "/",
        "registry": f"/d/{slug}/resources/",
        "resource": f"/d/{slug}/resources/{other.pk}/",
        "agreements": f"/d/{slug}/agreements/",
        "request form": f"{manage}/resource-requests/new/",
        "request detail": f"{manage}/resource-requests/{req.pk}/",
        "my requests": f"{manage}/resource-requests/",
        "queue": f"{manage}/resource-requests/queue/",
        "review page": f"{manage}/agreements/{agreement.pk}/documents/{document.pk}/review/",
        "checklist": f"{manage}/agreements/{agreement.pk}/checklist/",
        "data inventory": "/data-inventory/",
        "invitation": "/invitations/reflow-invitation-token/",
        "people": f"{manage}/people/",
    }


def _waiting_invitation(tenant: Any, token: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from vetted.district_admin.models import Invitation, token_hash

    now = timezone.now()
    Invitation.objects.create(
        district=tenant.district, email="newcomer-with-a-rather-long-address@birchfield.example", role="reviewer",
        full_name="Newcomer", invited_by=tenant.user("admin"), token_hash=token_hash(token), sent_at=now,
        expires_at=now + timedelta(days=7),
    )  # fmt: skip


def test_every_page_reflows_at_320_px_and_axe_finds_nothing(
    browser: Any, live_server: Any, tenant: Any, world: dict[str, str]
) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 640})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: dict[str, Any] = {}

    def check(name: str) -> None:
        response = page.goto(world[name])
        assert response is not None and response.status == 200, (name, response and response.status)
        measured = _overflow(page)
        if measured["doc"] > WIDTH + 1:
            problems[name] = measured
        violations = _all_axe_violations(page)
        if violations:
            problems[f"{name} (axe)"] = violations

    for name in ("home", "registry", "resource", "agreements"):
        check(name)
    assert page.locator("main").get_by_text("Numberwell Practice Extended Edition").first.is_visible()
    for name in ("data inventory", "invitation"):  # public too: no sign-in
        check(name)

    for role, names in (("staff", ("request form", "my requests", "request detail")),
                        ("reviewer", ("queue",)), ("admin", ("review page", "checklist", "people"))):  # fmt: skip
        page.context.clear_cookies()
        sign_in_in_browser(page, tenant.user(role))
        for name in names:
            check(name)
    context.close()
    assert problems == {}
