"""Reads: staff lists, the public list, the registry's agreement link, obligations by urgency."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse

from vetted.catalog.models import Resource
from vetted.districts.models import District
from vetted.kit.prepared import Prepared, PreparedShapes

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


def agreement_url_for_resource(district: District, resource_id: int) -> str | None:
    """The public agreement link for one resource (the one in force first), as on a registry page."""
    return agreement_urls_for_resources(district, [resource_id]).get(resource_id)


def _links_statement(size: int) -> Prepared:
    names = [f"r{i}" for i in range(size)]
    return Prepared(
        lambda district, **resources: (
            Agreement.objects.filter(
                district_id=district,
                public=True,
                status__in=SIGNED_STATUSES,
                resources__id__in=list(resources.values()),
            )
            .order_by(*IN_FORCE_FIRST)
            .values("resources__id", "pk")
        ),
        "district",
        *names,
    )


# One prepared statement per list length, rounded up to a power of two (a page is 25, 50 or 100
# rows); the list is padded with 0, an id no row has.
_LINKS = PreparedShapes(_links_statement, limit=16)


def agreement_urls_for_resources(district: District, resource_ids: list[int]) -> dict[int, str]:
    """Public agreement links for a page of resources in one query (the one in force first)."""
    if not resource_ids:
        return {}
    base = reverse("public-agreements", args=[district.slug])
    size = max(8, 1 << (len(resource_ids) - 1).bit_length())
    padded = [*resource_ids, *([0] * (size - len(resource_ids)))]
    rows = _LINKS.values(size, district=district.pk, **{f"r{i}": rid for i, rid in enumerate(padded)})
    wanted = set(resource_ids)
    links: dict[int, str] = {}
    for row in rows:
        if row["resources__id"] in wanted:
            links.setdefault(row["resources__id"], f"{base}#agreement-{row['pk']}")
    return links
