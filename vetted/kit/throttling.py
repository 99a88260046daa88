"""DRF throttles whose rates are read on every request (from REST_FRAMEWORK's DEFAULT_THROTTLE_RATES).

DRF's own classes copy the rates into a class attribute when they are imported, so a deployment's
or a test's changed setting would be ignored until restart. The counts live in the default cache,
which settings make shared between the web server's processes.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, throttling
from rest_framework.settings import api_settings


class _RatesFromSettings(throttling.SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None


class AnonThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Callers who are not signed in, counted per client address."""


class UserThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Signed-in callers (session or token), counted per person."""


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
