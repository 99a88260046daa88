"""Reads of notices: the staff list, a sent notice's delivery totals, and the public postings (no
personal data: titles, public words, the contract's public copy; never a recipient or a count)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast

from vetted.agreements.models import Agreement, AgreementDocument
from vetted.agreements.selectors import public_agreements
from vetted.catalog.models import DataElement
from vetted.districts.models import District
from vetted.outbox.models import Message

from .models import Notice, NoticeKind, NoticeStatus, Recipient

SUBJECT_TYPE = "notices.recipient"


def postings(district: District) -> QuerySet[Notice]:
    """Sent notices the district chose to post, newest first."""
    return (
        Notice.objects.filter(
            district=district, status=NoticeStatus.SENT, post_publicly=True, posted_at__isnull=False
        )
        .select_related("agreement__vendor", "resource__vendor")
        .order_by("-posted_at", "-pk")
    )


def staff_notices(district: District, *, agreement_id: int | None = None) -> QuerySet[Notice]:
    notices = Notice.objects.filter(district=district).select_related("agreement", "resource", "sent_by")
    if agreement_id is not None:
        notices = notices.filter(agreement_id=agreement_id)
    return notices.order_by("status", "-sent_at", "-created_at", "-pk")


def delivery(notice: Notice) -> dict[str, int]:
    """The notice's e-mails by outbox status (queued, sending, sent, bounced, failed)."""
    ids = Recipient.objects.filter(notice=notice).annotate(sid=Cast("pk", CharField())).values("sid")
    rows = (
        Message.objects.filter(district_id=notice.district_id, subject_type=SUBJECT_TYPE, subject_id__in=ids)
        .values("status")
        .annotate(n=Count("pk"))
    )
    totals = dict.fromkeys(Message.Status.values, 0)
    for row in rows:
        totals[row["status"]] = row["n"]
    return totals


def recipient_rows(notice: Notice) -> QuerySet[Recipient]:
    """Admins only: each address or letter with its e-mail's status (personal data: read audited)."""
    return Recipient.objects.filter(notice=notice).order_by("channel", "name", "pk")


def message_status(notice: Notice, recipient_ids: list[int]) -> dict[int, str]:
    rows = Message.objects.filter(
        district_id=notice.district_id,
        subject_type=SUBJECT_TYPE,
        subject_id__in=[str(i) for i in recipient_ids],
    ).values_list("subject_id", "status")
    return {int(sid): status for sid, status in rows}


@dataclass
class Posting:
    """What the public page shows of one notice."""

    notice: Notice
    kind_words: str
    elements: list[DataElement]
    elements_recorded: bool  # False: nobody recorded the list yet (never shown as "none")
    agreement: Agreement | None  # the published agreement, if the notice is about one
    documents: list[AgreementDocument]  # its public copies


KIND_WORDS: dict[str, str] = {
    NoticeKind.CONTRACT_EXECUTED.value: "The district signed a contract",
    NoticeKind.PERMISSION_REQUEST.value: "A request for families' permission",
    NoticeKind.BREACH.value: "A data breach",
}


def posting(district: District, notice: Notice) -> Posting:
    elements: list[DataElement] = []
    recorded = False
    published: Agreement | None = None
    documents: list[AgreementDocument] = []
    if notice.agreement_id is not None:
        agreement: Any = notice.agreement
        elements = list(agreement.data_elements.order_by("position"))
        recorded = bool(elements)  # an agreement's empty Exhibit B means "not recorded", not "none"
        published = public_agreements(district).filter(pk=notice.agreement_id).first()
        if published is not None:
            documents = list(getattr(published, "public_documents", []))
            adopted = published.adopted_document
            if adopted is not None and adopted.public_copy and adopted.agreement.is_publicly_visible:
                documents.append(adopted)
    elif notice.resource_id is not None:
        resource: Any = notice.resource
        elements = list(resource.data_elements.order_by("position"))
        recorded = bool(elements) or resource.data_elements_recorded
    return Posting(notice, KIND_WORDS.get(notice.kind, notice.get_kind_display()), elements, recorded,
                   published, documents)  # fmt: skip
