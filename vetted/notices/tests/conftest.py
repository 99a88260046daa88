"""Fixtures for notices: the hand-written 1.1 roster imported into the tenant, a resource that needs
permission, and an executed agreement listing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from vetted.catalog import services as catalog
from vetted.rosters.importer import import_bundle
from vetted.rosters.tests.bundles import files_11, write


@pytest.fixture
def roster(tenant: Any, tmp_path: Path) -> Any:
    """Anya (grade 4, Spanish; her guardian Ruth, Spanish), Ben (grade 4; guardians Kemi, e-mail,
    and Dana, none) and Cleo (grade 7; only Dana): Cleo's family gets a letter."""
    job = import_bundle(tenant.district, write(tmp_path / "roster", files_11()))
    assert job.status == "done"
    return tenant


@pytest.fixture
def needs_permission(roster: Any, catalog_item: Any) -> Any:
    """catalog_item (grades 3-8), approved here with parental notification and permission."""
    catalog.decide(roster.district, catalog_item, actor=roster.user("admin"),
                   status="approved_with_parental_consent", grade_min=3, grade_max=8)  # fmt: skip
    return catalog_item


@pytest.fixture
def executed_agreement(roster: Any, catalog_item: Any) -> Any:
    from vetted.agreements.models import Agreement
    from vetted.catalog.models import DataElement

    agreement = Agreement.objects.create(
        district=roster.district, vendor=catalog_item.vendor, title="Student Data Privacy Agreement 2026",
        kind="standard", status="fully_executed", executed_date=dt.date(2026, 11, 30),
    )  # fmt: skip
    agreement.resources.add(catalog_item)
    agreement.data_elements.add(*DataElement.objects.filter(code__in=["student-name", "grades"]))
    return agreement
