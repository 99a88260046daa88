"""Append-only, hash-chained audit trail. Each district has its own chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District


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
