"""Demo agreements for the fictional district. Idempotent: keyed by title, run twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from vetted.catalog.models import DataElement, Resource, Vendor
from vetted.districts.models import District, Membership, Role
from vetted.documents import storage

from .models import Agreement, AgreementDocument, CheckStatus
from .services import agreements as svc
from .services import checklist

# (title, vendor, kind, steps, general offer, days ago executed)
DEMO_AGREEMENTS = [
    ("Quillstone Student Data Privacy Agreement", "Quillstone Learning Inc.", "standard",
     ["vendor_sign", "execute"], True, 40),
    ("Numberwell Data Privacy Agreement", "Numberwell Education LLC", "district_modified",
     ["send", "vendor_sign", "execute"], False, 3),
    ("Harborview Data Privacy Agreement", "Harborview Software Co.", "standard", ["send"], False, 0),
    ("Lanternpath Vendor Terms and DPA", "Lanternpath Literacy", "vendor", [], False, 0),
]  # fmt: skip


@transaction.atomic
def seed_demo_agreements(district: District) -> int:
    admin_membership = (
        Membership.objects.filter(district=district, role=Role.ADMIN).select_related("user").first()
    )
    actor = admin_membership.user if admin_membership else None
    created = 0
    for title, vendor_name, kind, steps, general_offer, days_ago in DEMO_AGREEMENTS:
        vendor = Vendor.objects.filter(legal_name=vendor_name).first()
        if vendor is None or Agreement.objects.filter(district=district, title=title).exists():
            continue
        resources = Resource.objects.filter(vendor=vendor)
        elements = DataElement.objects.filter(resources__in=resources).distinct()
        agreement = svc.create_agreement(
            district, actor=actor, vendor=vendor, resources=resources, data_elements=elements,
            data={"title": title, "kind": kind, "general_offer": general_offer, "public": True,
                  "security_framework": "nist_csf", "vendor_signatory_name": "Marisol Quenby",
                  "vendor_signatory_title": "Chief Privacy Officer",
                  "district_signatory_name": "Rosalind Achterberg", "district_signatory_title": "Privacy officer"},
        )  # fmt: skip
        when = dt.datetime.now(district.tz).replace(hour=10, minute=0, second=0, microsecond=0)
        if "execute" in steps:
            _ready_to_execute(agreement, actor)
        for step in steps:
            at = when - dt.timedelta(days=days_ago) if step == "execute" else None
            svc.transition(agreement, step, actor=actor, at=at)
        if kind == "district_modified":
            _partly_review(agreement, actor)
        created += 1
    return created


# A one-page PDF standing for the signed copy (the demo has no real signatures to scan).
SIGNED_COPY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _ready_to_execute(agreement: Agreement, actor: Any) -> None:
    """What executing needs: the signed copy on file and every required provision met (by a person)."""
    stored = storage.store("agreements", SIGNED_COPY_PDF, suffix="pdf")
    AgreementDocument.objects.create(
        agreement=agreement, label="Signed copy (demo)", original_name="signed-copy.pdf",
        stored_name=stored.stored_name, file_type="pdf", size=stored.size, sha256=stored.sha256,
        signed_copy=True, uploaded_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    for index, check in enumerate(agreement.checks.all()):
        checklist.mark_check(check, actor=actor, status=CheckStatus.PRESENT, location=f"Section {index + 2}")


def _partly_review(agreement: Agreement, actor: object) -> None:
    checks = list(agreement.checks.all())
    for index, check in enumerate(checks[:6]):
        status = CheckStatus.MISSING if index == 4 else CheckStatus.PRESENT
        checklist.mark_check(check, actor=actor, status=status, location=f"Section {index + 2}")
    svc.record_noncompliance(
        agreement, actor=actor, amendment_requested_on=timezone.localdate() - dt.timedelta(days=2),
        note="Asked the vendor for an addendum covering the missing provision.",
    )  # fmt: skip
