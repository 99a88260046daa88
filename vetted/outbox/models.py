"""Every e-mail the product sends is a row first: queued in the transaction that decided it,
sent after commit or by the worker, retried with back-off, never sent twice for the same idempotency
key except in the one window docs/adr/0007-email-exactly-once.md names."""

from __future__ import annotations

from django.db import models

from vetted.districts.models import District


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # a transient failure: retried after next_attempt_at
        BOUNCED = "bounced", "Bounced"  # the mail server refused the address for good (5xx)

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=60, help_text="Dotted name, e.g. request.decided")
    idempotency_key = models.CharField(max_length=200, unique=True)
    # The RFC 5322 Message-ID, fixed when the row is made, so a re-send after a crash carries the same
    # one and the receiving side can tell it is a repeat.
    message_id = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # What the message is about (for the trail and for finding a family's or request's mail).
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When a failed row may be tried again (back-off grows with attempts); null: as soon as possible.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention job erased the body (vetted.site.retention); the row stays as proof of sending.
    body_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The lease of the worker sending it (vetted.outbox.delivery): "host:pid:batch" and when it was
    # taken or last renewed. A row still `sending` past its lease was left by a worker that stopped.
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["status", "next_attempt_at"]),  # failed rows due for another try
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_email} ({self.status})"
