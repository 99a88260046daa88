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

from . import row_security
from .access import district_by_slug, districts_read_once


class DistrictTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            with districts_read_once():
                return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        slug = view_kwargs.get("district_slug")
        if not isinstance(slug, str) or request.path.startswith("/api/"):
            return
        district = district_by_slug(slug)
        if district is not None and district.time_zone:
            timezone.activate(district.time_zone)


class DistrictRowScopeMiddleware:
    """Scope the database connection to the URL's district for /manage/<d>/ and /api/v1/districts/<d>/.

    PostgreSQL's row security (`row_security`) then hides other districts' rows from any query of
    the request, a backstop behind the views' own scoping. The scope is set when the view is known
    and cleared in `finally`: connections persist between requests (CONN_MAX_AGE), so a scope left
    behind would follow the connection into the next request. A streamed response's body is
    produced after the scope is cleared, so it has only the app's own scoping. An unknown slug is
    scoped to no district at all (the view answers 404 itself).
    """

    PREFIXES = ("/manage/", "/api/v1/districts/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            if getattr(request, "_vetted_row_scope", False):
                row_security.set_scope(None)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        slug = view_kwargs.get("district_slug")
        if (
            not isinstance(slug, str)
            or not request.path.startswith(self.PREFIXES)
            or not row_security.active()
        ):
            return
        row_security.set_scope_by_slug(slug)
        request._vetted_row_scope = True  # type: ignore[attr-defined]
