"""The vendor's secure link for one disposition obligation (vetted.kit.links: signed over the row id
and a nonce, expiring, revocable), mailed to the vendor's privacy contact. A link is spent by the
certificate submitted through it; sending a new link revokes the ones still live."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from vetted.audit.services import record
from vetted.kit.links import LinkState, read_link, sign_link
from vetted.kit.localtime import format_local
from vetted.outbox.services import queue

from ..models import DispositionLink, DispositionObligation

SALT = "vetted.disposition.vendor-link"
GRACE = dt.timedelta(days=60)  # a link keeps working this long after the due time (a late certificate)
MIN_LIFE = dt.timedelta(days=30)
MAX_DAYS = 4000  # the signature's own bound; the row's expires_at is the real one


def make_token(link: DispositionLink) -> str:
    return sign_link(SALT, link.pk, link.nonce)


def link_url(link: DispositionLink) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("vendor-disposition", args=[make_token(link)])


def read_token(token: str, *, now: dt.datetime | None = None) -> tuple[LinkState, DispositionLink | None]:
    rows = DispositionLink.objects.select_related(
        "district", "obligation", "obligation__agreement", "obligation__agreement__vendor"
    )
    return read_link(token, salt=SALT, rows=rows, max_days=MAX_DAYS, now=now)


def live_links(ob: DispositionObligation) -> models.QuerySet[DispositionLink]:
    return ob.links.filter(revoked_at__isnull=True, used_at__isnull=True, expires_at__gt=timezone.now())


def _who(actor: Any) -> Any:
    return actor if isinstance(actor, models.Model) else None


def _body(ob: DispositionObligation, url: str, expires_at: dt.datetime, *, opening: str) -> str:
    agreement, district = ob.agreement, ob.district
    return (
        f"{opening}\n\n"
        f"Agreement: {agreement.title} between {district.name} and {agreement.vendor.legal_name}\n"
        f"It ended ({ob.ended_as.replace('_', ' ')}) on {format_local(ob.ended_at, district.tz)}.\n"
        f"Dispose of the district's student data, including backups, and certify it by: "
        f"{format_local(ob.due_at, district.tz)} ({district.time_zone}).\n\n"
        f"Certify the disposition here (what, how, when and who, as in Exhibit D of the national agreement):\n"
        f"{url}\n\nThe link is for this agreement only, works once and until "
        f"{format_local(expires_at, district.tz)}.\n"
        f"Questions: {district.public_contact_email or district.name}\n"
    )


@transaction.atomic
def send_link(ob: DispositionObligation, *, actor: Any, to: str = "") -> DispositionLink:
    """A new link to the vendor's privacy contact (`to`, else the one on file); the live ones stop."""
    ob = (
        DispositionObligation.objects.select_for_update()
        .select_related("district", "agreement__vendor")
        .get(pk=ob.pk)
    )
    if not ob.waiting:
        raise ValidationError({"to": "The certificate was already received; no new link is needed."})
    to = (to or ob.contact_email or ob.agreement.vendor.privacy_contact_email).strip()
    if not to:
        raise ValidationError({"to": "Give the vendor's privacy contact e-mail address."})
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError({"to": "Enter a valid e-mail address."}) from None
    now = timezone.now()
    revoked = list(live_links(ob).values_list("pk", flat=True))
    DispositionLink.objects.filter(pk__in=revoked).update(revoked_at=now)
    link = DispositionLink.objects.create(
        district=ob.district, obligation=ob, sent_to=to, created_by=_who(actor),
        expires_at=max(ob.due_at + GRACE, now + MIN_LIFE),
    )  # fmt: skip
    if ob.contact_email != to:
        ob.contact_email = to
        ob.save(update_fields=["contact_email"])
    queue(
        ob.district, kind="disposition.link", to=to, key=f"disposition-link:{link.pk}", about=ob,
        subject=f"{ob.district.name}: certify the disposition of student data ({ob.agreement.title})",
        body=_body(ob, link_url(link), link.expires_at,
                   opening=f"{ob.district.name} asks {ob.agreement.vendor.legal_name} to certify that the "
                           f"student data it holds under an ended agreement was disposed of."),
    )  # fmt: skip
    record(ob.district, "disposition.link_sent", actor=actor, subject=ob,
           details={"link": link.pk, "to": to, "expires_at": link.expires_at.isoformat(),
                    "revoked": revoked})  # fmt: skip
    return link


@transaction.atomic
def revoke_link(link: DispositionLink, *, actor: Any) -> bool:
    """The link stops working (audited); False if it was already revoked."""
    changed = DispositionLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        record(link.district, "disposition.link_revoked", actor=actor, subject=link.obligation,
               details={"link": link.pk, "sent_to": link.sent_to})  # fmt: skip
    return bool(changed)


def link_for_reminder(ob: DispositionObligation) -> tuple[DispositionLink, bool]:
    """The live link to remind the vendor with, or a new one (True) when none is live."""
    link = live_links(ob).first()
    if link is not None:
        return link, False
    now = timezone.now()
    link = DispositionLink.objects.create(
        district=ob.district, obligation=ob, sent_to=ob.contact_email,
        expires_at=max(ob.due_at + GRACE, now + MIN_LIFE),
    )  # fmt: skip
    return link, True


def reminder_body(ob: DispositionObligation, link: DispositionLink, *, overdue: bool) -> str:
    opening = (
        f"REMINDER: {ob.district.name} has not received {ob.agreement.vendor.legal_name}'s certificate that the "
        f"student data held under an ended agreement was disposed of. "
        + ("It is now overdue." if overdue else "It is due soon.")
    )
    return _body(ob, link_url(link), link.expires_at, opening=opening)
