"""/api/v1/districts/<slug>/registry/: a district's public registry, each entry linked to its public
agreement. It lives in the site (the top layer) because it reads both the catalogue and agreements."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from vetted.agreements.selectors import agreement_urls_for_resources
from vetted.catalog import selectors, suggest
from vetted.catalog.api.serializers import RegistryEntrySerializer
from vetted.catalog.models import ResourceDecision
from vetted.districts.access import public_district
from vetted.districts.models import District
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


_DATETIME = serializers.DateTimeField()  # the API's date format and zone, as the serializer wrote them


def entry(row: dict[str, Any], agreement_url: str | None) -> dict[str, Any]:
    """One registry entry, exactly as RegistryEntrySerializer (which documents it) would write it."""
    decided_at = row["decided_at"]
    return {
        "resource_id": row["resource_id"],
        "name": row["name"],
        "vendor": row["vendor"],
        "status": row["status"],
        "status_label": row["status_label"],
        "plain_status": row["plain_status"],
        "needs_parental_permission": row["needs_parental_permission"],
        "grade_min": row["grade_min"],
        "grade_max": row["grade_max"],
        "grades": row["grades"],
        "conditions": row["conditions"],
        "reason": row["reason"],
        "decided_at": None if decided_at is None else _DATETIME.to_representation(decided_at),
        "url": row["url"],
        "description": row["description"],
        "privacy_policy_url": row["privacy_policy_url"],
        "terms_url": row["terms_url"],
        "student_accounts_required": row["student_accounts_required"],
        "mobile_app": row["mobile_app"],
        "under_13_users": row["under_13_users"],
        "staff_only": row["staff_only"],
        "subjects": row["subjects"],
        "data_collection": row["data_collection"],
        "data_elements": [{k: e[k] for k in ELEMENT_FIELDS} for e in row["elements"]],
        "elements_off": row["elements_off"],
        "agreement_url": agreement_url,
    }


ELEMENT_FIELDS = ("code", "name", "category", "description", "is_directory", "sensitivity")


def entries(request: Request, district: District, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    links = agreement_urls_for_resources(district, [r["resource_id"] for r in rows]) if rows else {}
    out = []
    for row in rows:
        path = links.get(row["resource_id"])
        out.append(entry(row, request.build_absolute_uri(path) if path else None))
    return out


@extend_schema(tags=["public registry"], parameters=REGISTRY_PARAMS)
class RegistryList(generics.ListAPIView):
    """A district's registry of vetted resources. No sign-in needed."""

    serializer_class = RegistryEntrySerializer  # documents the shape; entries are written by entry()
    queryset = ResourceDecision.objects.none()  # for the schema only
    permission_classes = [permissions.AllowAny]
    pagination_class = RegistryPagination

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        district = public_district(self.kwargs["district_slug"])
        filters, errors = selectors.RegistryFilters.from_params(request.query_params.dict())
        if errors:
            raise ValidationError(errors)
        paginator = cast(RegistryPagination, self.paginator)
        page_param = request.query_params.get(paginator.page_query_param)
        rows = selectors.registry_page(
            district,
            filters,
            page_size=paginator.get_page_size(request) or paginator.page_size,
            first_page=page_param in (None, "", "1"),
            full=True,
        )
        page: list[dict[str, Any]] = paginator.paginate_queryset(rows, request, view=self) or []  # type: ignore[arg-type]
        data = entries(request, district, page)
        found = paginator.page.paginator.count if paginator.page is not None else 0
        suggestion = suggest.suggest(district, filters) if found == 0 else None
        return paginator.get_paginated_response(data, suggestion=suggestion)


@extend_schema(tags=["public registry"])
class RegistryDetail(generics.RetrieveAPIView):
    serializer_class = RegistryEntrySerializer  # documents the shape; the entry is written by entry()
    queryset = ResourceDecision.objects.none()  # for the schema only
    permission_classes = [permissions.AllowAny]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        district = public_district(self.kwargs["district_slug"])
        row = selectors.public_entry(district, self.kwargs["resource_id"])
        if row is None:
            raise NotFound()
        return Response(entries(request, district, [row])[0])
