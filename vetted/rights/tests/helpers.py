"""Signing a family member in the way a family does: ask for a code, read it from the mail, type it."""

from __future__ import annotations

import re
from typing import Any

from vetted.outbox.models import Message
from vetted.outbox.services import deliver

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
