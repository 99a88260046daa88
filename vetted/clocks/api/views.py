"""JSON API under /api/v1/districts/<slug>/: obligations and the clock."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from vetted.districts.api import DistrictScopedMixin

from .. import selectors
from ..calendar import due_times, parse_event_time
from ..models import Obligation
from ..packs import district_pack_ids
from ..services import close_obligation
from . import serializers as s

BAD = OpenApiResponse(description="Field errors")


@extend_schema(tags=["obligations"])
class ObligationViewSet(DistrictScopedMixin, viewsets.GenericViewSet[Obligation]):
    serializer_class = s.ObligationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Obligation]:
        district = self.scope("obligation.view", "obligation.manage")
        status_filter = self.request.query_params.get("status", "")
        return selectors.obligations_by_urgency(district, timezone.now(), status_filter)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=["open", "done", "waived"])])
    def list(self, request: Request, district_slug: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, district_slug: str, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=s.CloseObligationSerializer, responses={200: s.ObligationSerializer, 400: BAD})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, district_slug: str, pk: str) -> Response:
        obligation = self.get_object()
        ser = s.CloseObligationSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(
            self.get_serializer(close_obligation(obligation, actor=request.user, **ser.validated_data)).data
        )


@extend_schema(
    tags=["obligations"],
    parameters=[s.ClockQuerySerializer],
    responses={200: s.ClockResultSerializer, 400: BAD},
)
class ClockView(DistrictScopedMixin, generics.GenericAPIView[Any]):
    """What an event at a given time makes due in this district, under its rule packs and closure days."""

    serializer_class = s.ClockResultSerializer

    def get(self, request: Request, district_slug: str) -> Response:
        district = self.scope("obligation.view", "obligation.view")
        query = s.ClockQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        at = parse_event_time(query.validated_data["at"])
        rows = due_times(district, query.validated_data["event"], at)
        result = {"district": district.slug, "event": query.validated_data["event"], "at": at,
                  "packs": district_pack_ids(district), "due_times": rows}  # fmt: skip
        return Response(s.ClockResultSerializer(result).data)
