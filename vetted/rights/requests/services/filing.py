"""Filing a rights request, and the identity step every request passes (a repeat of an earlier one
too): a portal request is confirmed by a fresh one-time code sent when it is filed, before it is
received; a staff-entered request (paper, phone, e-mail) waits until staff record how they checked
who asked.

Who may ask for whom (34 CFR 99.3, 99.5; identity.py): a parent or guardian for their own linked
children who are not eligible; an eligible student (the pack stack's age) for themselves; a parent
of an eligible student is refused, because the rights are the student's now.

The clock starts when the district receives the request: at the code's confirmation for a portal
request, at the time staff record it arrived for the others (checking identity is the district's
work inside the legal window, so the window does not wait for it).
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog.models import Resource
from vetted.clocks.services import start_obligation
from vetted.districts.models import District
from vetted.outbox.services import queue
from vetted.rosters.models import GuardianLink, Person

from ... import identity
from ...models import FamilyCode
from ...selectors import resources_used_by
from ...services import codes
from .. import words
from ..models import Channel, Relationship, RequestKind, RequestStatus, RightsRequest
from .deadlines import EVENT, due_for

ACTOR = "family (portal)"
# Confirmation codes are limited like sign-in codes (allauth's rate syntax), under their own names.
RATE_LIMITS = {"rights_confirm_send": "10/h/ip,5/h/key", "rights_confirm_check": "30/h/ip"}


def within_limit(request: HttpRequest, action: str, key: str | None = None) -> bool:
    from allauth.core.internal import ratelimit  # noqa: PLC0415 — needs the apps ready

    config = {**RATE_LIMITS, **getattr(settings, "VETTED_RIGHTS_RATE_LIMITS", {})}
    return bool(ratelimit.consume(request, app="vetted.rights", action=action, config=config, key=key))


def staff_path(req: RightsRequest) -> str:
    return reverse("staff-rights-request", args=[req.district.slug, req.pk])


def family_path(req: RightsRequest) -> str:
    return reverse("family-request", args=[req.district.slug, req.student_id, req.pk])


def family_address(req: RightsRequest) -> str:
    if req.requester_id is not None and req.requester is not None and req.requester.email:
        return req.requester.email
    return req.requester_email


def kind_words(req: RightsRequest) -> str:
    return words.word(req.language, f"name_{req.kind}")


def mail_family(req: RightsRequest, kind: str, subject: str, lines: Iterable[str], *, key: str = "") -> None:
    """One e-mail to whoever asked, in their language, queued in the caller's transaction; once per
    (request, key) (the key is the kind unless given)."""
    to = family_address(req)
    if not to:
        return
    contact = req.district.public_contact_email or req.district.name
    body = "\n".join([*lines, "", wording_contact(req.language, contact)]) + "\n"
    queue(req.district, kind=f"rights_request.{kind}", to=to, key=f"rights-request:{req.pk}:{key or kind}",
          subject=subject, body=body, about=req)  # fmt: skip


def wording_contact(code: str, contact: str) -> str:
    from vetted.notices import wording  # noqa: PLC0415

    return wording.language(words.code_for(code)).label("contact", contact=contact)


def _lock(req: RightsRequest) -> RightsRequest:
    """Lock the request's row, then read it with its district and people (PostgreSQL refuses FOR UPDATE
    across the outer join a nullable requester needs)."""
    RightsRequest.objects.select_for_update().filter(pk=req.pk).values_list("pk", flat=True).get()
    return RightsRequest.objects.select_related("district", "student", "requester").get(pk=req.pk)


# --- the kind's details -------------------------------------------------------------------------


def clean_details(kind: str, data: dict[str, Any]) -> dict[str, str]:
    """The fields the kind needs, trimmed; errors per field (in English; the portal shows its own)."""
    if kind not in RequestKind.values:
        raise ValidationError({"kind": "Choose what is asked: inspect, correct, delete or export."})
    out = {
        "correction_wrong": str(data.get("correction_wrong") or "").strip()[:2000],
        "correction_right": str(data.get("correction_right") or "").strip()[:2000],
        "export_address": str(data.get("export_address") or "").strip()[:320],
        "details": str(data.get("details") or "").strip()[:2000],
    }
    errors: dict[str, str] = {}
    if kind == RequestKind.CORRECT:
        if not out["correction_wrong"]:
            errors["correction_wrong"] = "Say what is wrong."
        if not out["correction_right"]:
            errors["correction_right"] = "Say what it should say."
    else:
        out["correction_wrong"] = out["correction_right"] = ""
    if kind == RequestKind.EXPORT:
        try:
            validate_email(out["export_address"])
        except ValidationError:
            errors["export_address"] = "Give the e-mail address to send the work to."
    else:
        out["export_address"] = ""
    if errors:
        raise ValidationError(errors)
    return out


def _check_resources(district: District, student: Person, resources: list[Resource], *, portal: bool) -> None:
    if not resources:
        raise ValidationError({"resources": "Choose at least one app or website."})
    if portal:
        used = set(resources_used_by(district, student).values_list("resource_id", flat=True))
        if any(r.pk not in used for r in resources):
            raise ValidationError({"resources": "Choose among the apps and websites the student uses."})


def _start_clock(req: RightsRequest, *, actor: Any) -> None:
    """Store the due time (the kind's deadline, strictest layer) and open its obligation."""
    assert req.received_at is not None
    due = due_for(req.district, req.kind, req.received_at)
    req.due_at = req.original_due_at = due.due_at
    req.deadline_id, req.deadline_citation, req.decided_by = (
        due.deadline_id,
        due.citation[:500],
        due.decided_by,
    )
    req.save(update_fields=["due_at", "original_due_at", "deadline_id", "deadline_citation", "decided_by"])
    start_obligation(req.district, EVENT, req.received_at, due, subject=req, actor=actor,
                     subject_path=staff_path(req))  # fmt: skip


def _received_mail(req: RightsRequest) -> None:
    lang = req.language
    mail_family(req, "received", words.word(lang, "mail_received_subject"), [
        words.word(lang, "mail_received_body", district=req.district.name, student=req.student.first_name,
                   kind=kind_words(req), date=words.when(req.due_at, req.district, lang)),
        "", words.word(lang, "mail_see", link=settings.SITE_URL.rstrip("/") + family_path(req)),
    ])  # fmt: skip


# --- the portal ---------------------------------------------------------------------------------


def relationship_of(member: identity.FamilyMember) -> str:
    if member.is_student:
        return Relationship.SELF
    return Relationship.PARENT if member.person.role == "parent" else Relationship.GUARDIAN


@transaction.atomic
def file_from_portal(
    member: identity.FamilyMember, student: Person, *, kind: str, resources: list[Resource],
    data: dict[str, Any],
) -> RightsRequest:  # fmt: skip
    """A family member's request, waiting for the fresh code this sends (not yet received)."""
    access = identity.child_for(member, student.pk)
    if access is None or not access.may_act:
        raise PermissionDenied("You cannot ask for this student.")
    details = clean_details(kind, data)
    _check_resources(member.district, student, resources, portal=True)
    req = RightsRequest.objects.create(
        district=member.district, student=student, requester=member.person,
        requester_name=str(member.person)[:200], requester_email=member.person.email[:320],
        relationship=relationship_of(member), language=words.code_for(member.language), kind=kind,
        channel=Channel.PORTAL, status=RequestStatus.CONFIRMING, **details,
    )  # fmt: skip
    req.resources.set(resources)
    record(member.district, "rights_request.filed", actor=ACTOR, subject=req,
           details={"member": member.person.pk, "student": student.pk, "kind": kind, "channel": "portal",
                    "resources": sorted(r.pk for r in resources)})  # fmt: skip
    send_confirm_code(req)
    return req


def _code_key(req: RightsRequest) -> str:
    # A code is bound to its request: it is found by this key, never by an address, so a sign-in
    # code cannot confirm a request, nor one request's code another's.
    return codes.address_hash(req.district, f"rights-request:{req.pk}")


def send_confirm_code(req: RightsRequest) -> FamilyCode:
    """A fresh code for this request (an older one dies), e-mailed to the member who filed it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("send_confirm_code() must run inside the caller's transaction")
    if req.status != RequestStatus.CONFIRMING or req.requester is None:
        raise ValidationError({"code": "This request needs no code."})
    now = timezone.now()
    key = _code_key(req)
    FamilyCode.objects.filter(district=req.district, address_hash=key, used_at__isnull=True).update(
        used_at=now
    )
    row = FamilyCode.objects.create(
        district=req.district, person=req.requester, address_hash=key, code_hash="-", created_at=now,
        expires_at=now + dt.timedelta(minutes=codes.CODE_MINUTES),
    )  # fmt: skip
    code = codes.new_code()
    row.code_hash = codes.code_hash(row.pk, code)
    row.save(update_fields=["code_hash"])
    lang = req.language
    body = "\n".join([
        words.word(lang, "mail_confirm_body", district=req.district.name, code=code,
                   minutes=str(codes.CODE_MINUTES)),
        "", words.word(lang, "mail_ignore"), "",
        wording_contact(lang, req.district.public_contact_email or req.district.name),
    ]) + "\n"  # fmt: skip
    queue(req.district, kind="rights_request.code", to=req.requester.email, key=f"rights-request-code:{row.pk}",
          subject=words.word(lang, "mail_confirm_subject", code=code), body=body, about=req)  # fmt: skip
    record(req.district, "rights_request.code_sent", actor=ACTOR, subject=req,
           details={"code": row.pk, "expires_minutes": codes.CODE_MINUTES})  # fmt: skip
    return row


@transaction.atomic
def resend_code(member: identity.FamilyMember, req: RightsRequest) -> FamilyCode:
    req = _lock(req)
    if req.requester_id != member.person.pk:
        raise PermissionDenied("Not your request.")
    return send_confirm_code(req)


@transaction.atomic
def confirm_from_portal(member: identity.FamilyMember, req: RightsRequest, code: str) -> bool:
    """Use the request's newest live code if `code` is it: the request is received and its clock
    starts. A wrong code counts a try (the fifth kills it), as at sign-in."""
    req = _lock(req)
    if req.requester_id != member.person.pk:
        raise PermissionDenied("Not your request.")
    if req.status != RequestStatus.CONFIRMING:
        return req.status != RequestStatus.REFUSED
    access = identity.child_for(member, req.student_id)
    if access is None or not access.may_act:
        raise PermissionDenied("You cannot ask for this student.")
    now = timezone.now()
    row = (
        FamilyCode.objects.select_for_update()
        .filter(district=req.district, address_hash=_code_key(req), used_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if row is None or row.expires_at <= now or row.attempts >= codes.MAX_ATTEMPTS:
        return False
    code = "".join(code.split())
    if not (code.isdigit() and hmac.compare_digest(row.code_hash, codes.code_hash(row.pk, code))):
        FamilyCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        if row.attempts + 1 >= codes.MAX_ATTEMPTS:
            FamilyCode.objects.filter(pk=row.pk).update(used_at=now)
        return False
    if not FamilyCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        return False
    req.status, req.received_at = RequestStatus.RECEIVED, now
    req.identity_method = "A one-time code e-mailed to the family member's address on the roster, typed back."
    req.identity_checked_at = now
    req.save(update_fields=["status", "received_at", "identity_method", "identity_checked_at"])
    _start_clock(req, actor=ACTOR)
    record(req.district, "rights_request.received", actor=ACTOR, subject=req,
           details={"identity": "one-time code", "code": row.pk, "due_at": req.due_at.isoformat() if req.due_at else None,
                    "deadline": req.deadline_id, "decided_by": req.decided_by})  # fmt: skip
    _received_mail(req)
    return True


# --- staff entry (paper, phone, e-mail) ---------------------------------------------------------


def _check_requester(
    district: District, student: Person, requester: Person | None, relationship: str
) -> None:
    """A parent only for their own child who is not eligible; an eligible student for themselves."""
    if student.district_id != district.pk or student.role != "student" or not student.enabled:
        raise ValidationError({"student": "Choose an enrolled student of this district."})
    eligible = identity.is_eligible(student, district)
    age = identity.eligible_age(district)
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose parent, guardian or the student."})
    if relationship == Relationship.SELF:
        if requester is not None and requester.pk != student.pk:
            raise ValidationError(
                {"requester": "The student asks for themselves: choose the student, or no one."}
            )
        if not eligible:
            raise ValidationError({"relationship": f"The student is under {age} (or the roster has no birth date): "
                                                   "a parent or guardian asks for them."})  # fmt: skip
        return
    if eligible:
        raise ValidationError({"relationship": f"The student is {age} or older: the rights are the student's now, "
                                               "so a parent's request is refused. The student can ask."})  # fmt: skip
    if requester is not None:
        if requester.district_id != district.pk or requester.role not in identity.GUARDIAN_ROLES:
            raise ValidationError({"requester": "Choose a parent or guardian from the roster, or no one."})
        if not GuardianLink.objects.filter(district=district, student=student, guardian=requester).exists():
            raise ValidationError({"requester": "The roster does not link this person to the student."})


@transaction.atomic
def enter_for_family(district: District, *, actor: Any, data: dict[str, Any]) -> RightsRequest:
    """A request that came on paper, by phone or by e-mail: waiting for identity; the clock starts at
    `received_at` (when it reached the district)."""
    student: Person = data["student"]
    requester: Person | None = data.get("requester")
    relationship = str(data.get("relationship") or "")
    kind = str(data.get("kind") or "")
    channel = str(data.get("channel") or "")
    if channel not in (Channel.PAPER, Channel.PHONE, Channel.EMAIL):
        raise ValidationError({"channel": "Choose paper, phone or e-mail."})
    _check_requester(district, student, requester, relationship)
    name = str(data.get("requester_name") or "").strip()[:200] or (str(requester) if requester else "")
    if not name:
        raise ValidationError(
            {"requester_name": "Name the person who asked, or choose them from the roster."}
        )
    email = str(data.get("requester_email") or "").strip()[:320]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"requester_email": "Enter a valid e-mail address."}) from None
    details = clean_details(kind, data)
    resources = list(data.get("resources") or [])
    if not resources:
        resources = [d.resource for d in resources_used_by(district, student)]
    _check_resources(district, student, resources, portal=False)
    now = timezone.now()
    received_at = data.get("received_at") or now
    if received_at > now + dt.timedelta(minutes=10):
        raise ValidationError({"received_at": "This time is in the future."})
    language = words.code_for(str(data.get("language") or (requester.language if requester else "") or "en"))
    req = RightsRequest.objects.create(
        district=district, student=student, requester=requester, requester_name=name, requester_email=email,
        relationship=relationship, language=language, kind=kind, channel=channel,
        status=RequestStatus.IDENTITY, received_at=received_at, created_by=actor, **details,
    )  # fmt: skip
    req.resources.set(resources)
    _start_clock(req, actor=actor)
    record(district, "rights_request.filed", actor=actor, subject=req,
           details={"student": student.pk, "requester": requester.pk if requester else None, "kind": kind,
                    "channel": channel, "relationship": relationship, "received_at": received_at.isoformat(),
                    "due_at": req.due_at.isoformat() if req.due_at else None, "deadline": req.deadline_id,
                    "decided_by": req.decided_by, "resources": sorted(r.pk for r in resources)})  # fmt: skip
    return req


@transaction.atomic
def confirm_identity(req: RightsRequest, *, actor: Any, method: str) -> RightsRequest:
    """Staff record how they checked who asked; the request is received."""
    req = _lock(req)
    if req.status != RequestStatus.IDENTITY:
        raise ValidationError({"method": "This request is not waiting for identity."})
    method = (method or "").strip()
    if len(method) < 10:
        raise ValidationError({"method": "Say how identity was checked (at least a sentence)."})
    _check_requester(req.district, req.student, req.requester, req.relationship)
    req.status, req.identity_method = RequestStatus.RECEIVED, method[:1000]
    req.identity_checked_at, req.identity_checked_by = timezone.now(), actor
    req.save(update_fields=["status", "identity_method", "identity_checked_at", "identity_checked_by"])
    record(
        req.district,
        "rights_request.identity_confirmed",
        actor=actor,
        subject=req,
        details={"method": method},
    )
    _received_mail(req)
    return req
