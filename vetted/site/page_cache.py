"""Rendered public pages kept in each web process, by their ETag (issue 15).

After a notice goes to 100,000 families, most of them open the same few links: the district's
registry, a resource's page. The ETag (http_cache) already names one exact answer: the district's
audit checkpoint (it moves with every change to what these pages show), its date, the path, the
query, `HX-Request` and, for the API, `Accept`. A process that rendered that answer keeps the body
and sends it again while the ETag stays the same, instead of reading and rendering it again.

Kept only for anonymous GETs whose request carried no cookie at all (so nothing one visitor sees,
such as a message queued for them, is handed to another) and whose response sets none, is a full
200 and not streamed. At most MAX_ENTRIES pages and MAX_BYTES in all per process, the least
recently used dropped first. The setting VETTED_PAGE_CACHE (environment VETTED_PAGE_CACHE=0 turns it
off; off in the test settings, where databases roll back and ids repeat) switches it; the benchmark
measures the rendering path with it off, and repeat visits with it on.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

MAX_ENTRIES = 2_000
MAX_BYTES = 64 * 1024 * 1024
MAX_PAGE_BYTES = 512 * 1024

_pages: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
_bytes = 0
_lock = threading.Lock()


def enabled() -> bool:
    return bool(getattr(settings, "VETTED_PAGE_CACHE", False))


def cached(etag: str) -> HttpResponse | None:
    """The page this process rendered for `etag`, as a new response, or None."""
    if not enabled():
        return None
    with _lock:
        found = _pages.get(etag)
        if found is None:
            return None
        _pages.move_to_end(etag)
    content_type, body = found
    return HttpResponse(body, content_type=content_type)


def keep(etag: str, request: HttpRequest, response: HttpResponseBase) -> None:
    """Keep `response` under `etag` if it is a page any anonymous visitor may be sent."""
    global _bytes
    if (
        not enabled()
        or request.method != "GET"
        or request.COOKIES
        or response.cookies
        or response.status_code != 200
        or response.streaming
        or not isinstance(response, HttpResponse)
    ):
        return
    body = response.content
    if len(body) > MAX_PAGE_BYTES:
        return
    with _lock:
        if etag in _pages:
            return
        _pages[etag] = (response["Content-Type"], body)
        _bytes += len(body)
        while len(_pages) > MAX_ENTRIES or _bytes > MAX_BYTES:
            _, (_, dropped) = _pages.popitem(last=False)
            _bytes -= len(dropped)


def clear() -> None:
    """Forget every page (tests)."""
    global _bytes
    with _lock:
        _pages.clear()
        _bytes = 0
