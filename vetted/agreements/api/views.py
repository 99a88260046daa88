"""JSON API under /api/v1/districts/<slug>/: agreements and general offers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from vetted.districts.api import DistrictScopedMixin

from ..models import Agreement, ProvisionCheck
from ..services import agreements as svc
from ..services import checklist, documents, offers
from . import serializers as s

BAD = OpenApiResponse(description="Field errors")


@extend_schema(tags=["agreements"], responses={200: s.AgreementSerializer, 400: BAD})
class AgreementViewSet(DistrictScopedMixin, viewsets.GenericViewSet):
    serializer_class = s.AgreementSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Agreement]:
        self.scope("agreement.view", "agreement.edit")
        return (
            Agreement.objects.filter(district=self.district)
            .select_related("vendor")
            .prefetch_related("resources", "data_elements", "documents")
            .order_by("vendor__legal_name", "-created_at")
        )

    def _split(self, data: dict[str, Any]) -> tuple[dict[str, Any], Any, Any, Any]:
        data = dict(data)
        return data, data.pop("vendor", None), data.pop("resources", None), data.pop("data_elements", None)

    @extend_schema(parameters=[OpenApiParameter("status", str)])
    def list(self, request: Request, district_slug: str) -> Response:
        qs = self.get_queryset()
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, district_slug: str, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={201: s.AgreementSerializer, 400: BAD})
    def create(self, request: Request, district_slug: str) -> Response:
        self.get_queryset()
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data, vendor, resources, elements = self._split(ser.validated_data)
        agreement = svc.create_agreement(
            self.district, actor=request.user, vendor=vendor, data=data,
            resources=resources or (), data_elements=elements or (),
        )  # fmt: skip
        return Response(self.get_serializer(agreement).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, district_slug: str, pk: str) -> Response:
        agreement = self.get_object()
        ser = self.get_serializer(agreement, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data, _vendor, resources, elements = self._split(ser.validated_data)
        agreement = svc.update_agreement(
            agreement, actor=request.user, data=data, resources=resources, data_elements=elements
        )
        return Response(self.get_serializer(agreement).data)

    @extend_schema(request=s.TransitionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, district_slug: str, pk: str) -> Response:
        agreement = self.get_object()
        ser = s.TransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        agreement = svc.transition(agreement, ser.validated_data["action"], actor=request.user,
                                   reason=ser.validated_data["reason"])  # fmt: skip
        return Response(self.get_serializer(agreement).data)

    @extend_schema(
        request=s.DocumentUploadSerializer, responses={201: s.DocumentSerializer, 400: BAD, 413: BAD}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request: Request, district_slug: str, pk: str) -> Response:
        agreement = self.get_object()
        ser = s.DocumentUploadSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        doc = documents.add_document(agreement, ser.validated_data["file"], actor=request.user,
                                     label=ser.validated_data["label"], public_copy=ser.validated_data["public_copy"],
                                     signed_copy=ser.validated_data["signed_copy"])  # fmt: skip
        return Response(s.DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.CheckSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def checklist(self, request: Request, district_slug: str, pk: str) -> Response:
        return Response(s.CheckSerializer(self.get_object().checks.all(), many=True).data)

    @extend_schema(request=s.CheckMarkSerializer, responses={200: s.CheckSerializer, 400: BAD},
                   parameters=[OpenApiParameter("check_id", int, OpenApiParameter.PATH)])  # fmt: skip
    @action(detail=True, methods=["patch"], url_path=r"checklist/(?P<check_id>\d+)")
    def mark_check(self, request: Request, district_slug: str, pk: str, check_id: str) -> Response:
        check = get_object_or_404(ProvisionCheck, agreement=self.get_object(), pk=int(check_id))
        ser = s.CheckMarkSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(
            s.CheckSerializer(checklist.mark_check(check, actor=request.user, **ser.validated_data)).data
        )

    @extend_schema(request=s.NoncomplianceSerializer)
    @action(detail=True, methods=["post"])
    def noncompliance(self, request: Request, district_slug: str, pk: str) -> Response:
        ser = s.NoncomplianceSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        agreement = svc.record_noncompliance(self.get_object(), actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(agreement).data)

    @extend_schema(request=None, responses={201: s.AgreementSerializer, 400: BAD})
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, district_slug: str, pk: str) -> Response:
        renewal = svc.renew(self.get_object(), actor=request.user)
        return Response(self.get_serializer(renewal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.EndOfferSerializer)
    @action(detail=True, methods=["post"], url_path="end-offer")
    def end_offer(self, request: Request, district_slug: str, pk: str) -> Response:
        ser = s.EndOfferSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        agreement = offers.end_offer(self.get_object(), actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(agreement).data)


@extend_schema(tags=["agreements"])
class GeneralOfferViewSet(DistrictScopedMixin, viewsets.GenericViewSet):
    """Open general offers (Exhibit E) from districts of the same state or a shared consortium."""

    serializer_class = s.OfferSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Agreement]:
        return offers.adoptable_offers(self.scope("agreement.view", "agreement.edit"))

    def list(self, request: Request, district_slug: str) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.AdoptSerializer, responses={201: s.AgreementSerializer, 400: BAD})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, district_slug: str, pk: str) -> Response:
        district = self.scope("agreement.view", "agreement.edit")
        offer = offers.adoptable_offer(district, pk)  # 404 for anything not adoptable, as the page
        ser = s.AdoptSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        sub = offers.adopt_offer(district, offer, actor=request.user, **ser.validated_data)
        return Response(s.AgreementSerializer(sub).data, status=status.HTTP_201_CREATED)
