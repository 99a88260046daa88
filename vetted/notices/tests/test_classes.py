"""A teacher sees, per class, who has permission for a resource and who does not (issue 11, item 2):
only the classes they teach (admins: all), each view an audit event, and a family's withdrawal shows
at once. Staff record a paper reply slip (admins only, audited)."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.kit.localtime import format_local
from vetted.notices.models import Consent
from vetted.rosters.models import Person

from .consent_world import KEMI, World, answer_data, sent_request, teacher_user, withdraw_token_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roster: Any, needs_permission: Any) -> World:
    return sent_request(roster, needs_permission)


def _status_of(page: str, world: World, sourced_id: str) -> str:
    """The permission shown in the student's row for the resource."""
    row_id = f'id="r{world.resource.pk}-s{world.student(sourced_id).pk}"'
    row = page.split(row_id, 1)[1].split("</tr>", 1)[0]
    for label in ("Permission given", "Declined", "Permission withdrawn", "Not answered"):
        if label in row:
            return label
    raise AssertionError(row)


def test_a_teacher_sees_their_class_and_the_withdrawal_at_once(
    client_as: Any, client: Any, world: World
) -> None:
    teacher = client_as(teacher_user(world.tenant))
    listing = teacher.get(f"/manage/{world.slug}/classes/").content.decode()
    assert "Reading 4 - Room 12" in listing and "Science 7 - Lab B" not in listing
    url = world.class_url("cl-4a")
    page = teacher.get(url).content.decode()
    assert "Quillstone Writing Studio" in page
    assert (
        _status_of(page, world, "s-2") == "Not answered" and _status_of(page, world, "s-1") == "Not answered"
    )
    assert "Cleo" not in page  # not in this class
    client.post(world.answer_url(KEMI), answer_data({world.student("s-2"): "consent"}))
    page = teacher.get(url).content.decode()
    assert _status_of(page, world, "s-2") == "Permission given"
    given = Consent.objects.get()
    assert format_local(given.recorded_at, world.tenant.district) in page  # local time, the zone named
    from vetted.outbox.models import Message

    token = withdraw_token_from(Message.objects.get(kind="notice.consent_receipt").body)
    client.post(f"/d/{world.slug}/notices/withdraw/{token}/")
    assert _status_of(teacher.get(url).content.decode(), world, "s-2") == "Permission withdrawn"
    events = AuditEvent.objects.filter(event_type="class.permissions_viewed", district=world.tenant.district)
    assert events.count() == 3
    assert {e.subject_id for e in events} == {str(world.school_class("cl-4a").pk)}
    assert AuditEvent.objects.filter(event_type="class.list_viewed").count() == 1


def test_a_teacher_cannot_open_a_class_they_do_not_teach(client_as: Any, world: World) -> None:
    teacher = client_as(teacher_user(world.tenant))
    before = AuditEvent.objects.count()
    assert teacher.get(world.class_url("cl-7b")).status_code == 404
    assert teacher.get(f"/manage/{world.slug}/classes/99999999999999999999999/").status_code == 404
    assert teacher.get(f"/manage/{world.slug}/classes/x/").status_code == 404
    assert AuditEvent.objects.count() == before  # a refusal reads nothing


def test_the_roster_teacher_must_be_enabled_and_match_the_whole_address(client_as: Any, world: World) -> None:
    lookalike = client_as(teacher_user(world.tenant, email="ellery@birchfield.example"))
    assert lookalike.get(world.class_url("cl-4a")).status_code == 404
    upper = client_as(teacher_user(world.tenant, email="M.Ellery@Birchfield.example.", role="reviewer"))
    assert upper.get(world.class_url("cl-4a")).status_code == 404  # a trailing dot is another address
    real = teacher_user(world.tenant, email="M.ELLERY@birchfield.example", role="auditor")
    assert client_as(real).get(world.class_url("cl-4a")).status_code == 200  # addresses compare without case
    Person.objects.filter(sourced_id="t-1").update(enabled=False)
    assert client_as(real).get(world.class_url("cl-4a")).status_code == 404


def test_a_member_without_an_email_address_teaches_nothing(client_as: Any, world: World) -> None:
    Person.objects.filter(sourced_id="t-1").update(email="")
    nobody = teacher_user(world.tenant, email="nobody@birchfield.example")
    type(nobody).objects.filter(pk=nobody.pk).update(email="")
    nobody.refresh_from_db()
    assert client_as(nobody).get(world.class_url("cl-4a")).status_code == 404


def test_an_admin_sees_every_class_and_records_a_reply_slip(client_as: Any, world: World) -> None:
    admin = client_as(world.tenant.user("admin"))
    listing = admin.get(f"/manage/{world.slug}/classes/").content.decode()
    assert "Reading 4 - Room 12" in listing and "Science 7 - Lab B" in listing
    cleo = world.student("s-3")
    form = admin.get(world.paper_url())
    assert form.status_code == 200 and "Cleo Varga" in form.content.decode()
    assert AuditEvent.objects.filter(event_type="consent.paper_form_viewed").count() == 1
    response = admin.post(world.paper_url(), {"student": cleo.pk, "decision": "consent", "typed_name": "Dana Varga",
                                              "relationship": "parent", "language": "en"})  # fmt: skip
    assert response.status_code == 302
    row = Consent.objects.get()
    assert (row.channel, row.recorded_by, row.student) == ("letter_reply", world.tenant.user("admin"), cleo)
    assert row.recipient == world.recipient("letter") and row.client_ip is None
    event = AuditEvent.objects.get(event_type="consent.recorded")
    assert event.actor == world.tenant.user("admin") and event.details["channel"] == "letter_reply"
    page = admin.get(world.class_url("cl-7b")).content.decode()
    assert _status_of(page, world, "s-3") == "Permission given"


def test_a_reply_slip_only_for_the_notices_students(client_as: Any, world: World, other_tenant: Any) -> None:
    admin = client_as(world.tenant.user("admin"))
    teacher = Person.objects.get(district=world.tenant.district, sourced_id="t-1")
    for student in (teacher.pk, "nope", 10**25):
        response = admin.post(world.paper_url(), {"student": student, "decision": "consent", "typed_name": "X",
                                                  "relationship": "parent", "language": "en"})  # fmt: skip
        assert response.status_code == 400
    bad_language = admin.post(world.paper_url(), {"student": world.student("s-3").pk, "decision": "consent",
                                                  "typed_name": "X", "relationship": "parent", "language": "fr"})  # fmt: skip
    assert bad_language.status_code == 400 and not Consent.objects.exists()
    assert client_as(other_tenant.user("admin")).get(world.paper_url()).status_code == 404
    assert admin.get(f"/manage/{world.slug}/notices/999999/paper-answer/").status_code == 404


def test_the_class_view_costs_the_same_queries_for_a_bigger_class(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vetted.notices.consent import class_permissions
    from vetted.rosters.models import Enrollment

    district, cl4a = world.tenant.district, world.school_class("cl-4a")

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = class_permissions(district, cl4a)
        return len(ctx), len(rows[0].students)

    small = queries()
    extra = Person.objects.bulk_create([
        Person(district=district, sourced_id=f"s-x{i}", role="student", given_name=f"Kid{i}", family_name="Example",
               grades=["04"], grade=4) for i in range(150)
    ])  # fmt: skip
    Enrollment.objects.bulk_create([
        Enrollment(district=district, sourced_id=f"e-x{p.pk}", school_class=cl4a, person=p, role="student")
        for p in extra
    ])  # fmt: skip
    big = queries()
    assert big[1] == small[1] + 150 and big[0] == small[0]  # 5 queries for one resource, 2 or 152 students
