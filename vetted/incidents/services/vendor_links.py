"""A vendor's secure reporting link: no account; signed with the server's key over (link id, nonce);
bound to one vendor and one district; expires (VETTED_INCIDENT_LINK_DAYS, 30 by default) and can be
revoked. The report it carries is recorded like staff's, as "reported by the vendor", and its
awareness time is when it arrived (the vendor's notice reached the district then)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog.models import Vendor
from vetted.districts.models import District
from vetted.documents import storage
from vetted.documents.checks import check_upload
from vetted.kit.links import LinkState, read_link, sign_link
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review import DocumentError

from ..models import Incident, ReportedVia, VendorLink
from .recording import add_attachment, record_incident

SALT = "vetted.incidents.vendor-link"


def link_days() -> int:
    return int(getattr(settings, "VETTED_INCIDENT_LINK_DAYS", 30))


def make_token(link: VendorLink) -> str:
    return sign_link(SALT, link.pk, link.nonce)


def link_url(link: VendorLink) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("vendor-incident-report", args=[make_token(link)])


@transaction.atomic
def create_link(district: District, vendor: Vendor, *, actor: Any) -> VendorLink:
    link = VendorLink.objects.create(
        district=district, vendor=vendor, created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=link_days()),
    )  # fmt: skip
    record(district, "incident.vendor_link_created", actor=actor, subject=link,
           details={"vendor": vendor.legal_name, "expires_at": link.expires_at.isoformat()})  # fmt: skip
    return link


@transaction.atomic
def revoke_link(link: VendorLink, *, actor: Any) -> None:
    if link.revoked_at is None:
        VendorLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        record(link.district, "incident.vendor_link_revoked", actor=actor, subject=link,
               details={"vendor": link.vendor.legal_name})  # fmt: skip


def read_token(token: str, *, now: dt.datetime | None = None) -> tuple[LinkState, VendorLink | None]:
    """The link a token names and whether it may be used (vetted.kit.links)."""
    rows = VendorLink.objects.select_related("district", "vendor")
    return read_link(token, salt=SALT, rows=rows, max_days=link_days(), now=now)


def report(link: VendorLink, *, data: dict[str, Any], upload: UploadedFile[Any] | None = None) -> Incident:
    """The vendor's report. The vendor and district come from the link, never from the form: a
    report naming another vendor (or another vendor's product) is refused."""
    if data.get("vendor") not in (None, link.vendor):
        raise ValidationError({"vendor": "This link is for another vendor; it cannot report for this one."})
    checked_name = None
    if upload is not None:
        refuse_if_too_large(upload.size or 0)
        upload.seek(0)
        try:
            check_upload(upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1), upload_name(upload))
        except DocumentError as exc:
            raise ValidationError(
                {"file": f"“{upload_name(upload)}” was not attached: {exc.message}"}
            ) from None
        checked_name = upload_name(upload)
    now = timezone.now()
    actor = f"vendor link {link.pk} ({link.vendor.legal_name})"
    district = link.district
    facts = {**data, "vendor": link.vendor, "district_aware_at": now, "vendor_notice_at": now}
    facts.setdefault("awareness_gap_reason", "")
    if facts.get("vendor_discovered_at") and facts["vendor_discovered_at"] < now:
        facts["awareness_gap_reason"] = (
            "The district learned of it from the vendor's report through its secure link, when the report arrived."
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            incident = record_incident(district, actor=actor, data=facts, via=ReportedVia.VENDOR_LINK)
            if upload is not None:
                attachment = add_attachment(incident, upload, actor=actor, from_vendor=True)
                stored.append(attachment.stored_path)
            record(district, "incident.vendor_reported", actor=actor, subject=incident,
                   details={"link": link.pk, "vendor": link.vendor.legal_name, "file": checked_name})  # fmt: skip
    except BaseException:
        for path in stored:
            storage.delete(path)
        raise
    return incident
