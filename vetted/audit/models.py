"""Append-only, hash-chained audit trail. Each district has its own chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District

from .chain import checkpoint_payload


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveBigIntegerField(help_text="Position in the district's chain, from 1.")
    event_type = models.CharField(max_length=80, help_text="Dotted name, e.g. resource.decided")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept beside the FK so the trail still names the person if the account is removed.
    actor_label = models.CharField(max_length=254, blank=True)
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["district_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["district", "seq"], name="audit_seq_unique_per_district")
        ]
        indexes = [
            models.Index(fields=["district", "-created_at"]),
            models.Index(fields=["district", "event_type"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.seq}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditCheckpoint(models.Model):
    """The signed head of one district's chain, rewritten in the same transaction as every event and
    appended to the anchor file after it commits (anchors.py). Deleting the newest events, or the
    whole trail, leaves this row (and the file) naming events that are no longer there; an attacker
    without the audit key cannot sign a replacement."""

    district = models.OneToOneField(
        District, on_delete=models.PROTECT, primary_key=True, related_name="audit_checkpoint"
    )
    alg = models.CharField(max_length=32)
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    signature = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"checkpoint #{self.seq} of district {self.district_id}"

    def payload(self) -> dict[str, object]:
        # The stored algorithm name, not today's: a checkpoint signed another way must fail.
        values = checkpoint_payload(
            district_id=self.district_id, seq=self.seq, head_hash=self.hash, count=self.count, at=self.at
        )
        return {**values, "alg": self.alg}
