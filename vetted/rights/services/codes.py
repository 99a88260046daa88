"""One-time sign-in codes for the family portal: sent by e-mail, kept only as a keyed hash, valid for
CODE_MINUTES, used once, dead after MAX_ATTEMPTS wrong tries.

`request_code` answers nothing about whether the address is known (the page says the same either
way); it sends only to an enabled guardian with linked students or an eligible student
(identity.may_sign_in). Sends are limited per address and per client address in the cache, the way
sign-in limits are (allauth's rate limiter, under this app's own actions).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.notices import wording
from vetted.outbox.services import queue
from vetted.rosters.models import Person

from .. import identity
from ..models import FamilyCode

ACTOR = "family (e-mail code)"
CODE_DIGITS = 8
CODE_MINUTES = 15
MAX_ATTEMPTS = 5
# allauth's rate syntax ("n/period/per"): sends per client address and per e-mail address, and code
# tries per client address. VETTED_FAMILY_RATE_LIMITS overrides any of them.
RATE_LIMITS = {"family_code_send": "20/h/ip,3/h/key", "family_code_check": "30/h/ip"}


def rate_limits() -> dict[str, str]:
    return {**RATE_LIMITS, **getattr(settings, "VETTED_FAMILY_RATE_LIMITS", {})}


def within_limit(request: HttpRequest, action: str, key: str | None = None) -> bool:
    """Count one try of `action` (per client address, and per key where the rate says so)."""
    from allauth.core.internal import ratelimit  # noqa: PLC0415 — needs the apps ready

    return bool(ratelimit.consume(request, app="vetted.rights", action=action, config=rate_limits(), key=key))


def normalize(address: str) -> str:
    return address.strip().lower()


def address_hash(district: District, address: str) -> str:
    return salted_hmac(
        "vetted.rights.address", f"{district.pk}:{normalize(address)}", algorithm="sha256"
    ).hexdigest()


def code_hash(code_id: int, code: str) -> str:
    return salted_hmac("vetted.rights.code", f"{code_id}:{code}", algorithm="sha256").hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def member_for(district: District, address: str) -> Person | None:
    """The roster person of this district who may sign in with this address (a guardian first)."""
    address = normalize(address)
    if not address or "@" not in address:
        return None
    people = Person.objects.filter(district=district, email__iexact=address, enabled=True).order_by("pk")
    candidates = sorted(people, key=lambda p: (p.role not in identity.GUARDIAN_ROLES, p.pk))
    return next((p for p in candidates if identity.may_sign_in(p, district)), None)


@transaction.atomic
def request_code(district: District, address: str) -> FamilyCode | None:
    """Send a new code to the address if it belongs to someone who may sign in; None otherwise. Any
    older live code for the address dies (only the newest works)."""
    person = member_for(district, address)
    if person is None:
        return None
    now = timezone.now()
    hashed = address_hash(district, address)
    FamilyCode.objects.filter(district=district, address_hash=hashed, used_at__isnull=True).update(
        used_at=now
    )
    row = FamilyCode.objects.create(
        district=district, person=person, address_hash=hashed, code_hash="-",
        created_at=now, expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
    )  # fmt: skip
    code = new_code()
    row.code_hash = code_hash(row.pk, code)
    row.save(update_fields=["code_hash"])
    lang = wording.language(person.language)
    body = "\n".join([
        lang.label("portal_code_mail", code=code, minutes=str(CODE_MINUTES), district=district.name),
        "",
        lang.label("portal_code_ignore"),
        "",
        lang.label("contact", contact=district.public_contact_email or district.name),
    ]) + "\n"  # fmt: skip
    queue(district, kind="family.code", to=person.email, key=f"family-code:{row.pk}",
          subject=lang.label("portal_code_subject", code=code), body=body, about=row)  # fmt: skip
    record(district, "family.code_sent", actor=ACTOR, subject=row,
           details={"person": person.pk, "expires_minutes": CODE_MINUTES})  # fmt: skip
    return row


class CodeState:
    OK = "ok"
    WRONG = "wrong"  # wrong code, expired, used, killed or no code: the page says the same


@dataclass
class Check:
    state: str
    person: Person | None = None


@transaction.atomic
def check_code(district: District, address: str, code: str) -> Check:
    """Use the address's newest live code if `code` is it (once); count a wrong try otherwise (the
    MAX_ATTEMPTS-th wrong try kills the code)."""
    now = timezone.now()
    row = (
        FamilyCode.objects.select_for_update()
        .filter(district=district, address_hash=address_hash(district, address), used_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if row is None or row.expires_at <= now or row.attempts >= MAX_ATTEMPTS:
        return Check(CodeState.WRONG)
    code = "".join(code.split())
    if not (code.isdigit() and hmac.compare_digest(row.code_hash, code_hash(row.pk, code))):
        FamilyCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        if row.attempts + 1 >= MAX_ATTEMPTS:
            FamilyCode.objects.filter(pk=row.pk).update(used_at=now)
        return Check(CodeState.WRONG)
    if not FamilyCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        return Check(CodeState.WRONG)
    person = Person.objects.filter(pk=row.person_id, district=district).first()
    if person is None or not identity.may_sign_in(person, district):
        return Check(CodeState.WRONG)
    record(district, "family.signed_in", actor=ACTOR, subject=row,
           details={"person": person.pk, "student": person.role == "student"})  # fmt: skip
    return Check(CodeState.OK, person)
