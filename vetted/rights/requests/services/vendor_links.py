"""A vendor task's secure link (vetted.kit.links): the token is the server's signature over (task id,
nonce) with this purpose's salt; the task row holds the nonce, the expiry and the revocation. It works
once: an answered task's link is spent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from vetted.kit.links import LinkState, read_link, sign_link

from ..models import RequestTask

SALT = "vetted.rights.vendor-task"
MAX_DAYS = 365  # the signature's own limit; the row's expires_at is the one that binds


def link_days() -> int:
    return int(getattr(settings, "VETTED_RIGHTS_LINK_DAYS", 30))


def expiry(sent_at: dt.datetime, due_at: dt.datetime) -> dt.datetime:
    """VETTED_RIGHTS_LINK_DAYS after sending, and never before a week past the district's deadline."""
    return min(max(sent_at + dt.timedelta(days=link_days()), due_at + dt.timedelta(days=7)),
               sent_at + dt.timedelta(days=MAX_DAYS - 1))  # fmt: skip


def make_token(task: RequestTask) -> str:
    return sign_link(SALT, task.pk, task.nonce)


def link_url(task: RequestTask) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("vendor-rights-task", args=[make_token(task)])


def read_token(token: str, *, now: dt.datetime | None = None) -> tuple[LinkState, RequestTask | None]:
    rows = RequestTask.objects.select_related("district", "vendor", "request", "request__student")
    return read_link(token, salt=SALT, rows=rows, max_days=MAX_DAYS, now=now)


__all__ = ["SALT", "LinkState", "expiry", "link_url", "make_token", "read_token"]
