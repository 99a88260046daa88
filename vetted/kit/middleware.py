"""Requests refused before anything reads them: oversized bodies, and input no database can hold.

DRF parsers bypass Django's body cap, so the size is checked here. PostgreSQL refuses NUL in text
(and a lone UTF-16 surrogate cannot be encoded at all); Django's forms and DRF's CharField already
refuse both, but searches and filters read the query string directly, so one check here covers
every page and endpoint, present and future. Ids in the path beyond the database's integer range
name nothing: 404, as for any other id that does not exist.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict

from .ids import MAX_ID

UNSTORABLE_MESSAGE = (
    "The request contains a character that cannot be stored (a NUL byte or a broken Unicode "
    "character). Remove it and try again."
)


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


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
            return _refuse(request, f"The request is too large: the limit is {limit_mb} MB.", 413)
        return self.get_response(request)


def unstorable(text: str) -> bool:
    """True if PostgreSQL cannot store `text`: a NUL, or a lone surrogate that has no UTF-8 form."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _strings(value: Any) -> Iterable[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _request_strings(request: HttpRequest) -> Iterable[str]:
    yield request.path
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str):
            yield value
    for key, values in request.GET.lists():
        yield key
        yield from values
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, values in _form(request).lists():
            yield key
            yield from values
    elif content_type.endswith("json") and request.method in ("POST", "PUT", "PATCH"):
        try:
            yield from _strings(json.loads(request.body))
        except ValueError:
            return  # not JSON: the API's parser answers 400 itself


def _form(request: HttpRequest) -> QueryDict:
    """A form body's fields. Django parses one only for POST; the API also reads PUT and PATCH."""
    if request.method == "POST":
        return request.POST
    if request.method not in ("PUT", "PATCH"):
        return QueryDict()
    if request.content_type == "multipart/form-data":
        fields, _files = request.parse_file_upload(request.META, io.BytesIO(request.body))
        return fields
    return QueryDict(request.body, encoding=request.encoding)


class UnstorableInputMiddleware:
    """400 for NUL bytes and lone surrogates anywhere a visitor can put them; 404 for huge path ids."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(unstorable(text) for text in _request_strings(request)):
            return _refuse(request, UNSTORABLE_MESSAGE, 400)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        # `<int:...>` path arguments are unbounded; one beyond every id column names nothing.
        for value in [*args, *kwargs.values()]:
            if isinstance(value, int) and not isinstance(value, bool) and not -MAX_ID <= value <= MAX_ID:
                raise Http404("No such item.")
