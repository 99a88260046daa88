"""Reads: what the requester may already use, who can see which request, queues, who must act."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Q, QuerySet
from django.utils import timezone

from vetted.agreements.models import Agreement, AgreementStatus
from vetted.catalog.models import DecisionStatus, Resource, ResourceDecision
from vetted.districts.models import District, Membership, Role
from vetted.districts.permissions import can
from vetted.districts.row_security import across_districts

from .models import ResourceRequest
from .states import CLOCK_RUNNING, OPEN, State

APPROVALS = (DecisionStatus.APPROVED, DecisionStatus.APPROVED_WITH_CONSENT)


def _host_and_path(url: str) -> str:
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def find_catalog_match(name: str, url: str = "", vendor_name: str = "") -> Resource | None:
    """The catalogue resource a request names: same link first, then same name (and vendor)."""
    if url and _host_and_path(url):
        key = _host_and_path(url)
        host = key.split("/", 1)[0]
        for resource in Resource.objects.filter(url__icontains=host).select_related("vendor")[:50]:
            if resource.url and _host_and_path(resource.url) == key:
                return resource
    if not name.strip():
        return None
    same_name = Resource.objects.filter(name__iexact=name.strip()).select_related("vendor").order_by("pk")
    if vendor_name.strip():
        same_vendor = same_name.filter(vendor__legal_name__iexact=vendor_name.strip()).first()
        if same_vendor:
            return same_vendor
    return same_name.first()


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def names_same_resource(req: ResourceRequest, resource: Resource | None) -> bool:
    """Is `resource` really the one the request names (same name, and same vendor when given)?

    Only then may an approval of `resource` answer the request "already approved": a request linked
    to some other approved resource goes to the committee like any other.
    """
    if resource is None or not _same(req.resource_name, resource.name):
        return False
    return not req.vendor_name.strip() or _same(req.vendor_name, resource.vendor.legal_name)


def band_covers(d_min: int | None, d_max: int | None, r_min: int | None, r_max: int | None) -> bool:
    """Does a decision's grade band contain the requested one? Open ends cover everything."""
    low_ok = d_min is None or (r_min is not None and d_min <= r_min)
    high_ok = d_max is None or (r_max is not None and d_max >= r_max)
    return low_ok and high_ok


def covering_decision(
    district: District, resource: Resource | None, grade_min: int | None, grade_max: int | None
) -> ResourceDecision | None:
    """The district's approval of `resource` that already covers these grades, if any."""
    if resource is None:
        return None
    decision = ResourceDecision.objects.filter(
        district=district, resource=resource, status__in=APPROVALS
    ).first()
    if decision and band_covers(decision.grade_min, decision.grade_max, grade_min, grade_max):
        return decision
    return None


@across_districts()
def agreements_elsewhere(district: District, resource: Resource) -> list[Any]:
    """Executed agreements covering this resource held by the district's consortium partners,
    open general offers (Exhibit E, adoptable in one action) first."""
    partners = District.objects.filter(consortia__in=district.consortia.all()).exclude(pk=district.pk)
    found = (
        Agreement.objects.filter(
            district__in=partners, resources=resource, status=AgreementStatus.FULLY_EXECUTED
        )
        .select_related("district", "vendor")
        .distinct()
        .order_by("-general_offer", "-executed_date")[:5]
    )
    return list(found)


@dataclass(frozen=True)
class KnownResource:
    resource: Resource
    decision_here: ResourceDecision | None
    approved_in: list[District]  # other districts of the same consortia that approved it
    agreements: list[Any]
    # Does the approval here cover the grades asked? None when no grade is given yet.
    covers_grades: bool | None = None


@across_districts()
def known_resources(
    district: District,
    name: str,
    url: str = "",
    limit: int = 5,
    grades: tuple[int | None, int | None] = (None, None),
) -> list[KnownResource]:
    """Catalogue resources that look like what the requester is typing, with what is known, and
    whether an approval here covers the grades asked (the panel never says "use it" beyond them)."""
    name, url = name.strip()[:200], url.strip()[:500]
    q = Q()
    if len(name) >= 2:
        q |= Q(name__icontains=name) | Q(vendor__legal_name__icontains=name)
    host = _host_and_path(url).split("/", 1)[0] if url else ""
    if len(host) >= 4:
        q |= Q(url__icontains=host)
    if not q:
        return []
    resources = list(Resource.objects.filter(q).select_related("vendor").order_by("name")[:limit])
    here = {
        d.resource_id: d for d in ResourceDecision.objects.filter(district=district, resource__in=resources)
    }
    partners = District.objects.filter(consortia__districts=district).exclude(pk=district.pk).distinct()
    approved_elsewhere: dict[int, list[District]] = {}
    for d in ResourceDecision.objects.filter(
        district__in=partners, resource__in=resources, status__in=APPROVALS
    ).select_related("district"):
        approved_elsewhere.setdefault(d.resource_id, []).append(d.district)
    g_min, g_max = grades
    g_min, g_max = (g_min if g_min is not None else g_max), (g_max if g_max is not None else g_min)

    def covers(decision: ResourceDecision | None) -> bool | None:
        if decision is None:
            return None
        if g_min is None:  # no grade asked yet: only an approval for every grade settles it
            return True if decision.grade_min is None and decision.grade_max is None else None
        return band_covers(decision.grade_min, decision.grade_max, g_min, g_max)

    return [
        KnownResource(
            r,
            here.get(r.pk),
            approved_elsewhere.get(r.pk, []),
            agreements_elsewhere(district, r),
            covers(here.get(r.pk)),
        )  # fmt: skip
        for r in resources
    ]


# --- who may see what ------------------------------------------------------------------------


def visible_request(user: Any, district: District, pk: int) -> ResourceRequest | None:
    """The request if `can(user, "resource_request.view", req)` (policies.py), else None."""
    req = (
        ResourceRequest.objects.filter(district=district, pk=pk)
        .select_related("district", "requester")
        .first()
    )
    return req if req is not None and can(user, "resource_request.view", req) else None


def my_requests(user: Any, district: District) -> QuerySet[ResourceRequest]:
    return ResourceRequest.objects.filter(district=district, requester=user).order_by("-created_at")


def review_queue(user: Any, district: District) -> QuerySet[ResourceRequest]:
    """Open requests assigned to the user, or whose terms the director must approve; by due date."""
    q = Q(assignments__reviewer=user)
    if can(user, "resource_request.approve_terms", district):
        q |= (Q(terms_url__gt="") | Q(data_sharing_agreement=True)) & Q(
            terms_approved_at__isnull=True, terms_refused_at__isnull=True
        )
    return (
        ResourceRequest.objects.filter(district=district, state__in=OPEN)
        .filter(q)
        .exclude(requester=user)
        .distinct()
        .order_by("due_at", "pk")
    )


def all_requests(
    district: District, *, state: str = "", reviewer: int | None = None, overdue: bool = False
) -> QuerySet[ResourceRequest]:
    qs = ResourceRequest.objects.filter(district=district).exclude(state=State.DRAFT)
    if state:
        qs = qs.filter(state=state)
    if reviewer:
        qs = qs.filter(assignments__reviewer_id=reviewer)
    if overdue:
        qs = qs.filter(state__in=CLOCK_RUNNING, due_at__lt=timezone.now())
    return (
        qs.select_related("requester")
        .prefetch_related("assignments__reviewer")
        .distinct()
        .order_by("due_at", "-created_at")
    )


def reviewers_of(district: District) -> QuerySet[Membership]:
    """Members who may be assigned: committee reviewers, admins and the technology director who have
    signed in at least once (an invitee who never did would not know the work is waiting)."""
    return (
        Membership.objects.filter(
            district=district,
            role__in=[Role.REVIEWER, Role.ADMIN, Role.TECHNOLOGY_DIRECTOR],
            user__is_active=True,
            user__last_login__isnull=False,
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def is_overdue(req: ResourceRequest, now: datetime | None = None) -> bool:
    """Not while the clock is paused for the requester's answer: the answer moves the deadline."""
    return req.state in CLOCK_RUNNING and req.due_at is not None and req.due_at < (now or timezone.now())


# --- who still has to act ---------------------------------------------------------------------


def waiting_on(req: ResourceRequest, quorum: int) -> list[str]:
    """Plain sentences: who must act next for the request to move."""
    if req.state == State.DRAFT:
        return [f"{req.requester_name or req.requester} must submit the request."]
    if req.state not in OPEN:
        return []
    lines: list[str] = []
    if req.state == State.INFORMATION_REQUESTED:
        lines.append(f"{req.requester_name or req.requester} must answer the committee's question.")
    assignments = list(req.assignments.select_related("reviewer"))
    if len(assignments) < quorum:
        missing = quorum - len(assignments)
        lines.append(f"An admin must assign {missing} more reviewer{'s' if missing > 1 else ''}.")
    for a in assignments:
        if not a.vote:
            lines.append(f"{a.reviewer.display_name} (reviewer) must record a decision.")
    if req.terms_pending:
        # Never the requester: nobody approves or refuses the terms of their own request.
        directors = Membership.objects.filter(
            district=req.district, role=Role.TECHNOLOGY_DIRECTOR, user__is_active=True
        ).exclude(user_id=req.requester_id)
        names = ", ".join(
            m.user.display_name for m in directors.select_related("user").order_by("user__email")
        )
        if names:
            lines.append(
                f"{names} (technology director) must approve or refuse the terms of service before final "
                "approval."
            )
        else:
            lines.append(
                "A technology director must approve or refuse the terms of service, and the district has "
                "none who may (the requester cannot): an admin must give someone that role."
            )
    return lines
