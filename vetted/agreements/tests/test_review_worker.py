"""The review worker: an upload queues a review; the job claims it once, runs it in the sandbox,
stores it and pre-fills the checklist; hostile files fail with a reason; stuck rows are retried."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vetted.agreements.models import Agreement, CheckSource, CheckStatus
from vetted.agreements.models.review import DocumentReview, ReviewStatus
from vetted.agreements.services import checklist, documents
from vetted.agreements.tasks import reviews as tasks
from vetted.agreements.tests.files import pdf_bytes
from vetted.audit.models import AuditEvent

from .review_documents import blank_pdf, dpa_pdf, store_document

pytestmark = pytest.mark.django_db


def _upload(agreement: Agreement, ct: Any, data: bytes, name: str = "dpa.pdf") -> Any:
    return documents.add_document(agreement, SimpleUploadedFile(name, data), actor=ct.user("admin"))


def _events(name: str) -> int:
    return AuditEvent.objects.filter(event_type=name).count()


def test_upload_queues_a_review_in_the_same_transaction(draft: Agreement, ct: Any) -> None:
    doc = _upload(draft, ct, dpa_pdf())
    review = DocumentReview.objects.get(document=doc)
    assert review.status == ReviewStatus.QUEUED and review.district == ct.district and review.due_at
    assert review.requested_by == ct.user("admin")


def test_the_job_reviews_once_and_prefills_the_checklist(draft: Agreement, ct: Any) -> None:
    doc = _upload(draft, ct, dpa_pdf())
    now = timezone.now()
    assert tasks.run_document_reviews(now) == 1
    assert tasks.run_document_reviews(now) == 0  # a second run finds nothing to do
    review = DocumentReview.objects.get(document=doc)
    assert review.status == ReviewStatus.DONE and review.attempts == 1 and review.due_at is None
    assert review.result is not None and review.sentences
    assert "us-ct" in review.packs and "demo-ct-2017" in review.packs
    checks = {c.provision_id: c for c in draft.checks.all()}
    assert checks["ownership"].status == CheckStatus.PRESENT
    assert checks["ownership"].source == CheckSource.AUTOMATIC
    assert checks["ownership"].location == "page 1"
    assert (checks["ownership"].evidence or [{}])[0]["document"] == doc.pk
    breach = checks["breach_notification"]
    assert breach.status == CheckStatus.INSUFFICIENT and "48 hours" in breach.note and breach.confidence
    assert checks["severability"].status == CheckStatus.MISSING
    assert checks["severability"].evidence == []
    assert {c.provision_id for c in checklist.gaps(draft)} >= {"breach_notification", "severability"}
    assert _events("agreement.document_reviewed") == 1


def test_a_persons_mark_is_never_overwritten(draft: Agreement, ct: Any) -> None:
    check = draft.checks.get(provision_id="severability")
    checklist.mark_check(check, actor=ct.user("admin"), status="present", location="Section 9")
    untouched = draft.checks.get(provision_id="ownership")  # a person's "not reviewed" is fair game
    _upload(draft, ct, dpa_pdf())
    tasks.run_document_reviews(timezone.now())
    check.refresh_from_db()
    assert (check.status, check.source, check.location) == ("present", "person", "Section 9")
    untouched.refresh_from_db()
    assert untouched.source == CheckSource.AUTOMATIC


def test_a_claimed_row_is_not_taken_twice(draft: Agreement, ct: Any) -> None:
    doc = _upload(draft, ct, dpa_pdf())
    review = DocumentReview.objects.get(document=doc)
    # Another worker claimed it a moment ago: its lease is in the future, so this tick skips it.
    DocumentReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.RUNNING, due_at=timezone.now() + tasks.LEASE, attempts=1, claim="other"
    )
    assert tasks.run_document_reviews(timezone.now()) == 0
    review.refresh_from_db()
    assert review.status == ReviewStatus.RUNNING and review.claim == "other"


def test_a_stuck_row_is_retried_then_given_up(draft: Agreement, ct: Any) -> None:
    doc = _upload(draft, ct, dpa_pdf())
    past = timezone.now() - dt.timedelta(minutes=11)
    DocumentReview.objects.filter(document=doc).update(
        status=ReviewStatus.RUNNING, due_at=past, attempts=1, claim="dead"
    )
    assert tasks.run_document_reviews(timezone.now()) == 1
    review = DocumentReview.objects.get(document=doc)
    assert review.status == ReviewStatus.DONE and review.attempts == 2
    DocumentReview.objects.filter(document=doc).update(
        status=ReviewStatus.RUNNING, due_at=past, attempts=tasks.MAX_ATTEMPTS, claim="dead"
    )
    assert tasks.run_document_reviews(timezone.now()) == 1
    review.refresh_from_db()
    assert review.status == ReviewStatus.FAILED and review.error_code == "stopped"


def test_a_rerun_during_a_run_drops_the_stale_result(draft: Agreement, ct: Any) -> None:
    from vetted.agreements.services.review import rerun_review

    doc = _upload(draft, ct, dpa_pdf())
    real_review = tasks._review

    def rerun_meanwhile(pk: int) -> Any:
        outcome = real_review(pk)
        rerun_review(doc, actor=ct.user("admin"))
        return outcome

    tasks._review = rerun_meanwhile
    try:
        assert tasks.run_document_reviews(timezone.now()) == 0
    finally:
        tasks._review = real_review
    assert DocumentReview.objects.get(document=doc).status == ReviewStatus.QUEUED
    assert _events("agreement.document_reviewed") == 0


def test_hostile_files_fail_with_a_reason_and_the_worker_keeps_going(draft: Agreement, ct: Any) -> None:
    scanned = _upload(draft, ct, blank_pdf(), "scan.pdf")
    encrypted = store_document(draft, pdf_bytes("Locked", encrypt="secret"), "locked.pdf")
    liar = store_document(draft, b"PK\x03\x04 this is no zip at all" * 10, "terms.pdf")
    gone = store_document(draft, dpa_pdf(), "gone.pdf")
    (documents.document_root() / gone.stored_name).unlink()
    good = _upload(draft, ct, dpa_pdf(), "good.pdf")
    assert tasks.run_document_reviews(timezone.now()) == 5
    reviews = {r.document_id: r for r in DocumentReview.objects.all()}
    assert reviews[scanned.pk].error_code == "no_text_layer"
    assert "text layer" in reviews[scanned.pk].error_message
    assert reviews[encrypted.pk].error_code == "encrypted"
    assert reviews[liar.pk].error_code in ("type_mismatch", "corrupt")
    assert reviews[gone.pk].error_code == "missing_file"
    for doc in (scanned, encrypted, liar, gone):
        assert reviews[doc.pk].status == ReviewStatus.FAILED and reviews[doc.pk].error_message
    assert reviews[good.pk].status == ReviewStatus.DONE
    assert _events("agreement.document_review_failed") == 4


def test_a_bug_while_storing_fails_the_row_not_the_worker(
    draft: Agreement, ct: Any, monkeypatch: Any
) -> None:
    doc = _upload(draft, ct, dpa_pdf())

    def broken(*args: Any) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(tasks, "prefill_checklist", broken)
    assert tasks.run_document_reviews(timezone.now()) == 1
    review = DocumentReview.objects.get(document=doc)
    assert review.status == ReviewStatus.FAILED and review.error_code == "internal"


def test_an_idle_tick_is_one_query(db: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert tasks.run_document_reviews(timezone.now()) == 0
