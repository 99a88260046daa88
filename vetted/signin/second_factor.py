"""Who must pass a TOTP code, and whether this session has passed one.

allauth asks for the code at sign-in once a person has enrolled; it has no rule that some people
must enrol. These are that rule: holders of VETTED_MFA_REQUIRED_ROLES in any district (and
superusers) must have TOTP, and a session counts only if it verified a code at sign-in or on the
verify page, or enrolled during this session (enrolling asks for a code too).
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from vetted.districts.models import Membership


def must_use_second_factor(user: Any) -> bool:
    if user.is_superuser:
        return True
    roles = settings.VETTED_MFA_REQUIRED_ROLES
    return bool(roles) and Membership.objects.filter(user=user, role__in=roles).exists()


def totp_of(user: Any) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def session_passed_second_factor(request: HttpRequest, user: Any, totp: Authenticator) -> bool:
    records = get_authentication_records(request, user)
    if any(record.get("method") == "mfa" for record in records):
        return True
    # Enrolled in this very session: the enrolment form checked a code from the new secret.
    started = min((record.get("at", 0) for record in records), default=None)
    return started is not None and totp.created_at.timestamp() >= started
