"""Contract review verbs: review a file against a pack stack; queue and re-run the review of an
agreement document; build the amendment letter to the vendor and record that it was sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from vetted.agreements.models import Agreement, AgreementDocument
from vetted.agreements.models.agreement import NONCOMPLIANT_STATUSES
from vetted.audit.services import record, record_read
from vetted.clocks.packs import district_pack_ids, district_stack
from vetted.districts.models import District, Membership, Role
from vetted.documents.checks import read_limits
from vetted.documents.models import Purpose, ReadJob
from vetted.documents.queue import queue_fields
from vetted.documents.services import queue_read
from vetted.review import Limits, ReviewResult, review_bytes
from vetted.review.amendment import (
    AmendmentRequest,
    detect_parties,
    items_from_findings,
    render_docx,
    render_pdf,
)
from vetted.rules import available_packs, load_stack

from ..models.review import DocumentReview
from ..policies import authorize


def review_limits() -> Limits:
    return read_limits()


class UnknownPack(ValueError):
    """A pack id that is not one of the available packs; the message names it."""


def check_pack_ids(packs: Sequence[str]) -> None:
    known = set(available_packs())
    unknown = [p for p in packs if p not in known]
    if unknown:
        raise UnknownPack(f"No rule pack named {unknown[0]!r}. Available packs: {', '.join(sorted(known))}.")


def pack_ids_for(district: District | None, packs: Sequence[str]) -> list[str]:
    """Explicit packs win; otherwise the district's stack; with neither, federal law only."""
    if packs:
        return list(packs)
    if district is not None:
        return district_pack_ids(district)
    return ["us-federal"]


def review_contract(
    data: bytes, filename: str, *, district: District | None = None, packs: Sequence[str] = ()
) -> tuple[ReviewResult, list[str]]:
    """Read a file here and now — for the command line only; a web process queues it instead
    (queue_contract_review). Raises vetted.review.DocumentError for a document we refuse,
    vetted.rules.PackError for a bad pack (the loader refuses any id that is not a safe slug)."""
    pack_ids = pack_ids_for(district, packs)
    stack = load_stack(pack_ids)
    state = district.state if district is not None else stack.state
    result = review_bytes(
        data, filename, requirements=stack.required_provisions(), district_state=state, limits=review_limits()
    )
    return result, pack_ids


def queue_contract_review(district: District, data: bytes, filename: str, *, packs: Sequence[str],
                          actor: Any) -> ReadJob:  # fmt: skip
    """Check and store the file, queue its read by the worker. Raises UnknownPack for a pack id that
    is not available, PackError for a broken stack, DocumentError for a file the checks refuse."""
    check_pack_ids(packs)
    pack_ids = pack_ids_for(district, packs)
    stack = load_stack(pack_ids)  # trusted pack files: refuse a broken stack now, not in the worker
    job = queue_read(
        district, data, filename, purpose=Purpose.CONTRACT_REVIEW, area="reviews", actor=actor,
        packs=pack_ids, state=district.state or stack.state or "",
    )  # fmt: skip
    return job


# --- the review of an uploaded agreement document (run by the worker, see tasks.py) ----------


def queue_review(document: AgreementDocument, *, actor: Any) -> DocumentReview:
    """Queue (or re-queue) the automatic review of a document. Call inside the caller's transaction,
    so a document never exists without its queued review, nor a review without its document."""
    fields = {"district": document.agreement.district, **queue_fields(actor)}
    review, _created = DocumentReview.objects.update_or_create(document=document, defaults=fields)
    return review


@transaction.atomic
def rerun_review(document: AgreementDocument, *, actor: Any) -> DocumentReview:
    """Review the document again (new rules, a new pack). A run in progress loses its claim: its
    result is dropped and the new run's result is kept."""
    agreement = document.agreement
    review = queue_review(document, actor=actor)
    record(agreement.district, "agreement.document_review_requested", actor=actor, subject=agreement,
           details={"document": document.pk, "name": document.original_name})  # fmt: skip
    return review


# --- the amendment request to the vendor ------------------------------------------------------

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "pdf": ("application/pdf", render_pdf),
}


@dataclass(frozen=True)
class AmendmentFile:
    content: bytes
    filename: str
    content_type: str


def _contract_text(agreement: Agreement) -> str:
    """The text of the agreement's most recently reviewed document, as the worker read it."""
    review = (
        DocumentReview.objects.filter(document__agreement=agreement, sentences__isnull=False)
        .order_by("-document__uploaded_at")
        .only("sentences")
        .first()
    )
    return " ".join(str(s.get("text", "")) for s in (review.sentences or [])) if review else ""


def _signer(agreement: Agreement, actor: Any) -> tuple[str, str]:
    name = getattr(actor, "display_name", "") or str(actor)
    title = getattr(actor, "position", "")
    if not title:
        membership = Membership.objects.filter(user=actor, district=agreement.district).first()
        title = "Data Privacy Officer" if membership is None or membership.role == Role.ADMIN else (
            membership.get_role_display())  # fmt: skip
    return name, title


def build_amendment(agreement: Agreement, *, actor: Any, fmt: str) -> AmendmentFile:
    """The amendment letter for every provision marked missing, insufficient or in conflict, in the
    contract's own defined terms, signed by `actor`. Changes nothing but the audit trail, which records
    the download; recording that it was sent is `record_amendment_sent`."""
    authorize(actor, "agreement.edit", agreement)
    if fmt not in FORMATS:
        raise ValidationError({"format": "Choose docx or pdf."})
    district = agreement.district
    checks = list(agreement.checks.filter(status__in=NONCOMPLIANT_STATUSES))
    if not checks:
        raise ValidationError("No required provision is marked missing, insufficient or in conflict.")
    rules = {
        m.provision_id: {"params": dict(m.params), "citation": m.citation}
        for m in district_stack(district).required_provisions()
    }
    findings = [
        {"id": c.provision_id, "status": c.status, "reason": c.note, "evidence": c.evidence or []}
        for c in checks
    ]
    today = timezone.localdate(timezone=district.tz)
    signer_name, signer_title = _signer(agreement, actor)
    contact = " · ".join(x for x in (district.public_contact_email, district.public_contact_phone) if x)
    letter = AmendmentRequest(
        district_name=district.name, vendor_name=agreement.vendor.legal_name, agreement_title=agreement.title,
        items=tuple(items_from_findings(findings, rules)), contact=contact, issued_on=today,
        parties=detect_parties(_contract_text(agreement)), signer_name=signer_name, signer_title=signer_title,
    )  # fmt: skip
    content_type, render = FORMATS[fmt]
    stem = slugify(f"amendment request {agreement.vendor.legal_name} {today.isoformat()}")[:80]
    file = AmendmentFile(render(letter), f"{stem}.{fmt}", content_type)
    record_read(district, "agreement.amendment_downloaded", actor=actor, subject=agreement,
                details={"file": file.filename, "provisions": [c.provision_id for c in checks]})  # fmt: skip
    return file


@transaction.atomic
def record_amendment_sent(
    agreement: Agreement, *, actor: Any, sent_on: dt.date | None = None, note: str = ""
) -> Agreement:
    """A person records that the amendment letter went to the vendor: the date (today in the
    district's zone unless given) is stamped as the day the vendor was asked, and audited."""
    agreement = (
        Agreement.objects.select_for_update().select_related("district", "vendor").get(pk=agreement.pk)
    )
    authorize(actor, "agreement.edit", agreement)
    district = agreement.district
    gaps = list(
        agreement.checks.filter(status__in=NONCOMPLIANT_STATUSES).values_list("provision_id", flat=True)
    )
    if not gaps:
        raise ValidationError("No required provision is marked missing, insufficient or in conflict.")
    today = timezone.localdate(timezone=district.tz)
    sent_on = sent_on or today
    if sent_on > today:
        raise ValidationError({"sent_on": "The letter cannot have been sent after today."})
    before = agreement.amendment_requested_on
    agreement.amendment_requested_on = sent_on
    agreement.save(update_fields=["amendment_requested_on", "updated_at"])
    record(
        district, "agreement.amendment_sent", actor=actor, subject=agreement,
        details={"provisions": gaps, "sent_on": sent_on, "before": before, "note": note.strip()[:500]},
    )  # fmt: skip
    return agreement
