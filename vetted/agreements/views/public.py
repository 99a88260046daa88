"""Public pages: a district's signed agreements and their public copies."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import public_district

from .. import selectors
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
