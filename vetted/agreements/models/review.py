"""The automatic review of an uploaded agreement document, queued at upload and run by the worker."""

from __future__ import annotations

from django.db import models

from vetted.documents.models import QueuedRead, ReadStatus

from .agreement import AgreementDocument

ReviewStatus = ReadStatus  # one set of states for every read queue


# What the uploader can do about a refused file, after the reader's own reason.
FAILURE_HINTS = {
    "no_text_layer": "Upload a text PDF (not a scan) or the DOCX.",
    "encrypted": "Upload a copy saved without a password.",
    "type_mismatch": "Upload the agreement as a real PDF or DOCX.",
    "missing_file": "Upload the document again.",
    "stopped": "Mark the checklist by hand.",
}


class DocumentReview(QueuedRead):
    """One review per document; re-running it resets the same row to queued (latest wins).

    A row of the documents read queue (QueuedRead: due_at lease, claim, attempts, outcome), kept in
    its own table because the review pages, the API and the checklist read it by document.
    """

    document = models.OneToOneField(AgreementDocument, on_delete=models.CASCADE, related_name="review")

    def __str__(self) -> str:
        return f"Review of {self.document}: {self.get_status_display()}"

    @property
    def hint(self) -> str:
        return FAILURE_HINTS.get(self.error_code, "")
