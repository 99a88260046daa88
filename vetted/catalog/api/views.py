"""JSON API for the registry (public) and the catalogue (staff)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from vetted.districts.api import DistrictScopedMixin
from vetted.kit.ids import parse_id

from .. import governance, services
from ..models import CatalogChange, DataElement, Resource, ResourceDecision, Subject, Vendor
from .serializers import (
    CatalogChangeSerializer,
    ChangeAnswerSerializer,
    DataElementSerializer,
    DecisionSerializer,
    ResourceSerializer,
    SubjectSerializer,
    VendorSerializer,
)


@extend_schema(tags=["taxonomy"])
class DataElementList(generics.ListAPIView):
    serializer_class = DataElementSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    queryset = DataElement.objects.order_by("position")


@extend_schema(tags=["taxonomy"])
class SubjectList(generics.ListAPIView):
    serializer_class = SubjectSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    queryset = Subject.objects.order_by("name")


class _CatalogViewSet(
    DistrictScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Shared catalogue rows, edited in the context of a district the user belongs to."""

    change: CatalogChange | None = None

    def get_queryset(self) -> QuerySet[Any]:
        self.scope("catalog.view", "catalog.edit")
        return super().get_queryset()

    def _outcome(self, serializer: Any, outcome: Any) -> None:
        """A row another district publishes is not changed: the edit became a proposal (ADR 0001)."""
        if isinstance(outcome, CatalogChange):
            self.change = outcome
            serializer.instance = outcome.subject
        else:
            serializer.instance = outcome

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        if self.change is not None:
            body = CatalogChangeSerializer(self.change, context=self.get_serializer_context()).data
            return Response(body, status=status.HTTP_202_ACCEPTED)
        return response


def _edit_schema(serializer: Any) -> Any:
    described = extend_schema(
        responses={200: serializer, 202: CatalogChangeSerializer},
        description="Changes the row at once while no other district's registry shows it. Otherwise "
        "nothing changes yet: the answer is 202 with a proposed change that every affected district "
        "accepts or refuses (see catalogue-changes).",
    )
    return extend_schema_view(update=described, partial_update=described)


@extend_schema(tags=["catalogue"])
@_edit_schema(VendorSerializer)
class VendorViewSet(_CatalogViewSet):
    serializer_class = VendorSerializer
    queryset = Vendor.objects.order_by("legal_name")

    def perform_create(self, serializer: Any) -> None:
        self.get_queryset()
        serializer.instance = services.create_vendor(
            self.district, actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        outcome = services.update_vendor(
            self.district, serializer.instance, actor=self.request.user, data=serializer.validated_data
        )
        self._outcome(serializer, outcome)


@extend_schema(tags=["catalogue"])
@_edit_schema(ResourceSerializer)
class ResourceViewSet(_CatalogViewSet):
    serializer_class = ResourceSerializer
    queryset = (
        Resource.objects.select_related("vendor")
        .prefetch_related("subjects", "data_elements")
        .order_by("name")
    )

    def _split(self, data: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
        data = dict(data)
        return data, data.pop("subjects", None), data.pop("data_elements", None)

    def perform_create(self, serializer: Any) -> None:
        self.get_queryset()
        data, subjects, elements = self._split(serializer.validated_data)
        serializer.instance = services.create_resource(
            self.district,
            actor=self.request.user,
            data=data,
            subjects=subjects or (),
            data_elements=elements or (),
        )

    def perform_update(self, serializer: Any) -> None:
        data, subjects, elements = self._split(serializer.validated_data)
        outcome = services.update_resource(
            self.district, serializer.instance, actor=self.request.user, data=data,
            subjects=subjects, data_elements=elements,
        )  # fmt: skip
        self._outcome(serializer, outcome)


@extend_schema(tags=["decisions"], parameters=[OpenApiParameter("resource", int, OpenApiParameter.PATH)])
class DecisionViewSet(DistrictScopedMixin, viewsets.GenericViewSet):
    """The district's decisions. POST creates or replaces the decision on a resource."""

    serializer_class = DecisionSerializer
    lookup_field = "resource"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[ResourceDecision]:
        self.scope("catalog.view", "decision.edit")
        return ResourceDecision.objects.filter(district=self.district).select_related(
            "resource", "decided_by"
        )

    def list(self, request: Request, district_slug: str) -> Response:
        qs = self.get_queryset().order_by("resource__name")
        status_filter = request.query_params.get("status")
        if status_filter:
            qs = qs.filter(status=status_filter)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, district_slug: str, resource: str) -> Response:
        decision = self.get_queryset().filter(resource_id=_int_or_404(resource)).first()
        if decision is None:
            raise NotFound()
        return Response(self.get_serializer(decision).data)

    def create(self, request: Request, district_slug: str) -> Response:
        self.get_queryset()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        decision = services.decide(self.district, data.pop("resource"), actor=request.user, **data)
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, district_slug: str, resource: str) -> Response:
        current = (
            self.get_queryset().filter(resource_id=_int_or_404(resource)).select_related("resource").first()
        )
        if current is None:
            raise NotFound()
        serializer = self.get_serializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = ("status", "grade_min", "grade_max", "conditions", "reason", "internal_notes")
        given = serializer.validated_data
        merged = {f: given.get(f, getattr(current, f)) for f in fields}
        # Left out of the body, staff_only and elements_off keep what the decision says (None).
        decision = services.decide(
            self.district, current.resource, actor=request.user, **merged,
            staff_only=given.get("staff_only"), elements_off=given.get("elements_off"),
            override_reason=given.get("override_reason", ""),
        )  # fmt: skip
        return Response(self.get_serializer(decision).data)


@extend_schema(tags=["catalogue"])
class CatalogChangeViewSet(
    DistrictScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Proposed changes to shared rows this district made or is asked to answer (ADR 0001)."""

    serializer_class = CatalogChangeSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[CatalogChange]:
        self.scope("catalog.view", "catalog.edit")
        return governance.changes_for(self.district)

    def _answer(self, request: Request, accept: bool) -> Response:
        change = self.get_object()
        form = ChangeAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        change = governance.answer_change(
            self.district, change, actor=request.user, accept=accept, reason=form.validated_data["reason"]
        )
        return Response(self.get_serializer(governance.changes_for(self.district).get(pk=change.pk)).data)

    @extend_schema(request=ChangeAnswerSerializer, responses=CatalogChangeSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, district_slug: str, pk: str) -> Response:
        """Accept the change for this district; it is applied once every asked district accepts."""
        return self._answer(request, accept=True)

    @extend_schema(request=ChangeAnswerSerializer, responses=CatalogChangeSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, district_slug: str, pk: str) -> Response:
        """Refuse the change; one refusal closes it and nothing changes."""
        return self._answer(request, accept=False)


def _int_or_404(value: str) -> int:
    pk = parse_id(value)  # within the id columns' range: a foreign-key lookup is not guarded by Django
    if pk is None:
        raise NotFound()
    return pk
