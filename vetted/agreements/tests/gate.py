"""Make an agreement ready to execute the way a privacy officer would: both signatories named, the
signed copy on file, every other required provision marked present by a person (accepted gaps stay)."""

from __future__ import annotations

import uuid
from typing import Any

from vetted.agreements.models import Agreement, AgreementDocument, CheckStatus
from vetted.agreements.services import checklist


def make_ready(agreement: Agreement, actor: Any) -> Agreement:
    agreement.district_signatory_name = agreement.district_signatory_name or "Wendeline Ashcombe"
    agreement.vendor_signatory_name = agreement.vendor_signatory_name or "Odalys Prentiss"
    agreement.save(update_fields=["district_signatory_name", "vendor_signatory_name"])
    AgreementDocument.objects.create(
        agreement=agreement, label="signed copy", original_name="signed.pdf",
        stored_name=f"test-{uuid.uuid4().hex}.pdf", file_type="pdf", size=1, sha256="0" * 64, signed_copy=True,
    )  # fmt: skip
    for check in agreement.checks.exclude(status=CheckStatus.PRESENT, source="person"):
        if check.accepted_reason:
            continue  # a gap a person accepted with a reason stays accepted
        checklist.mark_check(check, actor=actor, status=CheckStatus.PRESENT, location="Section 4")
    return agreement
