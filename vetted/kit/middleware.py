"""Refuse oversized request bodies before anything reads them (DRF parsers bypass Django's cap)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def _limit_for(path: str) -> int:
    """The body limit for a path: VETTED_MAX_UPLOAD_BYTES, or a larger one a route names in
    VETTED_LARGE_UPLOADS (path pattern -> bytes), e.g. a district's roster export."""
    for pattern, limit in getattr(settings, "VETTED_LARGE_UPLOADS", {}).items():
        if re.match(pattern, path):
            return int(limit)
    return int(settings.VETTED_MAX_UPLOAD_BYTES)


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = _limit_for(request.path)
        if length > limit:
            limit_mb = limit // (1024 * 1024)
            message = f"The request is too large: the limit is {limit_mb} MB."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
