from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from vetted.districts.api import DistrictScopedMixin

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = [
            "seq", "event_type", "actor_label", "subject_type", "subject_id", "subject_label", "details",
            "created_at", "prev_hash", "hash",
        ]  # fmt: skip


@extend_schema(tags=["audit"])
class AuditEventList(DistrictScopedMixin, generics.ListAPIView[AuditEvent]):
    """The district's audit trail, newest first (admins and auditors)."""

    serializer_class = AuditEventSerializer

    def get_queryset(self) -> QuerySet[AuditEvent]:
        district = self.district_for("audit.view")
        qs = AuditEvent.objects.filter(district=district).order_by("-seq")
        event_type = self.request.query_params.get("type")
        return qs.filter(event_type__startswith=event_type[:80]) if event_type else qs
