"""Worker job: the agreement-document reviews, read through the documents queue.

Claiming (compare-and-swap, leases, retries, fairness across districts) and the limited child
are vetted.documents' (queue.run_queue, sandbox.review_in_child); this module only says how a
review is read (the district's pack stack) and what its outcome does (store it, pre-fill the
checklist, audit it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vetted.agreements.services.documents import open_document
from vetted.audit.services import record
from vetted.clocks.packs import district_pack_ids, district_stack
from vetted.documents.queue import LEASE, MAX_ATTEMPTS, run_queue
from vetted.documents.sandbox import SandboxOutcome, review_in_child
from vetted.rules import PackError

from ..models.review import DocumentReview, ReviewStatus
from ..services.prefill import prefill_checklist
from ..services.review import review_limits

__all__ = ["LEASE", "MAX_ATTEMPTS", "run_document_reviews"]


def run_document_reviews(now: dt.datetime) -> int:
    """Review every due document (fairly across districts); return how many finished."""
    # Looked up at call time, so a test may replace _review or _finish.
    return run_queue(DocumentReview, now, read=lambda pk: _review(pk), finish=lambda *a: _finish(*a))


def _review(pk: int) -> tuple[SandboxOutcome, list[str]]:
    review = DocumentReview.objects.select_related("document__agreement__district").get(pk=pk)
    document = review.document
    district = document.agreement.district
    limits = review_limits()
    try:
        packs = district_pack_ids(district)
        requirements = district_stack(district).required_provisions()
    except PackError as exc:
        return SandboxOutcome(error_code="bad_pack", error_message=f"The district's rule packs: {exc}"), []
    try:
        with open_document(document) as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        return SandboxOutcome(error_code="missing_file", error_message="The stored file is missing."), packs
    outcome = review_in_child(
        data, document.original_name, requirements=requirements, state=district.state, limits=limits
    )
    return outcome, packs


def _finish(pk: int, claim: str, outcome: SandboxOutcome, packs: list[str]) -> int:
    with transaction.atomic():
        review = (
            DocumentReview.objects.select_for_update()
            .select_related("document__agreement__district")
            .get(pk=pk)
        )
        if review.claim != claim or review.status != ReviewStatus.RUNNING:
            return 0  # re-queued while we ran: the newer run's result is the one to keep
        now = timezone.now()
        document = review.document
        agreement = document.agreement
        review.due_at, review.finished_at, review.packs = None, now, packs
        if outcome.ok and outcome.result is not None:
            review.status, review.result, review.sentences = (
                ReviewStatus.DONE,
                outcome.result,
                outcome.sentences,
            )
            review.error_code = review.error_message = ""
            review.save()
            changed = prefill_checklist(agreement, document, outcome.result, now)
            counts: dict[str, int] = {}
            for finding in outcome.result["provisions"]:
                counts[finding["status"]] = counts.get(finding["status"], 0) + 1
            record(
                agreement.district, "agreement.document_reviewed", actor="worker", subject=agreement,
                details={"document": document.pk, "sha256": document.sha256, "packs": packs,
                         "findings": counts, "checklist_updated": changed},
            )  # fmt: skip
        else:
            review.status, review.result, review.sentences = ReviewStatus.FAILED, None, None
            review.error_code, review.error_message = outcome.error_code[:32], outcome.error_message[:500]
            review.save()
            record(
                agreement.district, "agreement.document_review_failed", actor="worker", subject=agreement,
                details={"document": document.pk, "code": review.error_code, "message": review.error_message},
            )  # fmt: skip
    return 1
