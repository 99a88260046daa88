"""Fixtures for incidents: the notices roster (Anya, Ben, Cleo and their guardians) and a vendor
whose product the district approved; `make_incident` records one through the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from vetted.catalog.models import DataElement
from vetted.incidents.models import Incident
from vetted.incidents.services.recording import record_incident
from vetted.notices.tests.conftest import roster  # noqa: F401 (a fixture)

NY_TZ = ZoneInfo("America/New_York")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """A wall-clock time in the districts' zone (America/New_York)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=NY_TZ)


def elements(*codes: str) -> list[DataElement]:
    return list(DataElement.objects.filter(code__in=codes))


@pytest.fixture
def make_incident(catalog_item: Any) -> Callable[..., Incident]:
    def _make(district: Any, actor: Any, **data: Any) -> Incident:
        data.setdefault("vendor", catalog_item.vendor)
        data.setdefault("resources", [catalog_item])
        data.setdefault("title", "Security incident at Quillstone")
        data.setdefault("what_happened", "An unauthorized person reached a reporting database.")
        if (
            data.get("vendor_discovered_at")
            and data.get("district_aware_at", data["vendor_discovered_at"]) > data["vendor_discovered_at"]
        ):
            data.setdefault("awareness_gap_reason", "The vendor's notice reached us then.")
        return record_incident(district, actor=actor, data=data)

    return _make
