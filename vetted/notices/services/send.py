"""Sending a notice: its exact text per language, one recipient row per address or letter, one
outbox row per e-mail, in one transaction. The worker delivers; the office prints the letters.

Sending a contract-executed notice meets the agreement's `family_notice_of_contract` obligation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from vetted.agreements.models import AgreementStatus
from vetted.audit.services import record
from vetted.clocks.models import ObligationStatus
from vetted.clocks.services import close_about
from vetted.kit.bulk import insert_rows
from vetted.outbox.services import Draft, queue_many
from vetted.rosters.models import Person
from vetted.rosters.selectors import students_using

from .. import links, recipients, wording
from ..models import (
    Channel,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeTemplate,
    NoticeText,
    Recipient,
    RecipientStudent,
)

CONTRACT_OBLIGATION = "family_notice_of_contract"
BATCH = 2000


def available_languages(notice: Notice) -> set[str]:
    """Languages this notice can be sent in: shipped texts for its kind and the district's own."""
    shipped = {code for code in wording.shipped_languages() if wording.shipped_wording(code, notice.kind)}
    own = set(
        NoticeTemplate.objects.filter(district=notice.district, kind=notice.kind).values_list(
            "language", flat=True
        )
    )
    return shipped | own


def wording_for(notice: Notice, code: str) -> wording.Wording:
    own = NoticeTemplate.objects.filter(district=notice.district, kind=notice.kind, language=code).first()
    if own is not None:
        return wording.Wording(own.subject, own.body)
    shipped = wording.shipped_wording(code, notice.kind) or wording.shipped_wording(
        wording.DEFAULT_LANGUAGE, notice.kind
    )
    assert shipped is not None  # every kind ships in English
    return shipped


def public_url(notice: Notice) -> str:
    path = reverse("public-notice", kwargs={"district_slug": notice.district.slug, "pk": notice.pk})
    return settings.SITE_URL.rstrip("/") + path


def _elements(notice: Notice, lang: wording.Language) -> str:
    if notice.agreement_id is not None:
        elements = list(notice.agreement.data_elements.order_by("position"))  # type: ignore[union-attr]
        recorded_none = False
    elif notice.resource_id is not None:
        elements = list(notice.resource.data_elements.order_by("position"))  # type: ignore[union-attr]
        recorded_none = notice.resource.data_elements_recorded  # type: ignore[union-attr]
    else:
        return str(notice.facts.get("information_involved", ""))
    if not elements:
        return lang.collects_none if recorded_none else lang.nothing_recorded
    return "\n".join(f"- {lang.elements.get(e.code, e.name)}" for e in elements)


def common_values(notice: Notice, lang: wording.Language) -> dict[str, str]:
    """Every placeholder but the per-family ones, in this language."""
    district = notice.district
    agreement, resource = notice.agreement, notice.resource
    day = (agreement.executed_date if agreement is not None else None) or timezone.localdate(
        notice.sent_at or timezone.now(), district.tz
    )
    vendor = (
        agreement.vendor.legal_name
        if agreement is not None
        else resource.vendor.legal_name
        if resource is not None
        else ""
    )
    contact = district.public_contact_email or district.public_contact_name or district.name
    values = {
        "district": district.name, "title": notice.title, "date": lang.date(day),
        "description": notice.description, "purpose": notice.purpose,
        "resource": resource.name if resource is not None else notice.title, "vendor": vendor,
        "data_collected": _elements(notice, lang), "contact": contact,
    }  # fmt: skip
    for name in ("what_happened", "information_involved", "what_we_are_doing", "what_you_can_do"):
        values.setdefault(name, str(notice.facts.get(name, "")))
    return values


def students_for(notice: Notice) -> QuerySet[Person]:
    """The students a contract or permission notice concerns, from the decisions and the roster."""
    if notice.kind == NoticeKind.PERMISSION_REQUEST and notice.resource is not None:
        return students_using(notice.district, notice.resource)
    if notice.kind == NoticeKind.CONTRACT_EXECUTED and notice.agreement is not None:
        resources = list(notice.agreement.resources.all())
        if len(resources) == 1:
            return students_using(notice.district, resources[0])
        # Several resources: the union, as one query of subqueries (no id list in Python).
        union = Person.objects.none()
        for resource in resources:
            union = union | Person.objects.filter(
                pk__in=students_using(notice.district, resource).values("pk")
            )
        return union.distinct()
    return Person.objects.none()


def check_sendable(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError({"status": "This notice was already sent."})
    if notice.kind == NoticeKind.CONTRACT_EXECUTED:
        if notice.agreement is None:
            raise ValidationError({"agreement": "Choose the agreement this notice is about."})
        if notice.agreement.status != AgreementStatus.FULLY_EXECUTED:
            raise ValidationError({"agreement": "Send this notice once the agreement is fully executed."})
    if notice.kind == NoticeKind.PERMISSION_REQUEST and notice.resource is None:
        raise ValidationError({"resource": "Choose the resource families are asked about."})


@transaction.atomic
def send_notice(notice: Notice, *, actor: Any, students: QuerySet[Person] | None = None) -> Notice:
    """Render, plan and queue the notice; meet its obligation; audit it. Refused if already sent."""
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("district", "agreement__vendor", "resource__vendor")
        .get(pk=notice.pk)
    )
    check_sendable(notice)
    district = notice.district
    available = available_languages(notice)
    people = recipients.load_students(students if students is not None else students_for(notice))
    planned = recipients.plan(people, include_students=notice.include_students, available=available)
    used = {p.language for p in planned} | {wording.DEFAULT_LANGUAGE}
    texts: dict[str, tuple[wording.Language, wording.Compiled, wording.Compiled]] = {}
    for code in sorted(used):
        lang = wording.language(code)
        src = wording_for(notice, code)
        values = common_values(notice, lang)
        subject = wording.render(wording.compile_text(src.subject), values, keep=wording.PER_RECIPIENT)
        body = wording.render(wording.compile_text(src.body), values, keep=wording.PER_RECIPIENT)
        NoticeText.objects.create(notice=notice, language=code, subject=subject, body=body,
                                  sha256=wording.version_hash(subject, body))  # fmt: skip
        texts[code] = (lang, wording.compile_text(subject), wording.compile_text(body))
    shared_link = public_url(notice)
    asks = notice.kind == NoticeKind.PERMISSION_REQUEST
    counts: dict[str, Any] = {"students": len(people), "emails": 0, "letters": 0, "languages": {}}

    answer_url = links.answer_url_maker(district.slug)
    recipient_columns = ("district_id", "notice_id", "person_id", "channel", "email", "name", "language",
                         "token_nonce")  # fmt: skip

    def drafts() -> Iterator[Draft]:
        for start in range(0, len(planned), BATCH):
            chunk = planned[start : start + BATCH]
            nonces = [links.new_nonce() for _ in chunk]
            ids = insert_rows(Recipient, recipient_columns, (
                (district.pk, notice.pk, p.person_id, p.channel, p.email, p.name[:300], p.language, nonce)
                for p, nonce in zip(chunk, nonces, strict=True)
            ), returning=True)  # fmt: skip
            insert_rows(RecipientStudent, ("district_id", "recipient_id", "student_id"),
                        ((district.pk, rid, s) for rid, p in zip(ids, chunk, strict=True) for s in p.student_ids))  # fmt: skip
            for rid, nonce, p in zip(ids, nonces, chunk, strict=True):
                counts["languages"][p.language] = counts["languages"].get(p.language, 0) + 1
                if p.channel != Channel.EMAIL:
                    counts["letters"] += 1
                    continue
                counts["emails"] += 1
                lang, subject, body = texts[p.language]  # resolved once per language, not per family
                link = answer_url(rid, nonce) if asks else shared_link
                per = {"students": lang.join([people[s].first_name for s in p.student_ids]), "link": link}
                yield Draft(key=f"notice:{notice.pk}:{rid}", to=p.email, subject=wording.render(subject, per),
                            body=wording.render(body, per), subject_type="notices.recipient",
                            subject_id=str(rid))  # fmt: skip

    queue_many(district, f"notice.{notice.kind}", drafts())
    now = timezone.now()
    notice.status, notice.sent_at, notice.sent_by, notice.counts = NoticeStatus.SENT, now, actor, counts
    notice.posted_at = now if notice.post_publicly else None
    notice.save(update_fields=["status", "sent_at", "sent_by", "counts", "posted_at"])
    record(district, "notice.sent", actor=actor, subject=notice,
           details={"kind": notice.kind, **counts})  # fmt: skip
    if notice.kind == NoticeKind.CONTRACT_EXECUTED and notice.agreement is not None:
        close_about(notice.agreement, kinds=[CONTRACT_OBLIGATION], status=ObligationStatus.DONE, actor=actor,
                    reason=f"Notice sent to {counts['emails']} addresses and {counts['letters']} letters.")  # fmt: skip
    return notice
