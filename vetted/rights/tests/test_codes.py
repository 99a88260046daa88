"""One-time codes: sent only to someone who may sign in, the same page either way; hashed, expiring,
single-use, five wrong tries kill it; sends limited per address and per client."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vetted.audit.models import AuditEvent
from vetted.outbox.models import Message
from vetted.rights.identity import SESSION_KEY
from vetted.rights.models import FamilyCode
from vetted.rights.services.codes import MAX_ATTEMPTS, code_hash

from .helpers import code_from_outbox, sign_in

pytestmark = pytest.mark.django_db
KEMI = "kemi.okafor@family.example"


def _ask(client: Client, slug: str, address: str) -> Any:
    return client.post(f"/d/{slug}/family/sign-in/", {"email": address})


def _without_token(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_known_and_unknown_addresses_get_the_same_answer(roster: Any) -> None:
    slug = roster.district.slug
    known, unknown = Client(), Client()
    a = _ask(known, slug, KEMI)
    b = _ask(unknown, slug, "nobody@family.example")
    assert (
        (a.status_code, a["Location"]) == (b.status_code, b["Location"]) == (302, f"/d/{slug}/family/code/")
    )
    page_a, page_b = known.get(a["Location"]), unknown.get(b["Location"])
    assert _without_token(page_a.content) == _without_token(page_b.content)
    assert Message.objects.filter(kind="family.code").count() == 1  # only the known address got mail
    # A teacher, a student who is not eligible, and a guardian of nobody get nothing either.
    for address in ("m.ellery@birchfield.example", "anya.r@students.birchfield.example"):
        _ask(Client(), slug, address)
    assert list(Message.objects.filter(kind="family.code").values_list("to_email", flat=True)) == [KEMI]


def test_the_code_is_stored_hashed_and_audited_without_it(roster: Any) -> None:
    _ask(Client(), roster.district.slug, KEMI.upper())  # the address is matched without case
    code = code_from_outbox(KEMI)
    row = FamilyCode.objects.get()
    assert len(row.code_hash) == 64 and row.code_hash == code_hash(row.pk, code) != code
    event = AuditEvent.objects.get(event_type="family.code_sent")
    assert code not in str(event.details)


def test_a_code_signs_in_once(roster: Any) -> None:
    slug, client = roster.district.slug, Client()
    _ask(client, slug, KEMI)
    code = code_from_outbox(KEMI)
    assert client.post(f"/d/{slug}/family/code/", {"code": code}).status_code == 302
    assert _signed_in(client)
    assert AuditEvent.objects.filter(event_type="family.signed_in").count() == 1
    again = Client()
    again.post(f"/d/{slug}/family/sign-in/", {"email": "nobody@family.example"})
    session = again.session
    session["vetted_family_pending"] = {"district": roster.district.pk, "email": KEMI}
    session.save()
    assert again.post(f"/d/{slug}/family/code/", {"code": code}).status_code == 400
    assert not _signed_in(again)


def test_an_expired_code_is_refused(roster: Any) -> None:
    slug, client = roster.district.slug, Client()
    _ask(client, slug, KEMI)
    FamilyCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.post(f"/d/{slug}/family/code/", {"code": code_from_outbox(KEMI)}).status_code == 400
    assert not _signed_in(client)


def test_five_wrong_tries_kill_the_code(roster: Any) -> None:
    slug, client = roster.district.slug, Client()
    _ask(client, slug, KEMI)
    code = code_from_outbox(KEMI)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(MAX_ATTEMPTS):
        assert client.post(f"/d/{slug}/family/code/", {"code": wrong}).status_code == 400
    assert client.post(f"/d/{slug}/family/code/", {"code": code}).status_code == 400
    assert not _signed_in(client)
    assert FamilyCode.objects.get().used_at is not None


def test_a_new_code_replaces_the_old_one(roster: Any) -> None:
    slug, client = roster.district.slug, Client()
    _ask(client, slug, KEMI)
    first = code_from_outbox(KEMI)
    _ask(client, slug, KEMI)
    second = code_from_outbox(KEMI)
    if first != second:
        assert client.post(f"/d/{slug}/family/code/", {"code": first}).status_code == 400
    assert client.post(f"/d/{slug}/family/code/", {"code": second}).status_code == 302


def test_sends_are_limited_per_address_and_per_client(roster: Any, settings: Any) -> None:
    slug = roster.district.slug
    for _ in range(5):
        assert _ask(Client(), slug, KEMI).status_code == 302
    assert Message.objects.filter(kind="family.code").count() == 3  # 3 an hour per address
    settings.VETTED_FAMILY_RATE_LIMITS = {"family_code_send": "2/h/ip"}
    client = Client()
    for address in ("a@family.example", "b@family.example"):
        _ask(client, slug, address)
    # The client's third address is not counted against the address: the page is the same, no mail.
    before = Message.objects.count()
    assert _ask(client, slug, "ruth.rourke@family.example").status_code == 302
    assert Message.objects.count() == before


def test_another_districts_code_does_not_sign_in_here(roster: Any, other_tenant: Any) -> None:
    client = Client()
    sign_in(client, roster.district.slug, KEMI)
    assert client.get(f"/d/{other_tenant.district.slug}/family/").status_code == 302  # to its sign-in
    assert client.get(f"/d/{roster.district.slug}/family/").status_code == 200


def test_sign_out_and_idle_expiry(roster: Any) -> None:
    slug, client = roster.district.slug, Client()
    sign_in(client, slug, KEMI)
    session = client.session
    session[SESSION_KEY]["seen"] -= 31 * 60
    session.save()
    assert client.get(f"/d/{slug}/family/").status_code == 302
    sign_in(client, slug, KEMI)
    assert client.post(f"/d/{slug}/family/sign-out/").status_code == 302
    assert not _signed_in(client)
    assert client.get(f"/d/{slug}/family/").status_code == 302


def test_code_tries_are_limited_per_client(roster: Any, settings: Any) -> None:
    settings.VETTED_FAMILY_RATE_LIMITS = {"family_code_check": "2/h/ip"}
    slug, client = roster.district.slug, Client()
    _ask(client, slug, KEMI)
    code = code_from_outbox(KEMI)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(2):
        assert client.post(f"/d/{slug}/family/code/", {"code": wrong}).status_code == 400
    assert client.post(f"/d/{slug}/family/code/", {"code": code}).status_code == 429
    assert not _signed_in(client)
