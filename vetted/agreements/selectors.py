"""Reads: staff lists, the public list, the registry's agreement link, obligations by urgency."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse

from vetted.catalog.models import Resource
from vetted.districts.models import District
from vetted.kit.prepared import Prepared

from .models import Agreement, AgreementDocument, AgreementStatus
from .models.agreement import SIGNED_STATUSES


def staff_agreements(district: District, q: str = "", status: str = "") -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(district=district).select_related("vendor", "parent", "parent__district")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(vendor__legal_name__icontains=q))
    if status in AgreementStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("vendor__legal_name", "-created_at")


# The agreement in force first: a fully executed one, then the most recently executed.
IN_FORCE_FIRST = (
    Case(When(status=AgreementStatus.FULLY_EXECUTED, then=Value(0)), default=Value(1)),
    "-executed_date",
)


def public_agreements(district: District) -> QuerySet[Agreement]:
    """Signed agreements the district chose to publish. Drafts and unsigned ones never appear."""
    return (
        Agreement.objects.filter(district=district, public=True, status__in=SIGNED_STATUSES)
        .select_related("vendor", "parent", "parent__district", "adopted_document__agreement")
        .prefetch_related(
            Prefetch("resources", queryset=Resource.objects.order_by("name")),
            Prefetch(
                "documents",
                queryset=AgreementDocument.objects.filter(public_copy=True),
                to_attr="public_documents",
            ),
        )
        .order_by("vendor__legal_name", "-executed_date")
    )


def public_document(district: District, document_id: int) -> AgreementDocument | None:
    """A public copy of one of the district's published agreements, or the originating district's public
    copy that a published subscription to its general offer carries (while the originator publishes it)."""
    published = {"public": True, "status__in": SIGNED_STATUSES}
    own = Q(agreement__district=district, **{f"agreement__{k}": v for k, v in published.items()})
    adopted = Q(adoptions__district=district, **{f"adoptions__{k}": v for k, v in published.items()}) & Q(
        **{f"agreement__{k}": v for k, v in published.items()}
    )
    return (
        AgreementDocument.objects.filter(own | adopted, pk=document_id, public_copy=True).distinct().first()
    )


def agreement_for_resource(district: District, resource_id: int) -> Agreement | None:
    """The public agreement that covers a resource, the one in force first."""
    return public_agreements(district).filter(resources__id=resource_id).order_by(*IN_FORCE_FIRST).first()


_AGREEMENT_FOR_RESOURCE = Prepared(
    lambda district, resource: (
        Agreement.objects.filter(
            district_id=district, public=True, status__in=SIGNED_STATUSES, resources__id=resource
        )
        .order_by(*IN_FORCE_FIRST)
        .values("pk")[:1]
    ),
    "district",
    "resource",
)


def agreement_url_for_resource(district: District, resource_id: int) -> str | None:
    """The public agreement link for one resource (the one in force first): a prepared statement,
    as it is read on every registry detail page."""
    found = _AGREEMENT_FOR_RESOURCE.values(district=district.pk, resource=resource_id)
    if not found:
        return None
    return reverse("public-agreements", args=[district.slug]) + f"#agreement-{found[0]['pk']}"


def agreement_urls_for_resources(district: District, resource_ids: list[int]) -> dict[int, str]:
    """Public agreement links for a page of resources in one query (the one in force first)."""
    base = reverse("public-agreements", args=[district.slug])
    rows = (
        public_agreements(district)
        .filter(resources__id__in=resource_ids)
        .order_by(*IN_FORCE_FIRST)
        .values_list("resources__id", "pk")
    )
    wanted = set(resource_ids)
    links: dict[int, str] = {}
    for resource_id, agreement_id in rows:
        if resource_id in wanted:
            links.setdefault(resource_id, f"{base}#agreement-{agreement_id}")
    return links
