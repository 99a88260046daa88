"""Pre-fill an agreement's checklist from a finished review. A person's mark always wins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vetted.agreements.models import Agreement, AgreementDocument, CheckSource, CheckStatus
from vetted.agreements.services.checklist import sync_checklist

# Review status -> checklist status. not_required has no checklist row to fill.
STATUS_FOR_FINDING = {
    "satisfied": CheckStatus.PRESENT,
    "missing": CheckStatus.MISSING,
    "insufficient": CheckStatus.INSUFFICIENT,
    "conflict": CheckStatus.CONFLICT,
}


def where(evidence: dict[str, Any]) -> str:
    """'page 3, section 7.2 Breach' from one piece of evidence, for the checklist's location."""
    parts = []
    if evidence.get("page"):
        parts.append(f"page {evidence['page']}")
    if evidence.get("section"):
        parts.append(f"section {evidence['section']}")
    return ", ".join(parts)[:120]


def prefill_checklist(
    agreement: Agreement, document: AgreementDocument, result: dict[str, Any], at: dt.datetime
) -> int:
    """Write each finding on its checklist row; return how many rows changed. Call in a transaction."""
    sync_checklist(agreement)  # the pack stack may have grown since the agreement was created
    findings = {p["id"]: p for p in result.get("provisions", [])}
    updated = 0
    for check in agreement.checks.select_for_update():
        if check.source == CheckSource.PERSON and check.status != CheckStatus.UNREVIEWED:
            continue  # a person decided this one; the machine never overwrites it
        finding = findings.get(check.provision_id)
        if finding is None or finding.get("status") not in STATUS_FOR_FINDING:
            continue
        evidence = [{**e, "document": document.pk} for e in finding.get("evidence") or []]
        check.status = STATUS_FOR_FINDING[finding["status"]]
        check.source = CheckSource.AUTOMATIC
        check.confidence = round(float(finding.get("confidence") or 0.0), 3)
        check.evidence = evidence
        check.location = where(evidence[0]) if evidence else ""
        check.note = str(finding.get("reason", ""))[:1000]
        check.reviewed_by, check.reviewed_at = None, at
        check.save()
        updated += 1
    return updated
