"""Recording families' answers to a permission request: through their signed link (once), on a
paper reply slip (by staff), and taking permission back through the receipt's withdrawal link (once).

Each answer is one new Consent row per student; nothing is ever changed or deleted. Using a link is
a compare-and-swap on its one-time column (Recipient.answered_at, ConsentReceipt.withdrawn_at), so
two submissions of the same form record once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.permissions import can
from vetted.kit.localtime import to_local
from vetted.outbox.services import queue
from vetted.rosters.models import Person

from .. import consent, wording
from ..models import (
    AnswerChannel,
    Consent,
    ConsentReceipt,
    Decision,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeText,
    Recipient,
    RecipientStudent,
    Relationship,
)

FAMILY = "family (signed link)"  # the audit trail's actor for an answer given through a link
ANSWERS = (Decision.CONSENT, Decision.DECLINE)


class LinkAlreadyUsed(Exception):
    """The link was used in the meantime (another tab, a double click): nothing was recorded."""


class NothingToWithdraw(Exception):
    """None of the receipt's students has permission given any more: nothing was recorded."""


@dataclass
class Answer:
    consents: list[Consent] = field(default_factory=list)
    receipt: ConsentReceipt | None = None
    receipt_sent_to: str = ""


def asks_for_answer(notice: Notice) -> bool:
    return (
        notice.kind == NoticeKind.PERMISSION_REQUEST
        and notice.status == NoticeStatus.SENT
        and notice.resource_id is not None
    )


def text_for(notice: Notice, language: str) -> NoticeText | None:
    """The exact text the notice was sent with in this language (English when it has none)."""
    texts = {t.language: t for t in NoticeText.objects.filter(notice=notice)}
    return texts.get(language) or texts.get(wording.DEFAULT_LANGUAGE)


def recipient_students(recipient: Recipient) -> list[Person]:
    """The students this recipient was told about (and may answer for), first names in order."""
    ids = RecipientStudent.objects.filter(recipient=recipient).values("student_id")
    return list(
        Person.objects.filter(pk__in=ids, district=recipient.district_id).order_by("given_name", "pk")
    )


def _check_answer(
    recipient: Recipient, decisions: dict[int, str], typed_name: str, relationship: str
) -> None:
    if not asks_for_answer(recipient.notice):
        raise ValidationError("This notice does not ask for an answer.")
    if not typed_name.strip():
        raise ValidationError({"typed_name": "Type your full name."})
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose your relationship to the student."})
    allowed = set(RecipientStudent.objects.filter(recipient=recipient).values_list("student_id", flat=True))
    if set(decisions) != allowed:
        raise ValidationError("Answer for each of your children, and only for them.")
    if any(value not in ANSWERS for value in decisions.values()):
        raise ValidationError("Each answer is yes or no.")


@transaction.atomic
def record_answer(
    recipient: Recipient, *, decisions: dict[int, str], typed_name: str, relationship: str,
    client_ip: str | None, user_agent: str = "",
) -> Answer:  # fmt: skip
    """Record the family's answer for each of its students, once per link: one Consent row each,
    with the exact text's hash and language; e-mail a receipt carrying a withdrawal link when
    permission was given. Raises LinkAlreadyUsed if the link was used meanwhile."""
    recipient = Recipient.objects.select_related("notice__resource", "district").get(pk=recipient.pk)
    _check_answer(recipient, decisions, typed_name, relationship)
    now = timezone.now()
    if not Recipient.objects.filter(pk=recipient.pk, answered_at__isnull=True).update(answered_at=now):
        raise LinkAlreadyUsed
    notice, district = recipient.notice, recipient.district
    assert notice.resource is not None  # asks_for_answer
    text = text_for(notice, recipient.language)
    gives = any(value == Decision.CONSENT for value in decisions.values())
    receipt = (
        ConsentReceipt.objects.create(district=district, recipient=recipient, nonce=consent.new_nonce())
        if gives
        else None
    )
    rows = Consent.objects.bulk_create(
        [
            Consent(district=district, resource=notice.resource, student_id=student_id,
                    guardian_id=recipient.person_id, recipient=recipient, notice=notice, receipt=receipt,
                    decision=value, typed_name=typed_name.strip()[:200], relationship=relationship,
                    text_sha256=text.sha256 if text else "", language=text.language if text else "",
                    channel=AnswerChannel.EMAIL_LINK, client_ip=client_ip, user_agent=user_agent[:200],
                    recorded_at=now)
            for student_id, value in sorted(decisions.items())
        ]
    )  # fmt: skip
    answer = Answer(consents=rows, receipt=receipt)
    if recipient.email:
        answer.receipt_sent_to = recipient.email
        _queue_receipt(recipient, decisions, receipt, now)
    record(district, "consent.recorded", actor=FAMILY, subject=recipient, details={
        "notice": notice.pk, "resource": notice.resource_id, "channel": AnswerChannel.EMAIL_LINK,
        "students": len(rows), "consent": sum(1 for r in rows if r.decision == Decision.CONSENT),
        "decline": sum(1 for r in rows if r.decision == Decision.DECLINE),
        "text_sha256": text.sha256 if text else "", "language": text.language if text else "",
        "consents": [r.pk for r in rows],
    })  # fmt: skip
    return answer


def _when(lang: wording.Language, moment: Any, district: Any) -> str:
    local = to_local(moment, district)
    return f"{lang.date(local.date())}, {local:%H:%M} ({district.time_zone})"


def _queue_receipt(
    recipient: Recipient, decisions: dict[int, str], receipt: ConsentReceipt | None, now: Any
) -> None:
    district, notice = recipient.district, recipient.notice
    resource = notice.resource.name if notice.resource else notice.title
    lang = wording.language(recipient.language)
    names = {p.pk: p.first_name for p in recipient_students(recipient)}
    lines = [lang.label("receipt_intro", resource=resource, when=_when(lang, now, district)), ""]
    for student_id, value in sorted(decisions.items()):
        answer = lang.label("consent" if value == Decision.CONSENT else "decline")
        lines.append(f"- {names.get(student_id, '')}: {answer}")
    lines.append("")
    if receipt is not None:
        link = consent.withdraw_url(district.slug, receipt.pk, receipt.nonce)
        lines += [lang.label("receipt_withdraw", link=link), ""]
    lines.append(lang.label("contact", contact=district.public_contact_email or district.name))
    queue(district, kind="notice.consent_receipt", to=recipient.email, key=f"consent-receipt:{recipient.pk}",
          subject=lang.label("receipt_subject", resource=resource), body="\n".join(lines) + "\n",
          about=recipient)  # fmt: skip


def withdrawable(receipt: ConsentReceipt) -> list[Person]:
    """The receipt's students whose current answer is still the permission given."""
    resource = receipt.recipient.notice.resource
    ids = list(receipt.consents.filter(decision=Decision.CONSENT).values_list("student_id", flat=True))
    if resource is None or not ids:
        return []
    now = consent.current(receipt.district, resource, ids)
    keep = [pk for pk in ids if now.get(pk) is not None and now[pk].decision == Decision.CONSENT]
    return list(Person.objects.filter(pk__in=keep).order_by("given_name", "pk"))


@transaction.atomic
def withdraw(receipt: ConsentReceipt, *, client_ip: str | None, user_agent: str = "") -> list[Consent]:
    """Take back the permission a receipt recorded: one `withdrawn` row per student who still has
    it, once per withdrawal link. Raises LinkAlreadyUsed or NothingToWithdraw (nothing written)."""
    receipt = ConsentReceipt.objects.select_related("district", "recipient__notice__resource").get(
        pk=receipt.pk
    )
    students = withdrawable(receipt)
    if not students:
        raise NothingToWithdraw
    now = timezone.now()
    if not ConsentReceipt.objects.filter(pk=receipt.pk, withdrawn_at__isnull=True).update(withdrawn_at=now):
        raise LinkAlreadyUsed
    given = {c.student_id: c for c in receipt.consents.filter(decision=Decision.CONSENT)}
    recipient, notice = receipt.recipient, receipt.recipient.notice
    assert notice.resource is not None
    rows = Consent.objects.bulk_create(
        [
            Consent(district=receipt.district, resource=notice.resource, student=s, guardian_id=recipient.person_id,
                    recipient=recipient, notice=notice, receipt=receipt, decision=Decision.WITHDRAWN,
                    typed_name=given[s.pk].typed_name, relationship=given[s.pk].relationship,
                    text_sha256=given[s.pk].text_sha256, language=given[s.pk].language,
                    channel=AnswerChannel.EMAIL_LINK, client_ip=client_ip, user_agent=user_agent[:200],
                    recorded_at=now)
            for s in students
        ]
    )  # fmt: skip
    record(receipt.district, "consent.withdrawn", actor=FAMILY, subject=recipient, details={
        "notice": notice.pk, "resource": notice.resource_id, "students": len(rows),
        "receipt": receipt.pk, "consents": [r.pk for r in rows],
    })  # fmt: skip
    return rows


@transaction.atomic
def record_paper_answer(
    notice: Notice, *, student: Person, decision: str, typed_name: str, relationship: str, language: str,
    actor: Any,
) -> Consent:  # fmt: skip
    """Staff record the answer a family wrote on the letter's reply slip (or a later written
    withdrawal): one Consent row, channel letter_reply, recorded_by the staff member."""
    if not can(actor, "consent.record_paper", notice):
        raise PermissionDenied("Your role in this district does not allow that.")
    if not asks_for_answer(notice):
        raise ValidationError("This notice does not ask for an answer.")
    if (
        student.district_id != notice.district_id
        or not RecipientStudent.objects.filter(recipient__notice=notice, student=student).exists()
    ):
        raise ValidationError({"student": "This notice was not sent about that student."})
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose the family's answer."})
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose who signed."})
    if not typed_name.strip():
        raise ValidationError({"typed_name": "Write the name as signed on the slip."})
    text = NoticeText.objects.filter(notice=notice, language=language).first()
    if text is None:
        raise ValidationError({"language": "The notice was not sent in that language."})
    letter = (
        Recipient.objects.filter(notice=notice, channel="letter", students__student=student)
        .order_by("pk")
        .first()
    )
    assert notice.resource is not None
    row = Consent.objects.create(
        district=notice.district, resource=notice.resource, student=student, recipient=letter, notice=notice,
        decision=decision, typed_name=typed_name.strip()[:200], relationship=relationship,
        text_sha256=text.sha256, language=text.language, channel=AnswerChannel.LETTER_REPLY,
        recorded_at=timezone.now(), recorded_by=actor,
    )  # fmt: skip
    record(notice.district, "consent.recorded", actor=actor, subject=row, details={
        "notice": notice.pk, "resource": notice.resource_id, "channel": AnswerChannel.LETTER_REPLY,
        "students": 1, "decision": decision, "text_sha256": text.sha256, "language": text.language,
    })  # fmt: skip
    return row


PORTAL = "family (portal)"  # the audit trail's actor for an answer given in the family portal
_PORTAL_RELATIONSHIP = {"parent": Relationship.PARENT, "guardian": Relationship.GUARDIAN,
                        "relative": Relationship.OTHER, "student": Relationship.SELF}  # fmt: skip


@transaction.atomic
def record_portal_answer(
    notice: Notice, *, student: Person, member: Person, decision: str, client_ip: str | None,
    user_agent: str = "",
) -> Consent:  # fmt: skip
    """A family member signed in to the portal gives or refuses permission for one student, answering
    a permission request that reached the student. The caller (vetted.rights) has checked that the
    member may act for the student; this checks the notice, the districts and the answer. Refusing
    after a yes is recorded as `withdrawn`. One new Consent row, channel portal."""
    if not asks_for_answer(notice):
        raise ValidationError("This notice does not ask for an answer.")
    if not (student.district_id == member.district_id == notice.district_id):
        raise ValidationError({"student": "This student is not in the notice's district."})
    if not RecipientStudent.objects.filter(recipient__notice=notice, student=student).exists():
        raise ValidationError({"student": "This notice was not sent about that student."})
    if decision not in ANSWERS:
        raise ValidationError({"decision": "Each answer is yes or no."})
    assert notice.resource is not None  # asks_for_answer
    before = consent.current(notice.district, notice.resource, [student.pk]).get(student.pk)
    if decision == Decision.DECLINE and before is not None and before.decision == Decision.CONSENT:
        decision = Decision.WITHDRAWN
    text = text_for(notice, member.language)
    row = Consent.objects.create(
        district=notice.district, resource=notice.resource, student=student, guardian=member,
        notice=notice, decision=decision,
        typed_name=f"{member.given_name} {member.family_name}".strip()[:200],
        relationship=_PORTAL_RELATIONSHIP.get(member.role, Relationship.OTHER),
        text_sha256=text.sha256 if text else "", language=text.language if text else "",
        channel=AnswerChannel.PORTAL, client_ip=client_ip, user_agent=user_agent[:200],
        recorded_at=timezone.now(),
    )  # fmt: skip
    record(notice.district, "consent.recorded", actor=PORTAL, subject=row, details={
        "notice": notice.pk, "resource": notice.resource_id, "channel": AnswerChannel.PORTAL,
        "students": 1, "decision": decision, "member": member.pk,
        "text_sha256": row.text_sha256, "language": row.language,
    })  # fmt: skip
    return row
