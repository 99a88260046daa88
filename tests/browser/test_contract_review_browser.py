"""Contract review in real Chromium: an admin uploads a DPA, the worker reviews it, the checklist
fills in, the admin overrides one finding with a reason, downloads the amendment request and records
that it was sent.
axe-core checks the checklist and the highlighted review page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Ownership, governing law and no targeted advertising present; breach notice in thirty days where the
# district's policy needs 48 hours (insufficient); severability and the rest missing.
DPA = (
    "Student Data Privacy Agreement between Birchfield Public Schools and Quillstone Learning Inc.",
    "1. Ownership. All student data remains the property of and under the control of the District.",
    "2. Data Breach. The Provider shall notify the District within thirty (30) days of discovery of any breach.",
    "3. Governing Law. This Agreement is governed by the laws of the State of Connecticut.",
    "4. Advertising. The Provider shall not use student data for targeted advertising.",
)


def _pdf(lines: tuple[str, ...]) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number, line in enumerate(lines):
        pdf.drawString(40, 720 - 20 * number, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_upload_review_override_and_amendment_request(
    page: Any, login: Any, tenant: Any, catalog_item: Any
) -> None:
    from django.utils import timezone

    from vetted.agreements.models import ProvisionCheck
    from vetted.agreements.services import agreements as svc
    from vetted.agreements.tasks.reviews import run_document_reviews
    from vetted.audit.models import AuditEvent

    tenant.district.policy_packs = ["demo-ct-2017"]  # the 48-hour breach notice rule
    tenant.district.save(update_fields=["policy_packs"])
    admin = tenant.user("admin")
    agreement = svc.create_agreement(
        tenant.district, actor=admin, vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "vendor"},
    )  # fmt: skip
    base = f"/manage/{tenant.district.slug}/agreements/{agreement.pk}/"

    login(admin)
    page.goto(base)
    page.get_by_label("File").set_input_files(
        files=[{"name": "quillstone-dpa.pdf", "mimeType": "application/pdf", "buffer": _pdf(DPA)}]
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("main")).to_contain_text("Automatic review: queued")

    assert run_document_reviews(timezone.now()) == 1  # what the worker does on its next tick
    page.reload()
    page.get_by_role("link", name="done — the findings, highlighted in the text").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Automatic review of")
    marks = page.locator(".document-text mark")
    expect(marks.filter(has_text="within thirty (30) days")).to_have_count(1)
    page.locator("#finding-breach_notification").get_by_role("link", name="Evidence 1").click()
    assert page.url.endswith("#ev-breach_notification-1")
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name="Checklist").click()
    breach = ProvisionCheck.objects.get(agreement=agreement, provision_id="breach_notification")
    expect(page.locator(f"#check-{breach.pk}")).to_contain_text("Present but does not meet the requirement")
    expect(page.locator("main")).to_contain_text("proposed by the automatic review")
    assert serious_axe_violations(page) == []

    # The reviewer knows severability is in the signed copy's section 9: override, with the reason.
    severability = ProvisionCheck.objects.get(agreement=agreement, provision_id="severability")
    row = page.locator(f"#check-{severability.pk}")
    expect(row).to_contain_text("Missing")
    row.get_by_text("Override the finding for Severability").click()
    row.get_by_label("Correct status").select_option("present")
    row.get_by_label("Why the automatic finding is wrong").fill("Section 9 of the signed copy has it.")
    row.get_by_label("Page or section").fill("Signed copy, section 9")
    row.get_by_role("button", name="Override").click()
    expect(page.locator(".messages")).to_contain_text("is now marked present")
    assert serious_axe_violations(page) == []
    event = AuditEvent.objects.get(event_type="agreement.check_overridden")
    assert event.details["reason"] == "Section 9 of the signed copy has it."

    page.goto(base)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the amendment request (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "Quillstone Learning Inc." in text and "Sincerely," in text
    assert "no later than 48 hours after" in text  # the insufficient breach notice, figure in the sentence
    assert "For this agreement" not in text
    assert "within thirty (30) days" in text  # quoted from the agreement
    assert "Severability" not in text  # overridden to present: not asked for
    agreement.refresh_from_db()
    assert agreement.amendment_requested_on is None  # downloading records nothing
    page.get_by_role("button", name="Record that it was sent").click()
    expect(page.locator(".messages")).to_contain_text("Recorded: the amendment request went to")
    agreement.refresh_from_db()
    assert agreement.amendment_requested_on == timezone.localdate(timezone=tenant.district.tz)
