"""Invitations, tried as an attacker would: what the inviting admin learns about an address, what the
address's owner is told, and what happens to expired, replaced, withdrawn and guessed links."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.district_admin.models import Invitation
from vetted.districts.models import Membership, User
from vetted.outbox.models import Message

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://127\.0\.0\.1:8000(/invitations/[\w-]+/)")
NEW_PASSWORD = {"new_password1": "amber-lantern-47", "new_password2": "amber-lantern-47"}


def people(tenant: Any) -> str:
    return f"/manage/{tenant.district.slug}/people/"


def invite(client: Any, tenant: Any, email: str, capture: Any, **extra: str) -> Any:
    data = {"full_name": "Typed Name", "email": email, "role": "reviewer", **extra}
    with capture(execute=True):
        return client.post(people(tenant), data, follow=True)


def link_in(body: str) -> str:
    found = LINK.search(body)
    assert found, body
    return found.group(1)


def last_link(email: str) -> str:
    return link_in(Message.objects.filter(to_email=email).latest("pk").body)


def test_adding_another_districts_user_reveals_nothing(
    client_as: Any, tenant: Any, other_tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    someone = other_tenant.user("staff")
    User.objects.filter(pk=someone.pk).update(position="School counsellor")
    admin = client_as(tenant.user("admin"))
    known = invite(admin, tenant, someone.email, django_capture_on_commit_callbacks)
    unknown = invite(admin, tenant, "nobody-yet@larchmont.example", django_capture_on_commit_callbacks)

    def words(response: Any, email: str) -> str:
        return response.content.decode().replace(email, "ADDRESS")

    assert known.status_code == unknown.status_code == 200
    assert "An invitation was sent to ADDRESS" in words(known, someone.email)
    # The page around the answer differs only by the invitation rows; the answer itself is the same.
    assert [str(m) for m in known.context["messages"]][0].replace(someone.email, "ADDRESS") == [
        str(m) for m in unknown.context["messages"]
    ][0].replace("nobody-yet@larchmont.example", "ADDRESS")
    page = known.content.decode()
    assert someone.full_name not in page and "School counsellor" not in page and "already" not in page
    # Not enrolled: nothing changes until they accept.
    assert not Membership.objects.filter(user=someone, district=tenant.district).exists()
    # The trail (read by the district's auditor too) says no more for a known address than an unknown one.
    invited = list(AuditEvent.objects.filter(event_type="membership.invited").order_by("seq"))
    assert [sorted(e.details) for e in invited] == [["email", "role"], ["email", "role"]]
    # And the two e-mails are the same words, so the outbox tells nothing either.
    bodies = [
        LINK.sub("LINK", Message.objects.get(to_email=email).body)
        for email in (someone.email, "nobody-yet@larchmont.example")
    ]
    assert bodies[0] == bodies[1]


def test_the_added_person_is_told_who_added_them_and_can_ignore_it(
    client_as: Any, tenant: Any, other_tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    someone = other_tenant.user("staff")
    invite(client_as(tenant.user("admin")), tenant, someone.email, django_capture_on_commit_callbacks)
    (message,) = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    assert message["To"] == someone.email and "Birchfield Public Schools" in message["Subject"]
    assert "Admin of Birchfield Public Schools (Privacy officer (admin))" in body
    assert "Technology committee reviewer" in body
    assert "ignore this e-mail: you will not be added" in body
    assert "EST" in body or "EDT" in body  # the link's end, in the district's zone, named
    link_in(body)


def test_an_existing_account_joins_only_by_accepting_and_keeps_its_password(
    client_as: Any, tenant: Any, other_tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    someone = other_tenant.user("staff")
    invite(client_as(tenant.user("admin")), tenant, someone.email, django_capture_on_commit_callbacks)
    visitor = client_as(None)
    page = visitor.get(last_link(someone.email))
    assert page.status_code == 200 and "new_password1" not in page.content.decode()
    response = visitor.post(last_link(someone.email), {"answer": "accept"})
    assert response.status_code == 302
    member = Membership.objects.get(user=someone, district=tenant.district)
    assert member.role == "reviewer"
    someone.refresh_from_db()
    assert (
        someone.check_password("correct-horse-9")
        and someone.full_name == "Staff of Larchmont Regional Schools"
    )
    added = AuditEvent.objects.get(event_type="membership.added", district=tenant.district)
    assert added.actor_id == someone.pk and added.details["invited_by"] == "admin@birchfield.example"


def test_a_new_person_chooses_a_password_then_signs_in(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invite(
        client_as(tenant.user("admin")),
        tenant,
        "Odessa@Birchfield.example",
        django_capture_on_commit_callbacks,
    )
    assert not User.objects.filter(email="odessa@birchfield.example").exists()
    visitor = client_as(None)
    link = last_link("odessa@birchfield.example")
    weak = visitor.post(link, {"answer": "accept", "full_name": "Odessa Brightwater",
                               "new_password1": "abc", "new_password2": "abd"})  # fmt: skip
    assert weak.status_code == 400 and not User.objects.filter(email="odessa@birchfield.example").exists()
    visitor.post(link, {"answer": "accept", "full_name": "Odessa Brightwater", **NEW_PASSWORD})
    user = User.objects.get(email="odessa@birchfield.example")
    assert user.full_name == "Odessa Brightwater" and user.last_login is None
    assert Membership.objects.get(user=user).role == "reviewer"
    assert client_as(None).login(username="odessa@birchfield.example", password=NEW_PASSWORD["new_password1"])
    assert visitor.get(link).status_code == 404  # used once


def test_declining_changes_nothing_and_kills_the_link(
    client_as: Any, tenant: Any, other_tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    someone = other_tenant.user("staff")
    invite(client_as(tenant.user("admin")), tenant, someone.email, django_capture_on_commit_callbacks)
    link = last_link(someone.email)
    client_as(None).post(link, {"answer": "decline"})
    assert not Membership.objects.filter(user=someone, district=tenant.district).exists()
    assert Invitation.objects.get().declined_at is not None
    assert AuditEvent.objects.filter(event_type="membership.invitation_declined").count() == 1
    assert client_as(None).post(link, {"answer": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=someone, district=tenant.district).exists()


def test_expired_invitation_is_resent_and_the_old_link_dies(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_as(tenant.user("admin"))
    invite(admin, tenant, "late@birchfield.example", django_capture_on_commit_callbacks)
    old = last_link("late@birchfield.example")
    Invitation.objects.update(
        sent_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(days=1)
    )
    expired = client_as(None).get(old)
    text = expired.content.decode()
    assert expired.status_code == 410 and "has expired" in text
    assert "send you a new invitation" in text and "privacy@birchfield.example" in text
    assert (
        client_as(None).post(old, {"answer": "accept", "full_name": "Late", **NEW_PASSWORD}).status_code
        == 410
    )
    assert not User.objects.filter(email="late@birchfield.example").exists()

    listing = admin.get(people(tenant)).content.decode()
    assert "Expired" in listing
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{people(tenant)}invitations/{invitation.pk}/resend/")
    event = AuditEvent.objects.get(event_type="membership.invitation_resent")
    assert event.details == {"email": "late@birchfield.example", "role": "reviewer", "was_expired": True}
    new = last_link("late@birchfield.example")
    assert new != old and Message.objects.filter(to_email="late@birchfield.example").count() == 2
    assert client_as(None).get(old).status_code == 404
    client_as(None).post(new, {"answer": "accept", "full_name": "Late Comer", **NEW_PASSWORD})
    assert Membership.objects.filter(user__email="late@birchfield.example", district=tenant.district).exists()


def test_resending_in_a_loop_does_not_flood_the_mailbox(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_as(tenant.user("admin"))
    invite(admin, tenant, "target@birchfield.example", django_capture_on_commit_callbacks)
    pk = Invitation.objects.get().pk
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(f"{people(tenant)}invitations/{pk}/resend/", follow=True)
    assert "wait a few minutes" in response.content.decode()
    assert Message.objects.filter(to_email="target@birchfield.example").count() == 1
    assert not AuditEvent.objects.filter(event_type="membership.invitation_resent").exists()


def test_withdrawn_invitation_link_dies(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_as(tenant.user("admin"))
    invite(admin, tenant, "oops@birchfield.example", django_capture_on_commit_callbacks)
    link = last_link("oops@birchfield.example")
    admin.post(f"{people(tenant)}invitations/{Invitation.objects.get().pk}/withdraw/")
    assert (
        client_as(None).post(link, {"answer": "accept", "full_name": "O", **NEW_PASSWORD}).status_code == 404
    )
    assert not User.objects.filter(email="oops@birchfield.example").exists()
    # Withdrawn, it can be sent again (to the right role this time).
    again = invite(admin, tenant, "oops@birchfield.example", django_capture_on_commit_callbacks, role="staff")
    assert "An invitation was sent" in again.content.decode()


def test_guessed_and_mangled_tokens_are_404(client_as: Any, tenant: Any) -> None:
    for token in ["zz-unknown", "A" * 43, "x" * 500]:
        assert client_as(None).get(f"/invitations/{token}/").status_code == 404
    # A NUL byte in the path is refused before any lookup (kit.middleware).
    assert client_as(None).get("/invitations/%00/").status_code == 400


def test_inviting_a_current_member_or_a_waiting_address_is_explained(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_as(tenant.user("admin"))
    member = invite(admin, tenant, tenant.user("staff").email, django_capture_on_commit_callbacks)
    assert "already a member" in member.content.decode()  # this district's own list shows it anyway
    invite(admin, tenant, "twice@birchfield.example", django_capture_on_commit_callbacks)
    twice = invite(admin, tenant, "twice@birchfield.example", django_capture_on_commit_callbacks)
    assert "already waiting" in twice.content.decode() and Invitation.objects.count() == 1


def test_a_member_invited_before_invitations_existed_can_be_invited_again(
    client_as: Any, tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The old way made an account with no password and a three-day reset link; once it expired, a
    password reset sent nothing. Such a member can now be sent a fresh invitation."""
    stuck = User(
        username="stuck@birchfield.example", email="stuck@birchfield.example", full_name="Stuck Person"
    )
    stuck.set_unusable_password()
    stuck.save()
    Membership.objects.create(user=stuck, district=tenant.district, role="reviewer")
    admin = client_as(tenant.user("admin"))
    assert "Has not signed in yet" in admin.get(people(tenant)).content.decode()
    invite(admin, tenant, stuck.email, django_capture_on_commit_callbacks, full_name="Stuck Person")
    client_as(None).post(
        last_link(stuck.email), {"answer": "accept", "full_name": "Stuck Person", **NEW_PASSWORD}
    )
    stuck.refresh_from_db()
    assert stuck.has_usable_password() and Membership.objects.filter(user=stuck).count() == 1
