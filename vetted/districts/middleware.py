"""Show a district's pages in the district's time zone.

For every URL with a `district_slug` (/manage/<district>/..., /d/<district>/...), the district's
zone is activated for the request, so `|date` and form widgets show local time; other pages stay
in UTC (settings.TIME_ZONE). An unknown slug activates nothing: the view answers 404 itself.
The API (/api/) is for programs and keeps answering in UTC ("...Z"), whatever the district.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import District


class DistrictTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        slug = view_kwargs.get("district_slug")
        if not isinstance(slug, str) or request.path.startswith("/api/"):
            return
        name = District.objects.filter(slug=slug).values_list("time_zone", flat=True).first()
        if name:
            timezone.activate(name)
