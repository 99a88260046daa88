"""Who else must act when a clock-starting event happens (an agreement ends, a breach is reported).

The app that records an event calls `start_clocks()`; an app in a higher layer that owns more of
what must follow (e.g. vetted.disposition: a certificate of destruction when an agreement ends)
registers a listener here from its AppConfig.ready(), as permission rules register with `can()`.
`start_clocks()` calls the event's listeners after storing its rows, inside the caller's
transaction, so the follow-up exists exactly when the event does (no Django signals, no import
upwards). A listener must be idempotent: the same event for the same subject may be announced again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import models

from vetted.districts.models import District

Listener = Callable[[District, str, dt.datetime, models.Model, Any], None]
_LISTENERS: dict[str, list[Listener]] = {}


def listen(event: str) -> Callable[[Listener], Listener]:
    """Register `listener(district, event, at, subject, actor)` for `event`; registering twice is a no-op."""

    def register(listener: Listener) -> Listener:
        rows = _LISTENERS.setdefault(event, [])
        if listener not in rows:
            rows.append(listener)
        return listener

    return register


def announce(district: District, event: str, at: dt.datetime, subject: models.Model, actor: Any) -> None:
    for listener in list(_LISTENERS.get(event, ())):
        listener(district, event, at, subject, actor)
