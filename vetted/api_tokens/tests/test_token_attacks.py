"""API tokens tried as an attacker would: expired, revoked, after a password change, read from the
database, someone else's. Every call goes through the real API with the `Authorization: Token` header."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.forms import SetPasswordForm
from django.core import mail
from django.utils import timezone

from vetted.api_tokens.models import ApiToken
from vetted.api_tokens.services import create_token, revoke_token
from vetted.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _audit_url(tenant: Any) -> str:
    return f"/api/v1/districts/{tenant.district.slug}/audit-events/"


def _call(client: Any, tenant: Any, token: str) -> Any:
    return client.get(_audit_url(tenant), headers={"Authorization": f"Token {token}"})


@pytest.fixture
def auditor_token(tenant: Any) -> str:
    return create_token(tenant.user("auditor"), name="nightly audit export", days=90).secret


def test_a_fresh_token_works_and_records_when_it_was_last_used(
    client: Any, tenant: Any, auditor_token: str
) -> None:
    assert ApiToken.objects.get().last_used_at is None
    assert _call(client, tenant, auditor_token).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_an_expired_token_is_refused_with_401(client: Any, tenant: Any) -> None:
    secret = create_token(tenant.user("auditor"), name="short-lived", days=7).secret
    assert _call(client, tenant, secret).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = _call(client, tenant, secret)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid, expired or revoked token."}


def test_the_default_expiry_is_ninety_days_and_the_longest_is_a_setting(
    client: Any, tenant: Any, settings: Any
) -> None:
    admin = tenant.user("admin")
    page = client_for(admin).get("/me/api-tokens/")
    assert 'value="90"' in page.content.decode()
    settings.VETTED_API_TOKEN_MAX_DAYS = 30
    response = client_for(admin).post("/me/api-tokens/", {"name": "too long", "days": "31"})
    assert "Ensure this value is less than or equal to 30." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_with_401(client: Any, tenant: Any, auditor_token: str) -> None:
    token = ApiToken.objects.get()
    owner = client_for(tenant.user("auditor"))
    response = owner.post(f"/me/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert _call(client, tenant, auditor_token).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_reason == "revoked by its owner"


def test_after_a_password_change_the_old_token_is_refused(
    client: Any, tenant: Any, auditor_token: str
) -> None:
    user = tenant.user("auditor")
    user.set_password("a-brand-new-passphrase-7")
    user.save()
    assert _call(client, tenant, auditor_token).status_code == 401
    assert ApiToken.objects.get().revoked_reason == "password changed"
    # A token made after the change works: the change ended the old ones, not the person's access.
    assert _call(client, tenant, create_token(user, name="after", days=1).secret).status_code == 200


def test_after_a_password_reset_by_e_mail_the_old_token_is_refused(
    client: Any, tenant: Any, auditor_token: str
) -> None:
    user = tenant.user("auditor")
    web = client_for(None)
    web.post("/accounts/password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    form_page = web.get(link.group(1), follow=True)
    new = "a-brand-new-passphrase-7"
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    response = web.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302, response.content[:500]
    assert _call(client, tenant, auditor_token).status_code == 401


def test_setting_a_password_through_django_s_form_revokes_tokens(
    client: Any, tenant: Any, auditor_token: str
) -> None:
    """The form behind the reset link and the admin's "change password" page."""
    user = tenant.user("auditor")
    form = SetPasswordForm(
        user, {"new_password1": "a-brand-new-passphrase-7", "new_password2": "a-brand-new-passphrase-7"}
    )
    assert form.is_valid(), form.errors
    form.save()
    assert _call(client, tenant, auditor_token).status_code == 401


def test_saving_a_person_without_a_new_password_keeps_their_tokens(
    client: Any, tenant: Any, auditor_token: str
) -> None:
    user = tenant.user("auditor")
    user.full_name = "Renamed Auditor"
    user.save()
    client_for(user)  # signing in saves last_login
    assert _call(client, tenant, auditor_token).status_code == 200


def test_the_database_holds_no_usable_token(client: Any, tenant: Any, auditor_token: str) -> None:
    row = ApiToken.objects.values().get()
    assert auditor_token not in {str(v) for v in row.values()}
    assert not any(auditor_token in str(v) for v in row.values())  # not even as a part
    for stolen in (row["digest"], row["prefix"], row["digest"].upper()):
        assert _call(client, tenant, stolen).status_code == 401, stolen
    assert _call(client, tenant, auditor_token).status_code == 200


def test_guessed_and_malformed_tokens_are_refused(client: Any, tenant: Any, auditor_token: str) -> None:
    almost = auditor_token[:-1] + ("A" if auditor_token[-1] != "A" else "B")
    for guess in (almost, auditor_token[:15], "vetted_", "x" * 5000):
        assert _call(client, tenant, guess).status_code == 401
    # A NUL byte in a header is refused before authentication (kit.middleware): 400, never a sign-in.
    assert _call(client, tenant, "a\x00b").status_code == 400
    bad_header = client.get(_audit_url(tenant), headers={"Authorization": f"Token {auditor_token} extra"})
    assert bad_header.status_code == 401


def test_a_deactivated_person_s_token_is_refused(client: Any, tenant: Any, auditor_token: str) -> None:
    user = tenant.user("auditor")
    user.is_active = False
    user.save()
    assert _call(client, tenant, auditor_token).status_code == 401


def test_another_person_cannot_see_or_revoke_my_token(
    client: Any, tenant: Any, other_tenant: Any, auditor_token: str
) -> None:
    token = ApiToken.objects.get()
    for intruder in (tenant.user("admin"), other_tenant.user("admin")):
        web = client_for(intruder)
        page = web.get("/me/api-tokens/").content.decode()
        assert "nightly audit export" not in page and token.prefix not in page
        events = AuditEvent.objects.count()
        assert web.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 404
        assert AuditEvent.objects.count() == events
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _call(client, tenant, auditor_token).status_code == 200


def test_the_token_is_shown_once(tenant: Any) -> None:
    web = client_for(tenant.user("staff"))
    created = web.post("/me/api-tokens/", {"name": "registry sync", "days": "30"})
    assert created.status_code == 200
    secret = re.search(r'<code id="new-token">([^<]+)</code>', created.content.decode())
    assert secret is not None
    assert "no-store" in created["Cache-Control"]
    again = web.get("/me/api-tokens/").content.decode()
    assert secret.group(1) not in again and "registry sync" in again
    assert ApiToken.objects.get().prefix in again


def test_creating_and_revoking_are_audit_events_in_each_of_my_districts(
    tenant: Any, other_tenant: Any
) -> None:
    from vetted.districts.models import Membership

    user = tenant.user("reviewer")
    Membership.objects.create(user=user, district=other_tenant.district, role="staff")
    created = create_token(user, name="two districts", days=10)
    assert revoke_token(created.token, actor=user)
    assert not revoke_token(created.token, actor=user)  # a second revoke records nothing
    for district in (tenant.district, other_tenant.district):
        events = list(AuditEvent.objects.filter(district=district, event_type__startswith="api_token."))
        assert [e.event_type for e in events] == ["api_token.created", "api_token.revoked"]
        assert all(created.secret not in str(e.details) for e in events)
        assert events[0].details["prefix"] == created.token.prefix


def test_bad_input_on_the_page_is_refused_and_creates_nothing(tenant: Any) -> None:
    web = client_for(tenant.user("staff"))
    for data in ({"name": "", "days": "30"}, {"name": "x", "days": "abc"}, {"name": "x", "days": "0"},
                 {"name": "x", "days": "99999999999999999999999"}, {"name": "x" * 101, "days": "5"}):  # fmt: skip
        response = web.post("/me/api-tokens/", data)
        assert response.status_code == 200 and 'id="new-token"' not in response.content.decode(), data
    assert not ApiToken.objects.exists()


def test_a_person_cannot_pile_up_tokens(tenant: Any, settings: Any) -> None:
    settings.VETTED_API_TOKEN_MAX_ACTIVE = 2
    web = client_for(tenant.user("staff"))
    for i in range(3):
        web.post("/me/api-tokens/", {"name": f"t{i}", "days": "5"})
    assert ApiToken.objects.count() == 2


def client_for(user: Any) -> Any:
    from django.test import Client

    web = Client()
    if user is not None:
        web.force_login(user)
    return web


def test_a_made_up_or_huge_token_id_is_not_found(tenant: Any) -> None:
    web = client_for(tenant.user("admin"))
    for token_id in ("999999", "99999999999999999999999"):
        assert web.post(f"/me/api-tokens/{token_id}/revoke/").status_code == 404
    assert web.get("/me/api-tokens/1/revoke/").status_code == 405  # revoking takes a POST


def test_a_person_with_no_district_gets_no_token(tenant: Any) -> None:
    from vetted.districts.models import User

    loner = User.objects.create_user(
        username="loner@nowhere.example", email="loner@nowhere.example", password="x-long-password-1"
    )
    response = client_for(loner).post("/me/api-tokens/", {"name": "reach nothing", "days": "5"})
    assert "You are not a member of any district" in response.content.decode()
    assert not ApiToken.objects.exists()
