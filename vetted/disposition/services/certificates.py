"""Certificates of disposition: submitted by the vendor through its link (rendered to a PDF and kept
with the agreement), or received on paper and uploaded by staff (checked by vetted.documents); then
accepted by staff. The agreement is always the obligation's (for a vendor, the link's): a certificate
that claims another agreement is refused, never attached to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from vetted.agreements.services import documents
from vetted.audit.services import record
from vetted.clocks.models import ObligationStatus
from vetted.clocks.services import close_about
from vetted.districts.models import Role
from vetted.documents import storage
from vetted.documents.checks import check_upload
from vetted.kit.localtime import format_local
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.outbox.services import mail_staff_on_commit
from vetted.review import DocumentError

from ..models import (
    DispositionCertificate,
    DispositionLink,
    DispositionObligation,
    DispositionStatus,
    Via,
)
from .due import KIND
from .pdf import render_certificate

ATTESTED_FIELDS = (
    "extent", "categories", "method", "method_detail", "disposed_on", "backups_included", "backups_note",
    "signer_name", "signer_title", "signer_organisation", "signer_email",
)  # fmt: skip


class LinkSpent(Exception):
    """The link was used, revoked or its obligation no longer waits for a certificate."""


def _lock(ob: DispositionObligation) -> DispositionObligation:
    return (
        DispositionObligation.objects.select_for_update()
        .select_related("district", "agreement", "agreement__vendor")
        .get(pk=ob.pk)
    )


def _claimed_other(ob: DispositionObligation, claimed: Any) -> bool:
    """A submitted agreement id (a hidden field someone changed) that is not the link's agreement."""
    if claimed in (None, ""):
        return False
    return str(claimed).strip() != str(ob.agreement_id)


def _received(ob: DispositionObligation, cert: DispositionCertificate, actor: Any, reason: str) -> None:
    now = cert.submitted_at
    ob.status, ob.received_at = DispositionStatus.RECEIVED, now
    ob.save(update_fields=["status", "received_at"])
    for link in ob.links.filter(revoked_at__isnull=True, used_at__isnull=True):
        DispositionLink.objects.filter(pk=link.pk).update(revoked_at=now)
    close_about(ob.agreement, kinds=[KIND], status=ObligationStatus.DONE, actor=actor, reason=reason[:1000])
    late = now > ob.due_at
    record(
        ob.district, "disposition.certificate_received", actor=actor, subject=ob,
        details={"certificate": cert.pk, "via": cert.via, "document": cert.document_id, "sha256": cert.sha256,
                 "agreement": ob.agreement_id, "late": late, "disposed_on": cert.disposed_on,
                 "signer": cert.signer_name},
    )  # fmt: skip
    mail_staff_on_commit(
        ob.district, [Role.ADMIN], f"Certificate of data disposition received: {ob.agreement.title}",
        f"{ob.agreement.vendor.legal_name}'s certificate for “{ob.agreement.title}” arrived "
        f"{format_local(now, ob.district.tz)}{' (late)' if late else ''}. Review and accept it:\n"
        f"{ob.staff_url()}",
        kind="disposition.received", key=f"disposition:{ob.pk}:received:{cert.pk}", about=ob,
    )  # fmt: skip


def submit_through_link(
    link: DispositionLink, *, data: dict[str, Any], claimed_agreement: Any = None
) -> DispositionCertificate:
    """The vendor's certificate through its link: spends the link (once), renders the PDF, keeps it
    with the link's agreement. Raises LinkSpent, or ValidationError for a certificate that claims
    another agreement or is not attested."""
    if not data.get("attested"):
        raise ValidationError({"attested": "Tick the attestation to sign the certificate."})
    stored_path = ""
    try:
        with transaction.atomic():
            link = DispositionLink.objects.select_related("obligation").get(pk=link.pk)
            ob = _lock(link.obligation)
            if _claimed_other(ob, claimed_agreement):
                raise ValidationError(
                    {"agreement": "This link is for another agreement; a certificate sent through it can "
                                  "only be for the agreement it was sent for."}
                )  # fmt: skip
            if not ob.waiting:
                raise LinkSpent
            now = timezone.now()
            spent = DispositionLink.objects.filter(
                pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            if not spent:
                raise LinkSpent
            actor = f"vendor link {link.pk} ({ob.agreement.vendor.legal_name})"
            cert = DispositionCertificate(
                district=ob.district, obligation=ob, agreement=ob.agreement, via=Via.VENDOR_LINK, link=link,
                attested=True, submitted_at=now, **{k: data.get(k) for k in ATTESTED_FIELDS if k in data},
            )  # fmt: skip
            cert.categories = [str(c)[:200] for c in (data.get("categories") or [])][:60]
            for field in (
                "method_detail",
                "backups_note",
                "signer_name",
                "signer_title",
                "signer_organisation",
            ):
                setattr(cert, field, (getattr(cert, field) or "").strip())
            pdf = render_certificate(cert)
            day = timezone.localdate(now, timezone=ob.district.tz).isoformat()
            document = documents.add_generated_pdf(
                ob.agreement, pdf, name=f"certificate-of-disposition-{ob.agreement_id}-{day}.pdf",
                label="Certificate of data disposition (from the vendor's link)", actor=actor,
            )  # fmt: skip
            stored_path = f"agreements/{document.stored_name}"
            cert.document, cert.sha256 = document, document.sha256
            cert.save()
            _received(ob, cert, actor, f"Certificate of disposition received from the vendor ({cert.signer_name}, "
                                       f"{cert.signer_organisation}); disposed of on {cert.disposed_on}.")  # fmt: skip
    except BaseException:
        if stored_path:
            storage.delete(stored_path)
        raise
    return cert


@transaction.atomic
def record_paper(
    ob: DispositionObligation, upload: UploadedFile[Any], *, actor: Any, disposed_on: dt.date | None,
    signer_name: str = "", note: str = "",
) -> DispositionCertificate:  # fmt: skip
    """A certificate that came on paper (or by e-mail): the scan, as a PDF, through the documents
    checks, kept with the agreement; the live links stop."""
    ob = _lock(ob)
    if not ob.waiting:
        raise ValidationError({"file": "A certificate was already received for this agreement."})
    if disposed_on and disposed_on > timezone.localdate(timezone=ob.district.tz):
        raise ValidationError({"disposed_on": "The date cannot be in the future."})
    refuse_if_too_large(upload.size or 0)
    upload.seek(0)
    try:
        check_upload(upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1), upload_name(upload), kinds={"pdf"})
    except DocumentError as exc:
        raise ValidationError({"file": f"“{upload_name(upload)}” was not kept: {exc.message}"}) from None
    document = documents.add_document(
        ob.agreement,
        upload,
        actor=actor,
        label="Certificate of data disposition (received on paper)",
        review=False,
    )
    cert = DispositionCertificate.objects.create(
        district=ob.district, obligation=ob, agreement=ob.agreement, via=Via.PAPER, document=document,
        sha256=document.sha256, disposed_on=disposed_on, signer_name=(signer_name or "").strip()[:200],
        note=(note or "").strip()[:1000], recorded_by=actor if isinstance(actor, get_user_model()) else None,
        submitted_at=timezone.now(),
    )  # fmt: skip
    _received(ob, cert, actor, f"Certificate of disposition received on paper, recorded by {actor}.")
    return cert


@transaction.atomic
def accept(ob: DispositionObligation, *, actor: Any, note: str = "") -> DispositionObligation:
    """Staff read the certificate and accept it: the disposition is complete."""
    ob = _lock(ob)
    if ob.status != DispositionStatus.RECEIVED:
        raise ValidationError({"note": "Only a received certificate can be accepted."})
    ob.status, ob.accepted_at, ob.accepted_by = DispositionStatus.ACCEPTED, timezone.now(), actor
    ob.save(update_fields=["status", "accepted_at", "accepted_by"])
    record(ob.district, "disposition.certificate_accepted", actor=actor, subject=ob,
           details={"agreement": ob.agreement_id, "note": (note or "").strip()[:500]})  # fmt: skip
    return ob
