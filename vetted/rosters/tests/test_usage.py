"""Who uses what (issue 11, item 2): a decision's band and its scope (schools, classes) select the
roster's students, and from them their guardians; the page is the admins', and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import MATRIX_WHO, denied_status, matrix_user
from tests.matrix import assert_nothing_written, assert_route, recording
from vetted.audit.models import AuditEvent
from vetted.catalog import services as catalog
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import Org, ResourceScope, SchoolClass
from vetted.rosters.selectors import guardians_of, students_using

from .bundles import files_11, write

pytestmark = pytest.mark.django_db
ROUTES = {"roster-resource"}


@pytest.fixture
def roster(tenant: Any, tmp_path: Path) -> Any:
    job = import_bundle(tenant.district, write(tmp_path / "b", files_11()))
    assert job.status == "done"
    return tenant


def _names(qs: Any) -> list[str]:
    return sorted(qs.values_list("sourced_id", flat=True))


def test_the_band_selects_the_students_and_their_guardians(roster: Any, catalog_item: Any) -> None:
    # catalog_item is approved for grades 3-8: Anya and Ben (grade 4) and Cleo (grade 7).
    students = students_using(roster.district, catalog_item)
    assert _names(students) == ["s-1", "s-2", "s-3"]
    assert _names(guardians_of(students)) == ["g-1", "g-2", "g-3"]
    catalog.decide(roster.district, catalog_item, actor=roster.user("admin"), status="approved", grade_min=6,
                   grade_max=8)  # fmt: skip
    assert _names(students_using(roster.district, catalog_item)) == ["s-3"]
    catalog.decide(roster.district, catalog_item, actor=roster.user("admin"), status="not_approved",
                   reason="Withdrawn.")  # fmt: skip
    assert not students_using(roster.district, catalog_item).exists()


def test_a_scope_narrows_to_schools_or_classes(roster: Any, catalog_item: Any, client_as: Any) -> None:
    url = f"/manage/{roster.district.slug}/roster/resources/{catalog_item.pk}/"
    admin = client_as(roster.user("admin"))
    middle = Org.objects.get(district=roster.district, sourced_id="org-m")
    assert admin.post(url, {"schools": [middle.pk]}).status_code == 302
    assert _names(students_using(roster.district, catalog_item)) == ["s-3"]
    reading = SchoolClass.objects.get(district=roster.district, sourced_id="cl-4a")
    assert (
        admin.post(url, {"schools": [middle.pk], "classes": [reading.pk]}).status_code == 302
    )  # classes win
    assert _names(students_using(roster.district, catalog_item)) == ["s-1", "s-2"]
    page = admin.get(url).content.decode()
    assert 'id="student-count">2<' in page and "Anya Rourke" in page and "ruth.rourke@family.example" in page
    event = AuditEvent.objects.filter(event_type="roster.scope_set").last()
    assert event is not None and event.details["after"] == {"schools": ["org-m"], "classes": ["cl-4a"]}
    assert AuditEvent.objects.filter(event_type="roster.users_viewed").exists()


def test_another_districts_class_cannot_be_chosen(
    roster: Any, other_tenant: Any, catalog_item: Any, client_as: Any, tmp_path: Path
) -> None:
    import_bundle(other_tenant.district, write(tmp_path / "other", files_11()))
    theirs = SchoolClass.objects.get(district=other_tenant.district, sourced_id="cl-4a")
    url = f"/manage/{roster.district.slug}/roster/resources/{catalog_item.pk}/"
    response = client_as(roster.user("admin")).post(url, {"classes": [theirs.pk]})
    assert response.status_code == 400 and not ResourceScope.objects.exists()


def test_a_resource_not_approved_here_has_no_page(roster: Any, catalog_item: Any, client_as: Any) -> None:
    catalog.decide(roster.district, catalog_item, actor=roster.user("admin"), status="pending")
    url = f"/manage/{roster.district.slug}/roster/resources/{catalog_item.pk}/"
    assert client_as(roster.user("admin")).get(url).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", MATRIX_WHO)
def test_matrix(
    who: str, method: str, roster: Any, other_tenant: Any, catalog_item: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    url = f"/manage/{roster.district.slug}/roster/resources/{catalog_item.pk}/"
    assert_route(url, "roster-resource")
    client = client_as(matrix_user(who, roster, other_tenant))
    with recording(django_capture_on_commit_callbacks) as writes:
        response = client.get(url) if method == "get" else client.post(url, {"schools": []})
    if who == "admin":
        assert response.status_code == (200 if method == "get" else 302)
        return
    assert response.status_code == denied_status(who, api=False)
    assert not ResourceScope.objects.exists()
    assert_nothing_written(writes)
