"""Guessing passwords and flooding password resets, tried as an attacker would, on every sign-in path."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-9"
LOCKED = "Too many failed sign-in attempts"


def sign_in(client: Client, email: str, password: str, ip: str = "192.0.2.10") -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return client.get("/manage/birchfield/").status_code == 200


def test_300_wrong_passwords_then_the_right_one_is_refused(client: Client, tenant: Any) -> None:
    for attempt in range(300):
        response = sign_in(client, "staff@birchfield.example", f"guess-{attempt}")
        assert response.status_code in (200, 429)
    response = sign_in(client, "staff@birchfield.example", RIGHT)
    assert response.status_code in (200, 429)
    assert not signed_in(client)
    if response.status_code == 200:
        assert LOCKED in response.content.decode()


def test_guesses_spread_over_many_addresses_still_lock_the_account(client: Client, tenant: Any) -> None:
    """One guess from each of many clients (a botnet): the limit per account holds."""
    for attempt in range(6):
        response = sign_in(client, "staff@birchfield.example", f"guess-{attempt}", ip=f"198.51.100.{attempt}")
    response = sign_in(client, "staff@birchfield.example", RIGHT, ip="203.0.113.77")
    assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_a_locked_account_tells_the_person_plainly_and_others_are_unaffected(
    client: Client, tenant: Any
) -> None:
    for attempt in range(5):
        sign_in(client, "staff@birchfield.example", f"guess-{attempt}", ip=f"198.51.100.{attempt}")
    page = sign_in(client, "staff@birchfield.example", RIGHT, ip="203.0.113.1").content.decode()
    assert "try again in 15 minutes, or reset your password" in page
    colleague = Client()
    assert sign_in(colleague, "reviewer@birchfield.example", RIGHT, ip="203.0.113.2").status_code == 302


def test_one_client_guessing_many_accounts_is_stopped(client: Client, tenant: Any) -> None:
    """Password spraying: one wrong password each for many accounts, from one address."""
    for role in ("admin", "technology_director", "reviewer", "auditor"):
        for attempt in range(3):
            sign_in(client, f"{role}@birchfield.example", f"Spring2026!{attempt}")
    response = sign_in(client, "staff@birchfield.example", RIGHT)
    assert response.status_code in (200, 429) and not signed_in(client)
    elsewhere = Client()
    assert sign_in(elsewhere, "staff@birchfield.example", RIGHT, ip="203.0.113.9").status_code == 302


def test_a_correct_password_does_not_reset_the_count_of_failures(client: Client, tenant: Any) -> None:
    """An attacker who knows one password cannot interleave it to keep guessing another's."""
    for attempt in range(4):
        sign_in(client, "staff@birchfield.example", f"guess-{attempt}", ip=f"198.51.100.{attempt}")
    assert sign_in(Client(), "staff@birchfield.example", RIGHT, ip="203.0.113.3").status_code == 302
    sign_in(client, "staff@birchfield.example", "guess-5", ip="198.51.100.9")
    page = sign_in(Client(), "staff@birchfield.example", RIGHT, ip="203.0.113.4").content.decode()
    assert LOCKED in page


def test_40_reset_requests_for_one_address_send_at_most_3_mails(
    client: Client, tenant: Any, smtp_server: Any
) -> None:
    for attempt in range(40):
        response = client.post(
            "/accounts/password-reset/",
            {"email": "staff@birchfield.example"},
            REMOTE_ADDR=f"198.51.100.{attempt}",
        )
        assert response.status_code in (200, 302, 429)
    assert 1 <= len(smtp_server.messages) <= 3


def test_one_client_asking_resets_for_many_addresses_is_capped(
    client: Client, tenant: Any, other_tenant: Any, smtp_server: Any
) -> None:
    addresses = [user.email for t in (tenant, other_tenant) for user in t.users.values()] * 3
    for email in addresses:  # 30 requests, each address 3 times: within the per-address limit
        client.post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR="192.0.2.50")
    assert 1 <= len(smtp_server.messages) <= 20


def test_the_django_admin_login_form_is_not_a_way_around(client: Client, tenant: Any) -> None:
    admin = tenant.user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = client.get("/django-admin/login/?next=/django-admin/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert "next=/django-admin/" in page["Location"]
    # Posting a password to the admin's old form signs nobody in.
    posted = client.post("/django-admin/login/", {"username": admin.email, "password": RIGHT})
    assert posted.status_code == 302 and "/accounts/login/" in posted["Location"]
    assert client.get("/django-admin/").status_code == 302


def test_the_admin_sign_in_sends_off_site_next_nowhere(client: Client, tenant: Any) -> None:
    page = client.get("/django-admin/login/?next=https://evil.example/")
    assert page.status_code == 302 and "evil.example" not in page["Location"]


def test_a_forged_forwarded_for_header_does_not_escape_the_per_client_limit(
    client: Client, tenant: Any
) -> None:
    """Spraying many accounts while claiming a new client address each time (no trusted proxy)."""
    for n, role in enumerate(["admin", "technology_director", "reviewer", "auditor"] * 3):
        client.post("/accounts/login/", {"login": f"{role}@birchfield.example", "password": f"Winter{n}!"},
                    REMOTE_ADDR="192.0.2.60", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")  # fmt: skip
    response = client.post("/accounts/login/", {"login": "staff@birchfield.example", "password": RIGHT},
                           REMOTE_ADDR="192.0.2.60", HTTP_X_FORWARDED_FOR="203.0.113.200")  # fmt: skip
    assert response.status_code in (200, 429) and not signed_in(client)
