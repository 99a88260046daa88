"""The read queue: one row per untrusted file waiting to be read by the worker in a limited child.

`QueuedRead` is the queue's shape (lease, claim, attempts, outcome). `ReadJob` is the queue for
every upload that has no table of its own (contract reviews, request attachments, later incident
evidence and rights-request exports). The review of an agreement document keeps its own table
(agreements.DocumentReview, the same shape) because pages, the API and the checklist read it;
both tables are claimed and run by the same code, vetted.documents.queue.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from vetted.districts.models import District


class ReadStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class QueuedRead(models.Model):
    """A queued read. `due_at` is the worker's only index: a queued row is due at once, a running
    row is due again when its lease runs out (the worker died mid-read), a finished row is never
    due (NULL)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=ReadStatus.choices, default=ReadStatus.QUEUED)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    claim = models.CharField(max_length=32, blank=True, editable=False)  # which worker run owns it
    attempts = models.PositiveSmallIntegerField(default=0)
    packs = models.JSONField(default=list, blank=True)
    result = models.JSONField(null=True, blank=True)
    sentences = models.JSONField(null=True, blank=True)  # [{text, page, section}] for highlighting
    error_code = models.CharField(max_length=32, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status in (ReadStatus.QUEUED, ReadStatus.RUNNING)


class Purpose(models.TextChoices):
    CONTRACT_REVIEW = "contract_review", "Contract review (API)"
    REQUEST_ATTACHMENT = "request_attachment", "Vendor document on a staff request"


class ReadJob(QueuedRead):
    """One untrusted file to read. `stored_path` is relative to MEDIA_ROOT (documents.storage)."""

    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    stored_path = models.CharField(max_length=200, blank=True)  # emptied once the bytes are deleted
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=2, blank=True)  # the district's state, for the judge
    # Set when the retention job erased what was read and the file's name (vetted.site.retention).
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["district", "due_at"], name="readjob_district_due")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.original_name} ({self.get_status_display()})"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.pk, "status": self.status}
