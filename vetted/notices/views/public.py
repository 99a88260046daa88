"""The district's public notices page: what it told families, with the contract where there is one.
Only public words: the kind, title, description, purpose, the data elements, the date posted and the
contract's public copy. Never a recipient, a student or a count."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import public_district

from .. import selectors

PAGE_SIZE = 25


def notice_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    page = Paginator(selectors.postings(district), PAGE_SIZE).get_page(request.GET.get("page"))
    postings = [selectors.posting(district, n) for n in page.object_list]
    return render(
        request, "notices/public/list.html", {"district": district, "page": page, "postings": postings}
    )


def notice_detail(request: HttpRequest, district_slug: str, pk: int) -> HttpResponse:
    district = public_district(district_slug)
    notice = selectors.postings(district).filter(pk=pk).first()
    if notice is None:
        raise Http404("This district has not posted that notice.")
    return render(request, "notices/public/detail.html",
                  {"district": district, "notice": notice, "p": selectors.posting(district, notice)})  # fmt: skip
