"""Sign-ins and failed sign-ins become audit events, from Django's auth signals so that every way in
(the staff sign-in, the admin, django-allauth) is covered.

A sign-in is recorded in each district the person belongs to: each district's trail is complete on
its own. A failed sign-in for an existing account is recorded the same way, against that account. One
for an address with no account belongs to no district, so it goes to the log, without the address:
what was typed there is sometimes a password.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from vetted.districts.models import District

from .services import record_read

log = logging.getLogger("vetted.audit.signins")


def _client(request: Any) -> dict[str, str]:
    meta = getattr(request, "META", None) or {}
    return {"ip": str(meta.get("REMOTE_ADDR", ""))[:45], "path": str(getattr(request, "path", ""))[:200]}


def _districts(user: Any) -> list[District]:
    return list(District.objects.filter(memberships__user=user).order_by("pk"))


def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    details = _client(request)
    for district in _districts(user):
        record_read(district, "auth.signed_in", actor=user, subject=user, details=details)


def sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    typed = next((str(credentials[k]) for k in ("username", "email", "login") if credentials.get(k)), "")
    details = _client(request)
    user = (
        get_user_model()._default_manager.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).first()
        if typed
        else None
    )
    districts = _districts(user) if user is not None else []
    if not districts:
        log.warning("Failed sign-in for an address with no district account, from %s", details["ip"] or "?")
        return
    for district in districts:
        record_read(district, "auth.sign_in_failed", actor="anonymous", subject=user, details=details)
