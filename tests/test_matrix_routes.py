"""Authorization matrix for the district's own administration (people, settings), tried by every role,
another district's admin and anonymous; and proof that the matrix's "nothing was written" check can fail.

A denied case asserts that nothing changed (memberships, the district's settings) and that no audit
event, outbox row or mail was written, with on-commit callbacks captured and run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from conftest import MATRIX_WHO, matrix_user
from tests.matrix import ADMINS, EVERYONE, Case, Writes, assert_nothing_written, recording, run_case
from vetted.district_admin.models import Invitation, token_hash
from vetted.districts.models import District, Membership, Role, User

pytestmark = pytest.mark.django_db


@dataclass
class World:
    slug: str
    colleague: Membership  # a staff member the admin may change or remove
    invitation: Invitation  # an expired invitation the admin may re-send or withdraw


def _people(w: World, suffix: str = "") -> str:
    return f"/manage/{w.slug}/people/{suffix}"


CASES = [
    Case("page: people", "people", False, "get", lambda w: _people(w), ADMINS, 200),
    Case("page: add member", "people", False, "post", lambda w: _people(w), ADMINS, 302,
         lambda w: {"full_name": "Wren Calloway", "email": "wren@birchfield.example", "role": "staff"}),
    Case("page: change role", "people-role", False, "post", lambda w: _people(w, f"{w.colleague.pk}/role/"),
         ADMINS, 302, lambda w: {"role": "reviewer"}),
    Case("page: remove member", "people-remove", False, "post", lambda w: _people(w, f"{w.colleague.pk}/remove/"),
         ADMINS, 302),
    Case("page: re-send invitation", "people-invitation-resend", False, "post",
         lambda w: _people(w, f"invitations/{w.invitation.pk}/resend/"), ADMINS, 302),
    Case("page: withdraw invitation", "people-invitation-withdraw", False, "post",
         lambda w: _people(w, f"invitations/{w.invitation.pk}/withdraw/"), ADMINS, 302),
    Case("page: settings", "district-settings", False, "get", lambda w: f"/manage/{w.slug}/settings/", ADMINS, 200),
    Case("page: save settings", "district-settings", False, "post", lambda w: f"/manage/{w.slug}/settings/",
         ADMINS, 302, lambda w: {"name": "Birchfield Schools", "time_zone": "America/Chicago"}),
    # Where sign-in lands: every signed-in person (one district: a redirect to it; several: a chooser).
    Case("page: staff start", "staff-start", False, "get", lambda w: "/manage/", EVERYONE | {"outsider"},
         frozenset({200, 302})),
]  # fmt: skip
ROUTES = {case.route for case in CASES}


@pytest.fixture
def world(tenant: Any) -> World:
    email = "colleague@birchfield.example"
    user = User.objects.create_user(
        username=email, email=email, password="x-long-password", full_name="Colleague"
    )
    colleague = Membership.objects.create(user=user, district=tenant.district, role=Role.STAFF)
    past = timezone.now() - timedelta(days=1)
    invitation = Invitation.objects.create(
        district=tenant.district, email="late@birchfield.example", role=Role.REVIEWER,
        token_hash=token_hash("matrix-token"), sent_at=past, expires_at=past,
    )  # fmt: skip
    return World(tenant.district.slug, colleague, invitation)


def _state() -> tuple[Any, ...]:
    return (
        sorted(Membership.objects.values_list("pk", "user_id", "district_id", "role")),
        User.objects.count(),
        sorted(District.objects.values_list("pk", "name", "time_zone")),
        sorted(Invitation.objects.values_list("pk", "token_hash", "expires_at", "withdrawn_at")),
    )


@pytest.mark.parametrize("who", MATRIX_WHO)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(
    case: Case, who: str, world: World, tenant: Any, other_tenant: Any, client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client = client_as(matrix_user(who, tenant, other_tenant))
    run_case(case, who, client, world, django_capture_on_commit_callbacks, _state)


# --- the check itself can fail -------------------------------------------------------------


def test_recording_sees_mail_sent_after_commit(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    """Mail queued in the outbox goes out on commit; the recorder runs those callbacks and counts it."""
    from vetted.outbox.services import mail_staff_on_commit

    with recording(django_capture_on_commit_callbacks) as writes:
        mail_staff_on_commit(
            tenant.district, ["admin"], "Matrix check", "Body.", kind="test", key="matrix-check"
        )
    assert writes.outbox_rows == 1 and writes.mails == 1 and writes.on_commit_callbacks >= 1
    assert mail.outbox[-1].to == ["admin@birchfield.example"]
    with pytest.raises(AssertionError, match="a denied request wrote something"):
        assert_nothing_written(writes)


def test_recording_sees_an_audit_event_and_a_bare_callback(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from vetted.audit.services import record

    ran: list[bool] = []
    with recording(django_capture_on_commit_callbacks) as writes:
        record(tenant.district, "matrix.check", actor=tenant.user("admin"))
        transaction.on_commit(lambda: ran.append(True))
    assert ran == [True]
    # Two callbacks: record()'s anchor-file line (vetted/audit/anchors.py) and the bare one.
    assert writes.audit_events == 1 and writes.on_commit_callbacks == 2
    with recording(django_capture_on_commit_callbacks) as quiet:
        pass
    assert quiet == Writes()
    assert_nothing_written(quiet)
