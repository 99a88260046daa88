"""seed_demo runs only in demo mode, and its accounts get passwords nobody else knows, shown once."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PUBLISHED_PASSWORD = "vetted-demo-2026"  # what every install used to share  # noqa: S105


def _seed(*args: str) -> dict[str, str | None]:
    """Run seed_demo; the e-mail address of each account it lists -> the password it printed, if any."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    rows = re.findall(
        r"^\s+\S+\s+(\S+@maple-hollow\.example)(?:\s+password: (\S+))?\s*$", out.getvalue(), re.M
    )
    return {email: password or None for email, password in rows}


def test_seed_demo_outside_demo_mode_is_refused_and_creates_nobody(settings: Any) -> None:
    from vetted.districts.models import District, User

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="VETTED_DEMO_MODE=1"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email__endswith="@maple-hollow.example").exists()
    assert not District.objects.filter(slug="maple-hollow").exists()


def test_the_published_demo_password_does_not_sign_in_as_the_demo_admin(
    settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.delenv("VETTED_DEMO_PASSWORD", raising=False)
    settings.DEMO_MODE = True
    shown = _seed()
    assert len(shown) == 6 and all(shown.values())
    assert authenticate(username="admin@maple-hollow.example", password=PUBLISHED_PASSWORD) is None
    assert authenticate(username="admin@maple-hollow.example", password=shown["admin@maple-hollow.example"])
    assert len(set(shown.values())) == 6  # one account's password opens no other


def test_demo_passwords_differ_between_installs(settings: Any, monkeypatch: Any) -> None:
    from django.db import transaction

    monkeypatch.delenv("VETTED_DEMO_PASSWORD", raising=False)
    settings.DEMO_MODE = True
    with transaction.atomic():
        first = _seed()
        transaction.set_rollback(True)  # the next seed runs on an empty database, as a new install does
    second = _seed()
    assert first.keys() == second.keys()
    assert all(first[email] != second[email] for email in first)


def test_demo_passwords_are_shown_once_and_can_be_replaced(settings: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("VETTED_DEMO_PASSWORD", raising=False)
    settings.DEMO_MODE = True
    first = _seed()
    again = _seed()
    assert again.keys() == first.keys() and not any(again.values())  # listed, passwords not shown again
    renewed = _seed("--new-passwords")
    admin = "admin@maple-hollow.example"
    assert renewed[admin] and renewed[admin] != first[admin]
    assert authenticate(username=admin, password=first[admin]) is None
    assert authenticate(username=admin, password=renewed[admin]) is not None


def test_operator_may_choose_the_demo_password(settings: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("VETTED_DEMO_PASSWORD", "pick-a-demo-password-7")
    settings.DEMO_MODE = True
    shown = _seed()
    assert set(shown.values()) == {"pick-a-demo-password-7"}
    assert authenticate(username="teacher@maple-hollow.example", password="pick-a-demo-password-7")  # noqa: S106
