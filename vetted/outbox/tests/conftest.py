"""A real SMTP server on loopback that can refuse recipients and drop the connection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as Email
from typing import Any

import pytest


@dataclass
class Mailhost:
    refuse: dict[str, str] = field(
        default_factory=dict
    )  # address -> SMTP reply, e.g. "550 5.1.1 no such user"
    drop_at: set[int] = field(
        default_factory=set
    )  # drop the connection instead of answering these DATA (1-based)
    messages: list[Email] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)  # connections that carried a message
    rcpts: list[str] = field(default_factory=list)  # every RCPT TO the server was offered
    datas: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        self.rcpts.append(address)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.datas += 1
        if self.datas in self.drop_at:
            server.transport.close()
            return "421 closing"
        self.sessions.add(id(session))
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def mailhost(settings: Any) -> Iterator[Mailhost]:
    from conftest import serving_smtp

    with serving_smtp(Mailhost(), settings) as host:
        yield host
