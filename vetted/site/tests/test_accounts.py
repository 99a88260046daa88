"""Sign-in, sign-out and password reset by e-mail through a real SMTP server on loopback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client, override_settings

from vetted import settings as project_settings

pytestmark = pytest.mark.django_db


def test_production_hasher_is_argon2() -> None:
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert identify_hasher(make_password("a long passphrase")).algorithm == "argon2"


def test_login_by_email_any_case_and_logout(client: Client, tenant: Any) -> None:
    response = client.post(
        "/accounts/login/", {"login": "STAFF@Birchfield.example", "password": "correct-horse-9"}
    )
    assert response.status_code == 302
    assert client.get("/manage/birchfield/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/manage/birchfield/").status_code == 302


def test_wrong_password_is_explained(client: Client, tenant: Any) -> None:
    response = client.post("/accounts/login/", {"login": "admin@birchfield.example", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_login_does_not_redirect_off_site(client: Client, tenant: Any) -> None:
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {
            "login": "staff@birchfield.example",
            "password": "correct-horse-9",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and not response["Location"].startswith("https://evil.example")


def test_password_reset_by_email(client: Client, tenant: Any, smtp_server: Any) -> None:
    response = client.post("/accounts/password-reset/", {"email": "staff@birchfield.example"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "staff@birchfield.example"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", body)
    assert link, body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    done = client.post(
        form_url, {"password1": "a-new-long-passphrase-7", "password2": "a-new-long-passphrase-7"}
    )
    assert done.status_code == 302
    tenant.user("staff").refresh_from_db()
    assert tenant.user("staff").check_password("a-new-long-passphrase-7")


def test_password_reset_for_unknown_address_sends_nothing(client: Client, db: Any, smtp_server: Any) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302  # same answer, so addresses cannot be probed
    assert smtp_server.messages == []
