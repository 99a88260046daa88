"""The retention job erases what has outlived its period (vetted.site.data_inventory), once, audited,
and leaves everything younger, still in use, or kept by design alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.district_admin.models import Invitation, token_hash
from vetted.documents.models import Purpose, ReadJob, ReadStatus
from vetted.kit.worker import tick
from vetted.outbox.models import Message
from vetted.resource_requests.models import AttachmentStatus, RequestAttachment
from vetted.resource_requests.tests.factories import draft
from vetted.site import retention
from vetted.site.retention import ERASED_NAME, erase_expired

pytestmark = pytest.mark.django_db
NOW = timezone.now()
OLD, RECENT = NOW - timedelta(days=120), NOW - timedelta(days=5)


def message(
    district: Any, key: str, *, when: Any, status: str = Message.Status.SENT, attempts: int = 1
) -> Message:
    row = Message.objects.create(
        district=district, kind="test", idempotency_key=key, to_email="reviewer@birchfield.example",
        subject="Request decided", body="Dear Reviewer of Birchfield, the comment said: Jamie Example's class...",
        status=status, attempts=attempts, sent_at=when if status == Message.Status.SENT else None,
    )  # fmt: skip
    Message.objects.filter(pk=row.pk).update(created_at=when)
    return row


def erased_events() -> list[dict[str, Any]]:
    return [e.details for e in AuditEvent.objects.filter(event_type="retention.erased").order_by("pk")]


def test_outbox_bodies_past_their_period_are_erased_once(tenant: Any, other_tenant: Any) -> None:
    old = message(tenant.district, "old", when=OLD)
    theirs = message(other_tenant.district, "theirs", when=OLD)
    young = message(tenant.district, "young", when=RECENT)
    retrying = message(tenant.district, "retrying", when=OLD, status=Message.Status.FAILED, attempts=2)
    gave_up = message(tenant.district, "gave-up", when=OLD, status=Message.Status.FAILED, attempts=5)
    assert erase_expired(NOW) == 3
    for row in (old, theirs, gave_up):
        row.refresh_from_db()
        assert row.body == "" and row.body_erased_at is not None
        assert row.to_email == "reviewer@birchfield.example"  # the proof of sending stays
    for row in (young, retrying):
        row.refresh_from_db()
        assert row.body.startswith("Dear") and row.body_erased_at is None
    events = erased_events()
    assert sorted(e["count"] for e in events) == [1, 2] and {e["rule"] for e in events} == {"outbox_body"}
    assert all("Jamie" not in str(e) for e in events)  # the event names ids, never the erased words
    assert erase_expired(NOW) == 0 and len(erased_events()) == 2  # idempotent


def test_a_shorter_period_set_by_the_operator_applies(tenant: Any, settings: Any) -> None:
    row = message(tenant.district, "young", when=RECENT)
    settings.VETTED_RETENTION_DAYS = {"outbox_body": 3}
    assert erase_expired(NOW) == 1
    row.refresh_from_db()
    assert row.body == ""


def test_read_results_and_refused_upload_names_are_erased(tenant: Any) -> None:
    job = ReadJob.objects.create(
        district=tenant.district, purpose=Purpose.CONTRACT_REVIEW, original_name="Jamie Example IEP.pdf",
        size=10, sha256="0" * 64, status=ReadStatus.DONE, finished_at=OLD, result={"provisions": []},
        sentences=[{"text": "Jamie Example"}],
    )  # fmt: skip
    running = ReadJob.objects.create(
        district=tenant.district, purpose=Purpose.CONTRACT_REVIEW, original_name="terms.pdf", size=10,
        sha256="1" * 64, status=ReadStatus.RUNNING,
    )  # fmt: skip
    req = draft(tenant)
    refused = RequestAttachment.objects.create(
        district=tenant.district, request=req, original_name="Jamie Example grades.xlsx", stored_name="a1",
        size=10, sha256="2" * 64, status=AttachmentStatus.REFUSED, refusal="Not a PDF or Word file.",
    )  # fmt: skip
    read = RequestAttachment.objects.create(
        district=tenant.district, request=req, original_name="terms.pdf", stored_name="a2", size=10,
        sha256="3" * 64, status=AttachmentStatus.READ,
    )  # fmt: skip
    RequestAttachment.objects.filter(pk__in=[refused.pk, read.pk]).update(uploaded_at=OLD)
    assert erase_expired(NOW) == 2
    job.refresh_from_db()
    assert job.result is None and job.sentences is None and job.original_name == ERASED_NAME
    refused.refresh_from_db()
    assert refused.original_name == ERASED_NAME and refused.refusal == "Not a PDF or Word file."
    running.refresh_from_db()
    read.refresh_from_db()
    assert running.original_name == "terms.pdf" and read.original_name == "terms.pdf"


def test_old_invitations_are_erased_and_cannot_be_resent(tenant: Any, client_as: Any) -> None:
    def invitation(email: str, **when: Any) -> Invitation:
        return Invitation.objects.create(
            district=tenant.district, email=email, full_name="Typed Name", role="staff",
            token_hash=token_hash(email), sent_at=OLD, expires_at=when.pop("expires_at", OLD), **when,
        )  # fmt: skip

    expired = invitation("gone@birchfield.example")
    another = invitation("gone-too@birchfield.example")
    declined = invitation("no@birchfield.example", expires_at=NOW + timedelta(days=1), declined_at=OLD)
    waiting = invitation("soon@birchfield.example", expires_at=NOW + timedelta(days=1))
    assert erase_expired(NOW) == 3
    for row in (expired, another, declined):
        row.refresh_from_db()
        assert row.email.startswith("erased-") and row.full_name == "" and row.erased_at is not None
    waiting.refresh_from_db()
    assert waiting.email == "soon@birchfield.example"
    admin = client_as(tenant.user("admin"))
    admin.post(f"/manage/{tenant.district.slug}/people/invitations/{expired.pk}/resend/")
    assert not Message.objects.filter(to_email__startswith="erased-").exists()
    assert "erased-" not in admin.get(f"/manage/{tenant.district.slug}/people/").content.decode()
    assert client_as(None).get("/invitations/gone@birchfield.example/").status_code == 404


def test_two_workers_never_erase_or_audit_the_same_rows_twice(tenant: Any, monkeypatch: Any) -> None:
    """Worker A lists the due rows; before it claims them, worker B runs the whole job. A's claims then
    all lose, so it erases nothing and writes no event."""
    for n in range(3):
        message(tenant.district, f"m{n}", when=OLD)
    real_claim = retention.claim
    raced: list[int] = []

    def claim_after_the_other_worker(*args: Any) -> bool:
        if not raced:
            raced.append(0)
            raced[0] = erase_expired(NOW)  # worker B, in between A's listing and A's claims
        return real_claim(*args)

    monkeypatch.setattr(retention, "claim", claim_after_the_other_worker)
    assert erase_expired(NOW) == 0
    assert raced == [3] and [e["count"] for e in erased_events()] == [3]


def test_the_worker_runs_the_job() -> None:
    assert "vetted.site.retention.erase_expired" in settings.VETTED_WORKER_JOBS
    assert tick(NOW)["vetted.site.retention.erase_expired"] == 0
