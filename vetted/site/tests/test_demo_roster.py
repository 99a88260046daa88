"""The demo district's roster: imported once through the real importer, with the demo teacher's
classes, Spanish-speaking families and families the office must write to."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.rosters.models import Enrollment, GuardianLink, Person
from vetted.site.demo_roster import CLASSES, PER_CLASS, seed_demo_roster

pytestmark = pytest.mark.django_db


def test_the_demo_roster_imports_once(tenant: Any) -> None:
    assert seed_demo_roster(tenant.district) is True
    students = Person.objects.filter(district=tenant.district, role="student")
    assert students.count() == len(CLASSES) * PER_CLASS
    assert GuardianLink.objects.filter(district=tenant.district).count() == students.count()
    taught = Enrollment.objects.filter(person__email="teacher@maple-hollow.example", role="teacher")
    assert sorted(taught.values_list("school_class__sourced_id", flat=True)) == ["dm-c-3a", "dm-c-4a"]
    assert students.filter(language="es").count() == len(CLASSES) * PER_CLASS // 4
    assert Person.objects.filter(district=tenant.district, role="parent", email="").exists()
    assert not Person.objects.exclude(email="").exclude(email__endswith=".example").exists()
    assert seed_demo_roster(tenant.district) is False
