"""Worker job: run queued document reviews in a sandboxed child, store them, pre-fill the checklist.

Each row is claimed by a compare-and-swap UPDATE on (status, due_at), so two workers never run the
same review. A claim is a lease: a worker that dies mid-review leaves the row `running` with a
`due_at` in the past, and the next tick takes it again — up to MAX_ATTEMPTS times.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vetted.agreements.services.documents import open_document
from vetted.audit.services import record
from vetted.clocks.packs import district_pack_ids, district_stack
from vetted.documents.sandbox import SandboxOutcome, review_in_child
from vetted.rules import PackError

from ..models.review import DocumentReview, ReviewStatus
from ..services.prefill import prefill_checklist
from ..services.review import review_limits

log = logging.getLogger("vetted.agreements.reviews")

BATCH = 20
LEASE = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3
INTERNAL = SandboxOutcome(
    error_code="internal",
    error_message="The review stopped on an internal error; re-run it or review by hand.",
)


def run_document_reviews(now: dt.datetime) -> int:
    """Review every due document; return how many were finished (done or failed)."""
    due = (
        DocumentReview.objects.filter(due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", "status", "due_at", "attempts")[:BATCH]
    )  # the one indexed query of an idle tick
    finished = 0
    for pk, status, due_at, attempts in list(due):
        at = max(now, timezone.now())  # a long batch must not hand out leases that already ran out
        if due_at is None:
            continue  # finished between the query and now
        if status == ReviewStatus.RUNNING and attempts >= MAX_ATTEMPTS:
            finished += _give_up(pk, due_at, at)
            continue
        claim = secrets.token_hex(8)
        claimed = DocumentReview.objects.filter(pk=pk, status=status, due_at=due_at).update(
            status=ReviewStatus.RUNNING, due_at=at + LEASE, claim=claim, attempts=F("attempts") + 1,
            started_at=at, finished_at=None,
        )  # fmt: skip
        if not claimed:
            continue  # another worker took it, or it was re-queued meanwhile
        try:
            outcome, packs = _review(pk)
        except Exception:  # a bug here must not stop the other reviews, nor the worker
            log.exception("document review %s failed", pk)
            outcome, packs = INTERNAL, []
        try:
            finished += _finish(pk, claim, outcome, packs)
        except Exception:
            log.exception("storing document review %s failed", pk)
            finished += _finish(pk, claim, INTERNAL, packs)
    return finished


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


def _give_up(pk: int, due_at: dt.datetime, at: dt.datetime) -> int:
    """A review that stopped MAX_ATTEMPTS times (the worker was killed each time) fails for good."""
    claim = secrets.token_hex(8)
    if not DocumentReview.objects.filter(pk=pk, status=ReviewStatus.RUNNING, due_at=due_at).update(
        claim=claim, due_at=at + LEASE
    ):
        return 0
    stopped = SandboxOutcome(
        error_code="stopped",
        error_message=f"The review stopped before finishing {MAX_ATTEMPTS} times; review this file by hand.",
    )
    return _finish(pk, claim, stopped, [])
