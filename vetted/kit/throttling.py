"""DRF throttles whose rates are read on every request (from REST_FRAMEWORK's DEFAULT_THROTTLE_RATES).

DRF's own classes copy the rates into a class attribute when they are imported, so a deployment's
or a test's changed setting would be ignored until restart. The counts live in the default cache,
which settings make shared between the web server's processes.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RatesFromSettings(throttling.SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None


class AnonThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Callers who are not signed in, counted per client address."""


class UserThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Signed-in callers (session or token), counted per person."""
