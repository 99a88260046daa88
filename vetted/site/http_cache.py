"""HTTP caching for the public pages and the public registry API.

Anonymous GET/HEAD requests to the pages in `PUBLIC_VIEWS` get an `ETag` and a `Last-Modified`, are
answered 304 when the client already has the current answer, and say `Cache-Control: public,
max-age=0, must-revalidate` (a browser or shared cache keeps the page but asks every time; asking is
one indexed row read). Anyone signed in (a session or an API token) gets `private, no-store` and no
validators: staff may see more, and nothing of theirs is kept anywhere.

The validator is the district's audit checkpoint (vetted.audit): one row per district, rewritten in
the same transaction as every audit event, and every change to what these pages show is a service
that writes an audit event (a shared catalogue row's change is recorded in every district that
publishes it, vetted.catalog.governance). So its sequence number moves with every decision,
catalogue, agreement, notice or incident change (and with some that alter nothing public: the page is
then sent again, never kept too long). The ETag also covers the path, the query string, `HX-Request`
(the HTMX fragment and the full page are different answers), `Accept` for the API (which negotiates
JSON or the browsable page), the district's date (pages compare dates with today) and the release.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import UTC, datetime, time
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from vetted.catalog.registry_rows import taxonomy_version
from vetted.districts.access import district_by_slug

from . import page_cache

PUBLIC_VIEWS = frozenset(
    {
        "registry",
        "registry-csv",
        "registry-detail",
        "student-data",
        "public-agreements",
        "public-notices",
        "public-notice",
        "public-incidents",
        "public-incident",
        "api-registry",
        "api-registry-detail",
    }
)
API_VIEWS = frozenset({"api-registry", "api-registry-detail"})
PUBLIC = "public, max-age=0, must-revalidate"
PRIVATE = "private, no-store"


def _release() -> str:
    try:
        version = metadata.version("vetted")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        version = "0"
    return os.environ.get("VETTED_RELEASE", version)


RELEASE = _release()


class PublicHttpCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        state = getattr(request, "_vetted_http_cache", None)
        if state is None:
            return response
        vary = ["HX-Request", "Cookie"] + (["Accept"] if state["api"] else [])
        patch_vary_headers(response, vary)
        if state["private"] or response.cookies:
            # A response that sets a cookie (a session, a CSRF token) belongs to one browser only.
            response["Cache-Control"] = PRIVATE
            for header in ("ETag", "Last-Modified"):
                if header in response:
                    del response[header]
        elif response.status_code in (200, 304) and "etag" in state:
            if not state.get("from_cache"):
                page_cache.keep(state["etag"], request, response)
            response["ETag"] = state["etag"]
            response["Last-Modified"] = http_date(state["last_modified"].timestamp())
            response["Cache-Control"] = PUBLIC
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None or match.url_name not in PUBLIC_VIEWS:
            return None
        api = match.url_name in API_VIEWS
        private = "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated
        state: dict[str, Any] = {"api": api, "private": private}
        request._vetted_http_cache = state  # type: ignore[attr-defined]
        slug = view_kwargs.get("district_slug")
        if private or not isinstance(slug, str):
            return None
        district = district_by_slug(slug)  # the view reads the same object: one query for both
        if district is None:
            return None  # the view answers 404
        try:
            checkpoint = district.audit_checkpoint
            seq, changed_at = checkpoint.seq, checkpoint.at
        except ObjectDoesNotExist:
            seq, changed_at = 0, None
        district_id, zone = district.pk, district.time_zone
        try:
            tz = ZoneInfo(zone)
        except (KeyError, ValueError):
            tz = ZoneInfo("UTC")
        today = datetime.now(tz).date()
        start_of_day = datetime.combine(today, time.min, tzinfo=tz).astimezone(UTC)
        last_modified = max(changed_at, start_of_day) if changed_at else start_of_day
        key = "\n".join(
            [
                RELEASE,
                taxonomy_version(),  # data element and subject names, shown on these pages
                str(district_id),
                str(seq or 0),
                today.isoformat(),
                # The API writes absolute links from the request's host and scheme: two hosts are two
                # answers (a page kept for one is never sent to the other, page_cache).
                request.get_host(),
                "https" if request.is_secure() else "http",
                request.path,
                request.META.get("QUERY_STRING", ""),
                request.headers.get("HX-Request", ""),
                request.headers.get("Accept", "") if api else "",
            ]
        )
        state["etag"] = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        # Whole seconds: HTTP dates have no fractions, and If-Modified-Since compares with them.
        state["last_modified"] = last_modified.replace(microsecond=0)
        if "*" in request.headers.get("If-None-Match", "") + request.headers.get("If-Match", ""):
            return None  # "any version exists": only the view knows whether this one does
        conditional = get_conditional_response(
            request, etag=state["etag"], last_modified=int(state["last_modified"].timestamp())
        )
        if conditional is not None:
            return conditional
        page = page_cache.cached(state["etag"]) if request.method == "GET" else None
        state["from_cache"] = page is not None
        return page
