"""Signing a family member in the way a family does: ask for a code, read it from the mail, type it."""

from __future__ import annotations

import re
import time
from typing import Any

from vetted.outbox.models import Message
from vetted.outbox.services import deliver
from vetted.rights.identity import SESSION_KEY
from vetted.rosters.models import GuardianLink, Person

CODE = re.compile(r"\b(\d{8})\b")


def code_from_outbox(address: str) -> str:
    message = Message.objects.filter(to_email=address, kind="family.code").order_by("-pk").first()
    assert message is not None, f"no code was queued for {address}"
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def deliver_all() -> None:
    for pk in Message.objects.filter(status="queued").values_list("pk", flat=True):
        deliver(pk)


def sign_in(client: Any, slug: str, address: str) -> Any:
    client.post(f"/d/{slug}/family/sign-in/", {"email": address})
    response = client.post(f"/d/{slug}/family/code/", {"code": code_from_outbox(address)})
    assert response.status_code == 302, response.content[:500]
    return response


def as_family(client: Any, person: Person) -> None:
    """Sign `person` in to the family portal on `client`, as a confirmed code would."""
    session = client.session
    session[SESSION_KEY] = {"person": person.pk, "district": person.district_id, "seen": time.time()}
    session.save()


def other_family(other_tenant: Any) -> Person:
    """A parent with a child in another district: the family an attacker from outside would be."""
    d = other_tenant.district
    child = Person.objects.create(
        district=d, sourced_id="o-s", role="student", given_name="Ola", family_name="Ode"
    )
    parent = Person.objects.create(district=d, sourced_id="o-g", role="parent", given_name="Pat", family_name="Ode",
                                   email="pat.ode@family.example")  # fmt: skip
    GuardianLink.objects.create(district=d, student=child, guardian=parent)
    return parent
