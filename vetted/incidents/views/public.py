"""The district's public incidents page: posted breach notices in plain words. Only public words
(title, what happened, what the district is doing, what families can do), the vendor, the kinds of
data involved and dates. Never a student, a family, a count or an internal note."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import public_district

from .. import selectors

PAGE_SIZE = 25


def incident_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    page = Paginator(selectors.postings(district), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incidents/public/list.html", {"district": district, "page": page})


def incident_detail(request: HttpRequest, district_slug: str, incident_id: int) -> HttpResponse:
    district = public_district(district_slug)
    incident = selectors.postings(district).filter(pk=incident_id).first()
    if incident is None:
        raise Http404("This district has not posted that incident.")
    elements = incident.elements.order_by("position")
    return render(request, "incidents/public/detail.html",
                  {"district": district, "incident": incident, "elements": elements})  # fmt: skip
