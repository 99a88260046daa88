"""/api/v1/districts/<slug>/registry/: a district's public registry, each entry linked to its public
agreement. It lives in the site (the top layer) because it reads both the catalogue and agreements."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from vetted.agreements.selectors import agreement_urls_for_resources
from vetted.catalog import selectors, suggest
from vetted.catalog.api.serializers import RegistryEntrySerializer
from vetted.catalog.models import ResourceDecision
from vetted.districts.access import public_district
from vetted.kit.api import Pagination

REGISTRY_PARAMS = [
    OpenApiParameter("q", str, description="Words in the name, vendor or description"),
    OpenApiParameter("vendor", str),
    OpenApiParameter("subject", str, description="Subject slug"),
    OpenApiParameter("grade", str, description="PK, K or 1-12"),
    OpenApiParameter("status", str),
    OpenApiParameter("element", str, description="Data element code"),
]


class RegistryPagination(Pagination):
    page_size = 25  # the same page as the HTML registry

    def get_paginated_response(self, data: Any, suggestion: str | None = None) -> Response:
        response = super().get_paginated_response(data)
        response.data["suggestion"] = suggestion
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = [*paginated.get("required", []), "suggestion"]
        paginated["properties"]["suggestion"] = {
            "type": "string",
            "nullable": True,
            "example": "kestrel",
            "description": "When `q` found nothing: a corrected search text (each word that matched nothing "
            "replaced by the closest word in the district's resource and vendor names) that finds at least "
            "one resource with the same filters. Otherwise null.",
        }
        return paginated


@extend_schema(tags=["public registry"], parameters=REGISTRY_PARAMS)
class RegistryList(generics.ListAPIView):
    """A district's registry of vetted resources. No sign-in needed."""

    serializer_class = RegistryEntrySerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = RegistryPagination

    def get_queryset(self) -> QuerySet[ResourceDecision]:
        self.district = public_district(self.kwargs["district_slug"])
        filters, errors = selectors.RegistryFilters.from_params(self.request.query_params.dict())
        if errors:
            raise ValidationError(errors)
        self.filters = filters
        return selectors.with_elements(selectors.registry(self.district, filters))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        links = agreement_urls_for_resources(self.district, [d.resource_id for d in page])
        context = {**self.get_serializer_context(), "agreement_urls": links}
        data = RegistryEntrySerializer(page, many=True, context=context).data
        paginator = cast(RegistryPagination, self.paginator)
        found = paginator.page.paginator.count if paginator.page is not None else 0
        suggestion = suggest.suggest(self.district, self.filters) if found == 0 else None
        return paginator.get_paginated_response(data, suggestion=suggestion)


@extend_schema(tags=["public registry"])
class RegistryDetail(generics.RetrieveAPIView):
    serializer_class = RegistryEntrySerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> ResourceDecision:
        self.district = public_district(self.kwargs["district_slug"])
        decision = selectors.public_decision(self.district, self.kwargs["resource_id"])
        if decision is None:
            raise NotFound()
        return decision

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        links = agreement_urls_for_resources(self.district, [decision.resource_id])
        context = {**self.get_serializer_context(), "agreement_urls": links}
        return Response(RegistryEntrySerializer(decision, context=context).data)
