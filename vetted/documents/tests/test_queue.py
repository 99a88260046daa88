"""The read queue: checked once, stored with SHA-256, read in the child by the worker, fair across
districts, claimed once, and a refused file's bytes deleted."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.utils import timezone

from vetted.documents import queue, storage, tasks
from vetted.documents.models import Purpose, ReadJob, ReadStatus
from vetted.documents.sandbox import SandboxOutcome
from vetted.documents.services import queue_read
from vetted.review import DocumentError

pytestmark = pytest.mark.django_db

TEXT = b"The Vendor shall not sell student data. This agreement is governed by the laws of Connecticut."


def _queue(tenant: Any, data: bytes = TEXT, name: str = "terms.txt") -> ReadJob:
    return queue_read(
        tenant.district, data, name, purpose=Purpose.CONTRACT_REVIEW, area="reviews",
        actor=tenant.user("admin"), packs=["us-ct"], state="CT",
    )  # fmt: skip


def test_a_queued_file_is_stored_with_its_hash_and_read_by_the_worker(tenant: Any) -> None:
    job = _queue(tenant)
    assert job.status == ReadStatus.QUEUED and job.due_at is not None
    assert job.sha256 == hashlib.sha256(TEXT).hexdigest() and job.size == len(TEXT)
    path = storage.path_of(job.stored_path)
    assert path.read_bytes() == TEXT and path.name != "terms.txt"  # a random name on disk
    assert tasks.run_read_jobs(timezone.now()) == 1
    assert tasks.run_read_jobs(timezone.now()) == 0  # claimed once
    job.refresh_from_db()
    assert job.status == ReadStatus.DONE and job.attempts == 1 and job.due_at is None
    assert job.result is not None and job.result["packs"] == ["us-ct"]
    assert {p["id"]: p for p in job.result["provisions"]}["no_sale"]["found"] is True


def test_the_checks_refuse_before_anything_is_stored(tenant: Any) -> None:
    with pytest.raises(DocumentError) as refused:
        _queue(tenant, b"\x89PNG\r\n\x1a\n" + b"0" * 100, "terms.pdf")
    assert refused.value.code == "type_mismatch" and "really a PNG image" in refused.value.message
    assert not ReadJob.objects.exists()
    assert not storage.root("reviews").exists() or not any(storage.root("reviews").iterdir())


def test_a_file_the_child_refuses_fails_with_a_reason_and_its_bytes_are_deleted(tenant: Any) -> None:
    job = _queue(tenant, b"%PDF-1.4\n1 0 obj\n<<", "truncated.pdf")
    path = storage.path_of(job.stored_path)
    assert path.exists()
    tasks.run_read_jobs(timezone.now())
    job.refresh_from_db()
    assert (
        job.status == ReadStatus.FAILED and job.error_code in ("corrupt", "truncated") and job.error_message
    )
    assert not path.exists() and job.stored_path == ""


def test_fifty_uploads_of_one_district_do_not_delay_another_districts_one(
    tenant: Any, other_tenant: Any, monkeypatch: Any
) -> None:
    read: list[int] = []

    def fake_child(data: bytes, name: str, **kwargs: Any) -> SandboxOutcome:
        read.append(1)
        return SandboxOutcome(result={"document": {}, "provisions": []}, sentences=[])

    monkeypatch.setattr(tasks, "review_in_child", fake_child)
    busy = [_queue(tenant) for _ in range(50)]
    waiting = _queue(other_tenant)  # queued last, after all fifty
    assert tasks.run_read_jobs(timezone.now()) == queue.PER_DISTRICT + 1
    waiting.refresh_from_db()
    assert waiting.status == ReadStatus.DONE  # in the very first tick
    done = ReadJob.objects.filter(district=tenant.district, status=ReadStatus.DONE).count()
    assert done == queue.PER_DISTRICT < len(busy)  # the busy district waits its turn, oldest first
    assert set(
        ReadJob.objects.filter(status=ReadStatus.DONE, district=tenant.district).values_list("pk", flat=True)
    ) == {j.pk for j in busy[: queue.PER_DISTRICT]}


def test_a_row_claimed_by_another_worker_is_not_taken(tenant: Any) -> None:
    job = _queue(tenant)
    ReadJob.objects.filter(pk=job.pk).update(
        status=ReadStatus.RUNNING, due_at=timezone.now() + queue.LEASE, attempts=1, claim="other"
    )
    assert tasks.run_read_jobs(timezone.now()) == 0
    job.refresh_from_db()
    assert job.status == ReadStatus.RUNNING and job.claim == "other"


def test_an_idle_tick_is_one_query(db: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        assert tasks.run_read_jobs(timezone.now()) == 0


def test_stored_paths_cannot_escape_their_area() -> None:
    for bad in ("../settings.py", "reviews/../x", "reviews/", "elsewhere/abc", "reviews/.hidden"):
        with pytest.raises(ValueError):
            storage.path_of(bad)
