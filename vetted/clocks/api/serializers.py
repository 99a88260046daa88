"""API shapes for obligations and the clock."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import CLOSING_CHOICES, Obligation


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    class Meta:
        model = Obligation
        fields = [
            "id", "kind", "condition", "description", "subject_type", "subject_id", "subject_label", "subject_path",
            "event", "event_at", "due_at", "status", "citation", "actor", "recipient", "decided_by", "note",
            "remind_at", "reminded_at", "escalated_at", "closed_at", "close_reason",
        ]  # fmt: skip
        read_only_fields = fields


class CloseObligationSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CLOSING_CHOICES)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ClockQuerySerializer(serializers.Serializer[Any]):
    event = serializers.CharField(max_length=64)
    at = serializers.CharField(
        max_length=64, help_text="ISO 8601 with offset, e.g. 2026-03-02T10:00:00-05:00"
    )


class DueTimeSerializer(serializers.Serializer[Any]):
    deadline_id = serializers.CharField()
    condition = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    actor = serializers.CharField()
    recipient = serializers.CharField()
    due_at = serializers.DateTimeField()
    due_at_local = serializers.SerializerMethodField(help_text="The due time in the district's time zone")
    duration = serializers.IntegerField()
    unit = serializers.CharField()
    citation = serializers.CharField()
    decided_by = serializers.CharField()
    note = serializers.CharField(allow_null=True)

    def get_due_at_local(self, obj: Any) -> str:
        return str(obj.due_at.isoformat())


class ClockResultSerializer(serializers.Serializer[Any]):
    district = serializers.CharField()
    event = serializers.CharField()
    at = serializers.DateTimeField()
    packs = serializers.ListField(child=serializers.CharField())
    due_times = DueTimeSerializer(many=True)
