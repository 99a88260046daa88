"""Rights requests end to end without a browser: the identity step (a fresh code for every portal
request, a repeat too; staff record how they checked), who may ask for whom, the vendors' links
(forged, expired, reused, revoked), extension, refusal, the outcome told to the family, the worker's
chasing (once each), and the mail on a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.incidents.services import vendor_links as incident_links
from vetted.outbox.models import Message
from vetted.rights.models import FamilyCode, RequestTask, RightsRequest
from vetted.rights.requests.services import filing, handling, vendor_links
from vetted.rights.requests.tasks import run_rights_task_chasing
from vetted.rosters.models import Person

from .helpers import code_from_outbox, deliver_all
from .requests_helpers import (
    ANYA,
    KEMI,
    PRIVACY,
    RUTH,
    World,
    confirm_code,
    family_client,
    file_request,
    filed_and_confirmed,
    vendor_url,
    world,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/vendor/rights/[^/\s]+/")
__all__ = ["world"]


def _events(req: RightsRequest) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="rights.rightsrequest", subject_id=str(req.pk))
        .order_by("seq")
        .values_list("event_type", flat=True)
    )


def _staff_entry(world: World, **extra: Any) -> RightsRequest:
    data = {"student": world.ben, "requester": world.kemi, "relationship": "guardian", "kind": "inspect",
            "channel": "phone", "resources": [world.resource], **extra}  # fmt: skip
    return filing.enter_for_family(world.district, actor=world.admin, data=data)


def _sent(world: World, **extra: Any) -> tuple[RightsRequest, RequestTask]:
    req = _staff_entry(world, **extra)
    filing.confirm_identity(
        req, actor=world.admin, method="Called the number on the roster; she gave Ben's birth date."
    )
    (task,) = handling.send_to_vendors(req, actor=world.admin)
    return req, task


# --- the identity step ------------------------------------------------------------------------


def test_a_portal_request_waits_for_its_fresh_code(world: World) -> None:
    client = family_client(world)
    response = file_request(client, world, "delete")
    req = RightsRequest.objects.get()
    assert response["Location"] == world.request_url(req, "confirm/")
    assert (req.status, req.received_at, req.due_at, req.relationship) == (
        "confirming",
        None,
        None,
        "guardian",
    )
    assert not Obligation.objects.filter(subject_type="rights.rightsrequest").exists()
    staff = Client()
    staff.force_login(world.admin)
    from conftest import pass_second_factor

    pass_second_factor(staff, world.admin)
    assert f"Request {req.pk}" not in staff.get(world.staff_url()).content.decode()  # not in the queue yet
    # A sign-in code is not a confirmation code.
    client.post(f"/d/{world.slug}/family/sign-in/", {"email": KEMI})
    assert (
        client.post(world.request_url(req, "confirm/"), {"code": code_from_outbox(KEMI)}).status_code == 400
    )
    assert client.post(world.request_url(req, "confirm/"), {"code": confirm_code(req)}).status_code == 302
    req.refresh_from_db()
    assert req.status == "received" and req.received_at is not None and req.due_at is not None
    assert _events(req) == ["rights_request.filed", "rights_request.code_sent", "obligation.started",
                            "rights_request.received"]  # fmt: skip
    assert Message.objects.filter(kind="rights_request.received", to_email=KEMI).count() == 1
    assert f"Request {req.pk}" in staff.get(world.staff_url()).content.decode()


def test_a_repeated_request_never_skips_the_identity_step(world: World) -> None:
    client = family_client(world)
    first = filed_and_confirmed(client, world, "inspect")
    first_code = confirm_code(first)
    assert file_request(client, world, "inspect").status_code == 302
    second = RightsRequest.objects.exclude(pk=first.pk).get()
    assert second.status == "confirming"
    assert client.post(world.request_url(second, "confirm/"), {"code": first_code}).status_code == 400
    assert (
        client.post(world.request_url(second, "confirm/"), {"code": confirm_code(second)}).status_code == 302
    )
    second.refresh_from_db()
    assert second.status == "received"
    assert Message.objects.filter(kind="rights_request.code").count() == 2


def test_confirmation_codes_expire_die_after_five_tries_and_work_once(world: World) -> None:
    client = family_client(world)
    file_request(client, world)
    req = RightsRequest.objects.get()
    code = confirm_code(req)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(5):
        assert client.post(world.request_url(req, "confirm/"), {"code": wrong}).status_code == 400
    assert client.post(world.request_url(req, "confirm/"), {"code": code}).status_code == 400
    client.post(world.request_url(req, "confirm/"), {"action": "resend"})
    fresh = confirm_code(req)
    FamilyCode.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.post(world.request_url(req, "confirm/"), {"code": fresh}).status_code == 400
    client.post(world.request_url(req, "confirm/"), {"action": "resend"})
    assert client.post(world.request_url(req, "confirm/"), {"code": confirm_code(req)}).status_code == 302
    req.refresh_from_db()
    assert req.status == "received"


def test_a_parent_acts_only_for_their_own_children(world: World) -> None:
    client = family_client(world)  # Kemi: Ben's guardian, not Anya's
    anya = world.person("s-1")
    assert file_request(client, world, student=anya).status_code == 404
    other = RightsRequest.objects.create(district=world.district, student=anya, requester=world.person("g-1"),
                                         relationship="parent", kind="inspect", channel="portal", status="received")  # fmt: skip
    assert client.get(world.request_url(other)).status_code == 404
    assert (
        client.get(f"/d/{world.slug}/family/children/{world.ben.pk}/requests/{other.pk}/").status_code == 404
    )
    assert not RightsRequest.objects.exclude(pk=other.pk).exists()


def test_a_parent_of_an_eligible_student_is_refused_and_the_student_asks(world: World) -> None:
    anya = world.person("s-1")
    Person.objects.filter(pk=anya.pk).update(birth_date=dt.date(2000, 1, 5))
    anya.refresh_from_db()
    ruth = family_client(world, RUTH)
    assert file_request(ruth, world, student=anya).status_code == 403
    assert not RightsRequest.objects.exists()
    with pytest.raises(Exception, match="rights are the student's now"):
        _staff_entry(world, student=anya, requester=world.person("g-1"), relationship="parent")
    student = family_client(world, ANYA)
    req = filed_and_confirmed(
        student, world, "export", student=anya, export_address="anya.work@personal.example"
    )
    assert (req.relationship, req.requester_id, req.status) == ("self", anya.pk, "received")


def test_staff_entry_checks_who_may_ask(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="under 18"):
        _staff_entry(world, requester=None, requester_name="Ben Okafor", relationship="self")
    with pytest.raises(ValidationError, match="does not link"):
        _staff_entry(world, requester=world.person("g-1"), relationship="parent")
    req = _staff_entry(
        world, requester=None, requester_name="Dana Okafor", requester_email="dana@family.example"
    )
    assert req.status == "identity" and req.due_at is not None
    with pytest.raises(ValidationError, match="a sentence"):
        filing.confirm_identity(req, actor=world.admin, method="ok")
    filing.confirm_identity(
        req, actor=world.admin, method="Came to the office with a photo ID matching the roster."
    )
    req.refresh_from_db()
    assert (req.status, req.identity_checked_by) == ("received", world.admin)
    assert Message.objects.filter(kind="rights_request.received", to_email="dana@family.example").count() == 1


# --- vendors ----------------------------------------------------------------------------------


def test_the_vendor_completes_an_export_and_the_family_sees_it(world: World, smtp_server: Any) -> None:
    client = family_client(world)
    req = filed_and_confirmed(client, world, "export", export_address="ben.work@personal.example")
    (task,) = handling.send_to_vendors(req, actor=world.admin)
    deliver_all()
    to_vendor = [m for m in smtp_server.messages if m["To"] == PRIVACY]
    assert len(to_vendor) == 1
    body = to_vendor[0].get_payload(decode=True).decode()
    found = LINK.search(body)
    assert found and "ben.work@personal.example" in body
    url = found.group(0)  # the link as the vendor got it
    page = Client().get(url)
    assert page.status_code == 200 and "Quillstone" in page.content.decode()
    upload = SimpleUploadedFile("essays.txt", b"Ben's essays, all of them.\n")
    done = Client().post(url, {"outcome": "done", "file": upload})
    assert done.status_code == 200 and "Answer received" in done.content.decode()
    req.refresh_from_db()
    task.refresh_from_db()
    assert (req.status, task.outcome, task.file_kind) == ("done", "done", "text")
    assert (
        Obligation.objects.get(subject_type="rights.rightsrequest", subject_id=str(req.pk)).status == "done"
    )
    deliver_all()
    outcome = [m for m in smtp_server.messages if m["To"] == KEMI and "answer" in str(m["Subject"])]
    assert (
        len(outcome) == 1
        and "Quillstone Learning Inc.: done." in outcome[0].get_payload(decode=True).decode()
    )
    text = client.get(world.request_url(req)).content.decode()
    assert "Done" in text and "Download the file from Quillstone Learning Inc." in text
    download: Any = client.get(world.request_url(req, f"files/{task.pk}/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Ben's essays, all of them.\n"
    assert "rights_request.vendor_answered" in _events(req) and "rights_request.done" in _events(req)


def test_vendor_links_forged_expired_reused_revoked(world: World) -> None:
    req, task = _sent(world)
    token = vendor_links.make_token(task)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = Client().get(f"/vendor/rights/{forged}/")
    assert page.status_code == 404 and "This link does not work" in page.content.decode()
    assert Client().get("/vendor/rights/nonsense/").status_code == 404
    # Another purpose's genuine token (an incident reporting link) is not a task link.
    link = incident_links.create_link(world.district, world.resource.vendor, actor=world.admin)
    assert Client().get(f"/vendor/rights/{incident_links.make_token(link)}/").status_code == 404
    RequestTask.objects.filter(pk=task.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = Client().get(vendor_url(task))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert (
        Client()
        .post(vendor_url(task), {"outcome": "refused", "reason": "We hold nothing at all."})
        .status_code
        == 410
    )
    RequestTask.objects.filter(pk=task.pk).update(expires_at=timezone.now() + dt.timedelta(days=3))
    answer = {"outcome": "refused", "reason": "We hold no record of this student."}
    assert Client().post(vendor_url(task), answer).status_code == 200
    reused = Client().post(vendor_url(task), {"outcome": "done", "statement": "Deleted everything we had."})
    assert reused.status_code == 410 and "already used" in reused.content.decode()
    task.refresh_from_db()
    assert (task.outcome, task.reason) == ("refused", "We hold no record of this student.")
    # A refused request revokes its open links.
    req2, task2 = _sent(world, kind="delete")
    handling.refuse(req2, actor=world.admin, reason="We could not confirm who asked, so we cannot act on it.")
    assert Client().get(vendor_url(task2)).status_code == 404


def test_a_vendors_bad_answer_gets_field_errors(world: World) -> None:
    _req, task = _sent(world)
    bad = Client().post(vendor_url(task), {"outcome": "done"})
    assert bad.status_code == 400 and "Attach the file" in bad.content.decode()
    assert Client().post(vendor_url(task), {"outcome": "refused", "reason": "no"}).status_code == 400
    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 200)
    assert Client().post(vendor_url(task), {"outcome": "done", "file": exe}).status_code == 400
    task.refresh_from_db()
    assert task.status == "open"


def test_extension_needs_a_reason_and_a_later_date_and_the_family_is_told(world: World) -> None:
    from django.core.exceptions import ValidationError

    req = _staff_entry(world)
    old = req.due_at
    assert old is not None
    with pytest.raises(ValidationError):
        handling.extend(req, actor=world.admin, new_date=old.date() + dt.timedelta(days=5), reason="")
    with pytest.raises(ValidationError):
        handling.extend(req, actor=world.admin, new_date=old.date() - dt.timedelta(days=1),
                        reason="The vendor needs a copy from its archive.")  # fmt: skip
    handling.extend(req, actor=world.admin, new_date=dt.date(2027, 6, 30),
                    reason="The vendor needs a copy from its archive.")  # fmt: skip
    req.refresh_from_db()
    assert req.due_at == dt.datetime(2027, 6, 30, 23, 59, 59, tzinfo=world.district.tz)
    assert req.original_due_at == old
    assert (
        Obligation.objects.get(subject_type="rights.rightsrequest", subject_id=str(req.pk)).due_at
        == req.due_at
    )
    mail = Message.objects.get(kind="rights_request.extended")
    assert mail.to_email == KEMI and "June 30, 2027" in mail.body and "America/New_York" in mail.body
    assert "archive" in mail.body
    assert "rights_request.extended" in _events(req)


def test_the_worker_chases_once_and_escalates_once(world: World) -> None:
    req, task = _sent(world)
    assert run_rights_task_chasing(task.due_at - dt.timedelta(seconds=1)) == 0
    assert run_rights_task_chasing(task.due_at + dt.timedelta(seconds=1)) == 1
    assert run_rights_task_chasing(task.due_at + dt.timedelta(seconds=2)) == 0
    assert Message.objects.filter(kind="rights_request.vendor_reminder", to_email=PRIVACY).count() == 1
    assert run_rights_task_chasing(task.escalate_at + dt.timedelta(seconds=1)) == 1
    assert run_rights_task_chasing(task.escalate_at + dt.timedelta(days=9)) == 0
    admins = Message.objects.filter(kind="rights_request.vendor_overdue").values_list("to_email", flat=True)
    assert list(admins) == [world.admin.email]
    assert _events(req).count("rights_request.vendor_reminded") == 1
    assert _events(req).count("rights_request.vendor_escalated") == 1
    # An answered task is not chased.
    req2, task2 = _sent(world, kind="delete")
    Client().post(vendor_url(task2), {"outcome": "done", "statement": "We deleted all of Ben's records."})
    assert run_rights_task_chasing(task2.escalate_at + dt.timedelta(days=1)) == 0


def test_staff_close_and_refuse_tell_the_family(world: World) -> None:
    req, task = _sent(world)
    handling.close(req, actor=world.admin, note="The school answered by letter with the vendor's records.")
    req.refresh_from_db()
    task.refresh_from_db()
    assert (req.status, task.status) == ("done", "cancelled")
    outcome = Message.objects.get(kind="rights_request.outcome")
    assert "answered by letter" in outcome.body
    req2 = _staff_entry(world, kind="delete")
    handling.refuse(
        req2, actor=world.admin, reason="The records are needed for an open appeal; ask again in June."
    )
    refused = Message.objects.get(kind="rights_request.refused")
    assert "open appeal" in refused.body and refused.to_email == KEMI
    assert (
        Obligation.objects.get(subject_type="rights.rightsrequest", subject_id=str(req2.pk)).status == "done"
    )


def test_bad_staff_input_gets_field_errors_never_a_500(world: World, client_as: Any) -> None:
    req = _staff_entry(world)
    admin = client_as(world.admin)
    junk = [
        ("identity/", {"method": "ok"}), ("extend/", {"new_date": "31/02/2026", "reason": "r" * 3000}),
        ("extend/", {"new_date": "2020-01-01", "reason": "The vendor must restore an archive."}),
        ("refuse/", {"reason": "no"}), ("close/", {"note": "\u202e" + "n" * 20000}), ("send/", {}),
    ]  # fmt: skip
    for suffix, data in junk:
        response = admin.post(world.staff_url(req, suffix), data)
        assert response.status_code == 400, (suffix, response.status_code)
    bad_entry = {
        "student": "999999999999999999999",
        "relationship": "emperor",
        "kind": "??",
        "channel": "fax",
    }
    assert admin.post(world.staff_url(suffix="new/"), bad_entry).status_code == 400
    assert admin.get(world.staff_url(suffix="?status=nonsense&kind=" + "k" * 500)).status_code == 200
    assert admin.get(world.staff_url(suffix="?kind=%00")).status_code == 400  # a NUL byte: refused, not a 500
    req.refresh_from_db()
    assert (req.status, req.due_at) == ("identity", req.original_due_at)
