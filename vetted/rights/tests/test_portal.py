"""Identity (a parent sees only their own children; another district's family; an eligible student
for themselves; the parent of an eligible student refused), the per-child page, a permission changed
in the portal showing in the teacher's class view at once, and the directory-information opt-out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from vetted.audit.models import AuditEvent
from vetted.catalog.models import Resource
from vetted.notices.models import Consent
from vetted.notices.tests.consent_world import sent_request, teacher_user
from vetted.rights import identity
from vetted.rights.models import DirectoryOptOut
from vetted.rights.selectors import directory_opted_out, resources_used_by
from vetted.rosters.models import Person
from vetted.rosters.selectors import students_using

from .helpers import sign_in

pytestmark = pytest.mark.django_db
KEMI, RUTH, ANYA = (
    "kemi.okafor@family.example",
    "ruth.rourke@family.example",
    "anya.r@students.birchfield.example",
)


def _person(tenant: Any, sid: str) -> Person:
    return Person.objects.get(district=tenant.district, sourced_id=sid)


def test_resources_used_by_is_students_using_turned_around(roster: Any, needs_permission: Any) -> None:
    district = roster.district
    for resource in Resource.objects.all():
        users = set(students_using(district, resource).values_list("pk", flat=True))
        for student in Person.objects.filter(district=district, role="student"):
            used = set(resources_used_by(district, student).values_list("resource_id", flat=True))
            assert (resource.pk in used) == (student.pk in users), (resource, student)
    assert needs_permission.pk in set(
        resources_used_by(district, _person(roster, "s-1")).values_list("resource_id", flat=True)
    )


def test_a_parent_sees_only_their_own_children(roster: Any, needs_permission: Any) -> None:
    slug, client = roster.district.slug, Client()
    sign_in(client, slug, KEMI)  # Ben's guardian
    ben, anya = _person(roster, "s-2"), _person(roster, "s-1")
    page = client.get(f"/d/{slug}/family/")
    assert b"Ben" in page.content and b"Anya" not in page.content
    assert client.get(f"/d/{slug}/family/children/{ben.pk}/").status_code == 200
    assert client.get(f"/d/{slug}/family/children/{anya.pk}/").status_code == 404
    assert client.get(f"/d/{slug}/family/children/nonsense/").status_code == 404
    assert (
        client.post(f"/d/{slug}/family/children/{anya.pk}/directory/", {"opted_out": "yes"}).status_code
        == 404
    )
    assert not DirectoryOptOut.objects.exists()


def test_another_districts_student_is_not_found(roster: Any, other_tenant: Any) -> None:
    stranger = Person.objects.create(district=other_tenant.district, sourced_id="x-1", role="student",
                                     given_name="Zed", family_name="Other")  # fmt: skip
    client = Client()
    sign_in(client, roster.district.slug, KEMI)
    assert client.get(f"/d/{roster.district.slug}/family/children/{stranger.pk}/").status_code == 404


def test_an_eligible_student_for_themselves_and_the_parent_refused(
    roster: Any, needs_permission: Any
) -> None:
    world = sent_request(roster, needs_permission)  # reached Anya's family while she was a child
    slug, anya = roster.district.slug, _person(roster, "s-1")
    Person.objects.filter(pk=anya.pk).update(birth_date=dt.date(2000, 1, 5), grade=4)
    anya.refresh_from_db()
    assert identity.is_eligible(anya, roster.district) and identity.eligible_age(roster.district) == 18
    student = Client()
    sign_in(student, slug, ANYA)
    assert student.get(f"/d/{slug}/family/")["Location"] == f"/d/{slug}/family/children/{anya.pk}/"
    assert student.get(f"/d/{slug}/family/children/{anya.pk}/").status_code == 200
    assert student.get(f"/d/{slug}/family/children/{_person(roster, 's-2').pk}/").status_code == 404
    parent = Client()
    sign_in(parent, slug, RUTH)
    refused = parent.get(f"/d/{slug}/family/children/{anya.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 403
    assert "tiene 18 años o más" in refused.content.decode()  # Ruth reads Spanish
    assert (
        parent.post(f"/d/{slug}/family/children/{anya.pk}/directory/", {"opted_out": "yes"}).status_code
        == 403
    )
    assert not DirectoryOptOut.objects.exists()
    answer = {"notice": world.notice.pk, "decision": "consent"}
    assert parent.post(f"/d/{slug}/family/children/{anya.pk}/permission/", answer).status_code == 403
    assert not Consent.objects.exists()
    assert student.post(f"/d/{slug}/family/children/{anya.pk}/permission/", answer).status_code == 302
    assert Consent.objects.get().relationship == "self"
    member = identity.FamilyMember(_person(roster, "g-1"), roster.district)
    assert list(identity.children_of(member)) == []


def test_the_child_page_says_what_is_recorded_and_nothing_more(roster: Any, needs_permission: Any) -> None:
    Resource.objects.filter(pk=needs_permission.pk).update(data_elements_recorded=False)
    needs_permission.data_elements.clear()
    slug, client = roster.district.slug, Client()
    sign_in(client, slug, KEMI)
    body = client.get(f"/d/{slug}/family/children/{_person(roster, 's-2').pk}/").content.decode()
    assert needs_permission.name in body and "Not yet recorded." in body and "Nothing." not in body
    assert "The school has not asked for permission yet." in body


def test_a_permission_changed_in_the_portal_shows_in_the_class_view(
    roster: Any, needs_permission: Any
) -> None:
    world = sent_request(roster, needs_permission)
    slug, client, ben = roster.district.slug, Client(), _person(roster, "s-2")
    sign_in(client, slug, KEMI)
    teacher = Client()
    teacher.force_login(teacher_user(roster))
    assert "Not answered" in teacher.get(world.class_url("cl-4a")).content.decode()
    url = f"/d/{slug}/family/children/{ben.pk}/permission/"
    assert client.post(url, {"notice": world.notice.pk, "decision": "consent"}).status_code == 302
    row = Consent.objects.get()
    assert (row.channel, row.decision, row.student_id, row.guardian_id) == (
        "portal",
        "consent",
        ben.pk,
        _person(roster, "g-2").pk,
    )
    from vetted.notices.consent import class_permissions

    rows = class_permissions(roster.district, world.school_class("cl-4a"))
    assert {s.pk: c.decision if c else None for s, c in rows[0].students}[ben.pk] == "consent"
    assert (
        "1 given · 0 declined · 0 withdrawn · 1 not answered"
        in teacher.get(world.class_url("cl-4a")).content.decode()
    )
    assert client.post(url, {"notice": world.notice.pk, "decision": "decline"}).status_code == 302
    rows = class_permissions(roster.district, world.school_class("cl-4a"))
    assert {s.pk: c.decision if c else None for s, c in rows[0].students}[ben.pk] == "withdrawn"
    assert (
        "0 given · 0 declined · 1 withdrawn · 1 not answered"
        in teacher.get(world.class_url("cl-4a")).content.decode()
    )
    assert AuditEvent.objects.filter(event_type="consent.recorded", details__channel="portal").count() == 2
    # Kemi cannot answer for Anya, even with the notice that reached Anya's family.
    anya = _person(roster, "s-1")
    assert client.post(f"/d/{slug}/family/children/{anya.pk}/permission/",
                       {"notice": world.notice.pk, "decision": "consent"}).status_code == 404  # fmt: skip
    assert client.post(url, {"notice": world.notice.pk, "decision": "maybe"}).status_code == 400
    assert Consent.objects.count() == 2


def test_directory_opt_out_and_back(roster: Any) -> None:
    slug, client, ben = roster.district.slug, Client(), _person(roster, "s-2")
    sign_in(client, slug, KEMI)
    url = f"/d/{slug}/family/children/{ben.pk}/directory/"
    assert client.post(url, {"opted_out": "yes"}).status_code == 302
    assert directory_opted_out(roster.district, [ben.pk]) == {ben.pk}
    assert "is opted out" in client.get(f"/d/{slug}/family/children/{ben.pk}/").content.decode()
    assert client.post(url, {"opted_out": "no"}).status_code == 302
    assert directory_opted_out(roster.district, [ben.pk]) == set()
    rows = list(
        DirectoryOptOut.objects.order_by("pk").values_list("opted_out", "by_person__sourced_id", "channel")
    )
    assert rows == [(True, "g-2", "portal"), (False, "g-2", "portal")]
    assert AuditEvent.objects.filter(event_type="directory.opt_out_changed").count() == 2
    assert client.post(url, {"opted_out": "perhaps"}).status_code == 400
