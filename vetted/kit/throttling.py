"""DRF throttles whose rates are read on every request (from REST_FRAMEWORK's DEFAULT_THROTTLE_RATES).

DRF's own classes copy the rates into a class attribute when they are imported, so a deployment's
or a test's changed setting would be ignored until restart.

Where the counts live (ADR 0011):
- a signed-in caller (per person) in the default cache, shared by every web process;
- an anonymous caller (per address) in the memory of each web process, with the limit divided by the
  number of processes (VETTED_WEB_PROCESSES, the same figure gunicorn.conf.py starts): together the
  processes never allow more than the limit, and the public registry's API, read by families after a
  notice, no longer writes a row of the shared cache (a write transaction on SQLite) on every call.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from rest_framework import exceptions, throttling
from rest_framework.settings import api_settings

# This process's counts of anonymous callers (cleared between tests by the suite's conftest).
LOCAL_COUNTS = LocMemCache("vetted-anonymous-throttle", {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10})


class _RatesFromSettings(throttling.SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None


class AnonThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Callers who are not signed in, counted per client address in this process (see above)."""

    cache = LOCAL_COUNTS

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        allowed, period = super().parse_rate(rate)
        if allowed is None:
            return allowed, period
        processes = max(1, int(getattr(settings, "VETTED_WEB_PROCESSES", 1)))
        return max(1, allowed // processes), period


class UserThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Signed-in callers (session or token), counted per person. Anonymous callers are AnonThrottle's
    alone (DRF's class would count them a second time, by address, against the signed-in rate)."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


def throttled_if_flooding(request: Any, view: Any) -> exceptions.Throttled | None:
    """A call refused for want of valid credentials (401) counts against the anonymous rate too.

    DRF checks throttles only after authentication and permissions, so without this a flood of guessed
    tokens, or of calls to private endpoints, would never meet a throttle. Over the limit the answer
    is 429 instead of 401.
    """
    throttle = AnonThrottle()
    if throttle.allow_request(request, view):
        return None
    return exceptions.Throttled(wait=throttle.wait())
