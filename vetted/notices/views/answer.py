"""A family's answer page (built by the consent work)."""

from django.http import Http404, HttpRequest, HttpResponse


def answer(request: HttpRequest, district_slug: str, token: str) -> HttpResponse:
    raise Http404
