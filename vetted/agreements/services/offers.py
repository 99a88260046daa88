"""General offers (NDPA Exhibit E): adoption by another district, and the offer's end."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District, Role
from vetted.districts.row_security import across_districts
from vetted.documents import storage
from vetted.outbox.services import mail_staff_on_commit

from ..models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    CheckSource,
    CheckStatus,
    OfferEnd,
    ProvisionCheck,
)
from ..policies import authorize
from .documents import add_document


def may_share(origin: District, adopter: District) -> bool:
    """Terms travel between districts of one state, or members of a shared consortium."""
    if origin.state == adopter.state:
        return True
    return origin.consortia.filter(pk__in=adopter.consortia.values("pk")).exists()


def open_offers() -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        general_offer=True, offer_ended_at__isnull=True, status=AgreementStatus.FULLY_EXECUTED
    )


def adoptable_offers(district: District) -> QuerySet[Agreement]:
    """Open offers from other districts of the same state or a shared consortium."""
    consortia = district.consortia.values("pk")
    adopted = Agreement.objects.filter(district=district, parent__isnull=False).exclude(
        status__in=[AgreementStatus.TERMINATED, AgreementStatus.EXPIRED, AgreementStatus.SUPERSEDED]
    )
    return (
        open_offers()
        .exclude(district=district)
        .filter(Q(district__state=district.state) | Q(district__consortia__in=consortia))
        .exclude(pk__in=adopted.values("parent_id"))
        .select_related("district", "vendor")
        .distinct()
        .order_by("vendor__legal_name", "district__name")
    )


NO_SUCH_OFFER = "No such general offer."


def adoptable_offer(district: District, offer_id: Any) -> Agreement:
    """One offer this district may adopt (open, executed, same state or consortium, not yet adopted).

    Anything else, another district's draft or private agreement included, is 404 with the same
    message whatever the reason: nothing about another district's agreements leaks.
    """
    try:
        return adoptable_offers(district).get(pk=int(offer_id))
    except (Agreement.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404(NO_SUCH_OFFER) from exc


def public_copy_of(offer: Agreement) -> AgreementDocument | None:
    """The originating agreement's newest public copy, if it publishes one."""
    if not offer.is_publicly_visible:
        return None
    return offer.documents.filter(public_copy=True).order_by("-uploaded_at").first()


def adopt_checklist(subscription: Agreement, offer: Agreement) -> int:
    """Carry the originating district's confirmed marks into the subscription's checklist, read-only.

    A provision is carried when the originating district confirmed it (a person's mark, or one it adopted
    in turn) and both districts require the same thing (same provision and figure, so the same title).
    Only the mark and where it is found travel: notes and reasons are the originating district's own.
    Anything else stays "not reviewed" for the subscribing district to mark."""
    confirmed = {
        c.provision_id: c
        for c in offer.checks.filter(source__in=[CheckSource.PERSON, CheckSource.ADOPTED]).exclude(
            status=CheckStatus.UNREVIEWED
        )
    }
    carried = []
    for check in subscription.checks.all():
        origin = confirmed.get(check.provision_id)
        if origin is None or origin.title != check.title:
            continue
        check.status, check.location, check.note = origin.status, origin.location, ""
        check.source, check.confidence, check.evidence = CheckSource.ADOPTED, None, None
        check.reviewed_by, check.reviewed_at = None, origin.reviewed_at
        carried.append(check)
    fields = ["status", "location", "note", "source", "confidence", "evidence", "reviewed_by", "reviewed_at"]
    ProvisionCheck.objects.bulk_update(carried, fields)
    return len(carried)


@across_districts()
@transaction.atomic
def adopt_offer(
    district: District,
    offer: Agreement,
    *,
    actor: Any,
    effective_date: dt.date | None = None,
    expiry_date: dt.date | None = None,
    signatory_name: str = "",
    signatory_title: str = "",
    signed_copy: UploadedFile | None = None,
    at: dt.datetime | None = None,
) -> Agreement:
    """Sign Exhibit E: a subscription with the original's terms, executed at once, with its own dates.

    It carries the original's public copy and its confirmed checklist (read-only, marked "adopted");
    no note of the originating district crosses over. Executing it needs the district's signatory
    and `signed_copy`, the Exhibit E the district signed, kept as the subscription's own (private)
    signed copy."""
    authorize(actor, "agreement.edit", district)
    from .agreements import create_agreement, transition  # noqa: PLC0415 — a cycle: agreements imports offers

    offer = Agreement.objects.select_for_update().select_related("district", "vendor").get(pk=offer.pk)
    if offer.district_id == district.pk:
        raise ValidationError({"offer": "This is your own district's agreement; there is nothing to adopt."})
    if not may_share(offer.district, district):
        raise ValidationError(
            {"offer": f"{offer.district.name} is in {offer.district.state} and shares no consortium with "
                      f"{district.name} ({district.state}); a general offer can only be adopted within the "
                      "same state or consortium."}
        )  # fmt: skip
    if not offer.offer_is_open:
        raise ValidationError(
            {"offer": "This general offer is no longer open (withdrawn, expired or not executed)."}
        )
    if not adoptable_offers(district).filter(pk=offer.pk).exists():
        raise ValidationError({"offer": "Your district already subscribes to this general offer."})
    refused: dict[str, str] = {}
    if not signatory_name.strip():
        refused["signatory_name"] = "Name the person who signed Exhibit E for the district."
    if signed_copy is None:
        refused["signed_copy"] = "Upload the Exhibit E your district signed (PDF or Word)."
    if refused:
        raise ValidationError(refused)
    effective = effective_date or timezone.localdate(timezone=district.tz)
    subscription = create_agreement(
        district, actor=actor, vendor=offer.vendor, parent=offer,
        resources=offer.resources.all(), data_elements=offer.data_elements.all(),
        data={
            "title": f"{offer.title} — general offer from {offer.district.name}"[:200],
            "kind": AgreementKind.SUBSCRIPTION, "effective_date": effective,
            "expiry_date": expiry_date or offer.expiry_date, "public": True,
            "district_signatory_name": signatory_name, "district_signatory_title": signatory_title,
            "vendor_signatory_name": offer.vendor_signatory_name,
            "vendor_signatory_title": offer.vendor_signatory_title,
            "security_framework": offer.security_framework,
            "security_framework_other": offer.security_framework_other,
        },
    )  # fmt: skip
    # The vendor's general offer stands for its signature; the district's signature executes it.
    subscription.status = AgreementStatus.SIGNED_BY_VENDOR
    subscription.adopted_document = public_copy_of(offer)
    subscription.save(update_fields=["status", "adopted_document"])
    adopted = adopt_checklist(subscription, offer)
    assert signed_copy is not None  # checked above
    exhibit = add_document(subscription, signed_copy, actor=actor, label="Exhibit E signed by the district",
                           signed_copy=True, review=False)  # fmt: skip
    record(district, "agreement.offer_adopted", actor=actor, subject=subscription,
           details={"offer": offer.pk, "offer_district": offer.district.slug, "checks_adopted": adopted,
                    "document": subscription.adopted_document_id})  # fmt: skip
    record(offer.district, "agreement.offer_subscribed", actor=actor, subject=offer,
           details={"subscriber_district": district.slug, "subscription": subscription.pk})  # fmt: skip
    try:
        return transition(subscription, "execute", actor=actor, at=at)
    except BaseException:
        storage.delete(f"agreements/{exhibit.stored_name}")  # the rows roll back; the file goes too
        raise


@across_districts()
@transaction.atomic
def end_offer(
    offer: Agreement,
    *,
    actor: Any,
    reason: str,
    note: str = "",
    at: dt.datetime | None = None,
    system: bool = False,
) -> Agreement:
    """Record the vendor's withdrawal (or the expiry) of a general offer; tell every subscriber."""
    authorize(actor, "agreement.edit", offer, system=system)
    if reason not in OfferEnd.values:
        raise ValidationError({"reason": "Choose withdrawn or expired."})
    if not offer.general_offer:
        raise ValidationError({"reason": "This agreement carries no general offer."})
    at = at or timezone.now()
    note = note.strip()[:500]
    claimed = Agreement.objects.filter(pk=offer.pk, offer_ended_at__isnull=True).update(
        offer_ended_at=at, offer_end_reason=reason, offer_end_note=note
    )
    if not claimed:
        raise ValidationError({"reason": "The end of this general offer is already recorded."})
    offer.refresh_from_db()
    event = "agreement.offer_withdrawn" if reason == OfferEnd.WITHDRAWN else "agreement.offer_expired"
    record(offer.district, event, actor=actor, subject=offer, details={"at": at.isoformat(), "note": note})
    label = OfferEnd(reason).label.lower()
    for sub in offer.subscriptions.select_related("district"):
        record(  # the originating district's note stays with it
            sub.district, "agreement.parent_offer_ended", actor=actor, subject=sub,
            details={"offer": offer.pk, "offer_district": offer.district.slug, "reason": reason,
                     "at": at.isoformat()},
        )  # fmt: skip
        mail_staff_on_commit(
            sub.district, [Role.ADMIN], f"General offer {label}: {offer.vendor}",
            f"{offer.vendor}'s general offer (from {offer.district.name}), which your agreement "
            f"“{sub.title}” adopts, was {label} on {timezone.localtime(at, sub.district.tz):%B %-d, %Y}.\n"
            "Your existing subscription stays on record; review whether it needs a new agreement.",
            kind="agreement.parent_offer_ended", key=f"offer:{offer.pk}:ended:{sub.pk}", about=sub,
        )  # fmt: skip
    return offer
