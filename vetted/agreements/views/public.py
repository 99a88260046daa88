"""Public pages: a district's signed agreements, their public copies, and the secret calendar feed."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vetted.districts.access import public_district
from vetted.districts.permissions import can

from .. import ical, selectors
from ..models import CalendarFeed, Obligation
from .staff import serve_document


def agreement_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    return render(
        request, "agreements/public/list.html",
        {"district": district, "agreements": selectors.public_agreements(district)},
    )  # fmt: skip


def public_document(request: HttpRequest, district_slug: str, document_id: int) -> FileResponse:
    district = public_district(district_slug)
    document = selectors.public_document(district, document_id)
    if document is None:
        raise Http404("No public copy here.")
    return serve_document(document)


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The obligations of one district for the link's owner, as long as they are still a member."""
    feed = CalendarFeed.objects.select_related("user", "district").filter(token=token).first()
    if feed is None or not can(feed.user, "obligation.view", feed.district):
        raise Http404("Unknown calendar link.")
    rows = Obligation.objects.filter(district=feed.district).order_by("due_at")[:2000]
    body = ical.calendar(
        f"{feed.district.name} — privacy obligations", rows, host=request.get_host().split(":")[0],
        now=timezone.now(),
    )  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
