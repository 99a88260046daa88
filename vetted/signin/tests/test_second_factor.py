"""TOTP second factor with recovery codes, required of admins and technology directors, tried through the
real sign-in pages: enrolment is forced, a session that skipped the code is stopped, real codes work,
a recovery code works once, and guessing codes locks the account."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from vetted.audit.models import AuditEvent
from vetted.signin.tests.totp import totp_code

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-9"


def sign_in(client: Client, user: Any) -> Any:
    return client.post("/accounts/login/", {"login": user.email, "password": RIGHT})


def enrolled(user: Any) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_an_admin_without_totp_is_sent_to_enrol_before_any_staff_page(client: Client, tenant: Any) -> None:
    assert sign_in(client, tenant.user("admin")).status_code == 302
    page = client.get("/manage/birchfield/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/totp/activate/")
    assert "next=%2Fmanage%2Fbirchfield%2F" in page["Location"]
    api = client.get("/api/v1/districts/birchfield/resources/")
    assert api.status_code == 403 and "second factor" in api.json()["detail"]


def test_a_technology_director_is_held_too_and_staff_are_not(client: Client, tenant: Any) -> None:
    sign_in(client, tenant.user("technology_director"))
    assert client.get("/manage/birchfield/").status_code == 302
    staff = Client()
    sign_in(staff, tenant.user("staff"))
    assert staff.get("/manage/birchfield/").status_code == 200


def test_enrolling_with_a_real_code_lets_the_admin_in_and_is_audited(client: Client, tenant: Any) -> None:
    admin = tenant.user("admin")
    sign_in(client, admin)
    # Changing how one signs in asks for the password again first.
    ask = client.get("/accounts/2fa/totp/activate/")
    assert ask.status_code == 302 and ask["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(ask["Location"], {"password": RIGHT}).status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session["mfa.totp.secret"]  # what the QR code and the page show the person
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=admin).exists()
    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get("/manage/birchfield/").status_code == 200
    event = AuditEvent.objects.get(event_type="signin.second_factor_added")
    assert event.district == tenant.district and event.actor_id == admin.pk


def test_with_totp_the_password_alone_does_not_sign_in(client: Client, tenant: Any) -> None:
    enrolled(tenant.user("admin"))
    response = sign_in(client, tenant.user("admin"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/authenticate/")
    page = client.get("/manage/birchfield/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")


def test_a_real_totp_code_completes_the_sign_in(client: Client, tenant: Any) -> None:
    secret = enrolled(tenant.user("admin"))
    sign_in(client, tenant.user("admin"))
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/manage/birchfield/").status_code == 200


def test_a_code_from_the_step_just_ended_still_signs_in_and_one_two_steps_old_does_not(tenant: Any) -> None:
    secret = enrolled(tenant.user("admin"))
    stale = Client()
    sign_in(stale, tenant.user("admin"))
    assert stale.post("/accounts/2fa/authenticate/", {"code": totp_code(secret, step=-2)}).status_code == 200
    assert stale.get("/manage/birchfield/").status_code == 302
    late = Client()
    sign_in(late, tenant.user("admin"))
    assert late.post("/accounts/2fa/authenticate/", {"code": totp_code(secret, step=-1)}).status_code == 302
    assert late.get("/manage/birchfield/").status_code == 200


def test_a_session_that_skipped_the_code_cannot_open_manage(tenant: Any, client_as: Any) -> None:
    """A session signed in some other way (here: directly) with TOTP enrolled but no code passed."""
    admin = tenant.user("admin")
    secret = enrolled(admin)
    client = client_as(admin, second_factor=False)
    page = client.get("/manage/birchfield/settings/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert client.get("/api/v1/districts/birchfield/resources/").status_code == 403
    assert client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)}).status_code == 302
    assert client.get("/manage/birchfield/settings/").status_code == 200


def test_a_recovery_code_works_once(tenant: Any) -> None:
    admin = tenant.user("admin")
    enrolled(admin)
    code = RecoveryCodes.activate(admin).get_unused_codes()[0]
    first = Client()
    sign_in(first, admin)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert first.get("/manage/birchfield/").status_code == 200
    again = Client()
    sign_in(again, admin)
    refused = again.post("/accounts/2fa/authenticate/", {"code": code})
    assert refused.status_code == 200
    assert again.get("/manage/birchfield/").status_code == 302


def test_a_used_totp_code_cannot_be_replayed(tenant: Any) -> None:
    admin = tenant.user("admin")
    secret = enrolled(admin)
    code = totp_code(secret)
    first = Client()
    sign_in(first, admin)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    thief = Client()
    sign_in(thief, admin)
    assert thief.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert thief.get("/manage/birchfield/").status_code == 302


def test_guessing_codes_locks_the_second_step_even_for_the_right_code(client: Client, tenant: Any) -> None:
    admin = tenant.user("admin")
    secret = enrolled(admin)
    sign_in(client, admin)
    for guess in range(10):
        client.post("/accounts/2fa/authenticate/", {"code": f"{guess:06d}"})
    page = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert page.status_code == 200 and "Too many failed sign-in attempts" in page.content.decode()
    assert client.get("/manage/birchfield/").status_code == 302


def test_the_django_admin_asks_the_second_factor_too(tenant: Any, client_as: Any) -> None:
    admin = tenant.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    enrolled(admin)
    page = client_as(admin, second_factor=False).get("/django-admin/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/2fa/reauthenticate/")
