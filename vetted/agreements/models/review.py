"""The automatic review of an uploaded agreement document, queued at upload and run by the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from vetted.districts.models import District

from .agreement import AgreementDocument


class ReviewStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# What the uploader can do about a refused file, after the reader's own reason.
FAILURE_HINTS = {
    "no_text_layer": "Upload a text PDF (not a scan) or the DOCX.",
    "encrypted": "Upload a copy saved without a password.",
    "type_mismatch": "Upload the agreement as a real PDF or DOCX.",
    "missing_file": "Upload the document again.",
    "stopped": "Mark the checklist by hand.",
}


class DocumentReview(models.Model):
    """One review per document; re-running it resets the same row to queued (latest wins).

    `due_at` is the worker's only index: a queued row is due at once, a running row is due again
    when its lease runs out (the worker died mid-review), a finished row is never due (NULL).
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    document = models.OneToOneField(AgreementDocument, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.QUEUED)
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

    def __str__(self) -> str:
        return f"Review of {self.document}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReviewStatus.QUEUED, ReviewStatus.RUNNING)

    @property
    def hint(self) -> str:
        return FAILURE_HINTS.get(self.error_code, "")
