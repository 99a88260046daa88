"""Draft notices: started from an executed agreement or a resource approved with parental consent
(their public words prefilled), edited while a draft, and previewed without writing anything."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vetted.agreements.models import Agreement, AgreementStatus
from vetted.audit.services import record
from vetted.catalog.models import DecisionStatus, Resource, ResourceDecision
from vetted.districts.models import District

from .. import recipients, wording
from ..models import Notice, NoticeKind, NoticeStatus
from .send import available_languages, common_values, students_for, wording_for

EDITABLE = ("title", "description", "purpose", "post_publicly", "include_students")
SAMPLE_STUDENTS = ["Alex", "Sam"]  # how the preview fills a family's children


def _decisions(district: District, resources: list[Resource]) -> list[ResourceDecision]:
    return list(
        ResourceDecision.objects.filter(district=district, resource__in=resources).order_by("resource__name")
    )


def prefill_from_agreement(agreement: Agreement) -> dict[str, str]:
    resources = list(agreement.resources.order_by("name"))
    descriptions = [f"{r.name}: {r.description.strip()}" if len(resources) > 1 else r.description.strip()
                    for r in resources if r.description.strip()]  # fmt: skip
    reasons = [d.reason.strip() for d in _decisions(agreement.district, resources) if d.reason.strip()]
    title = ", ".join(r.name for r in resources) or agreement.title
    return {"title": title[:200], "description": "\n".join(descriptions)[:2000],
            "purpose": "\n".join(reasons)[:2000]}  # fmt: skip


def prefill_from_resource(district: District, resource: Resource) -> dict[str, str]:
    reasons = [d.reason.strip() for d in _decisions(district, [resource]) if d.reason.strip()]
    return {"title": resource.name[:200], "description": resource.description.strip()[:2000],
            "purpose": "\n".join(reasons)[:2000]}  # fmt: skip


def _check_subject(
    district: District, kind: str, agreement: Agreement | None, resource: Resource | None
) -> None:
    if kind == NoticeKind.CONTRACT_EXECUTED:
        if agreement is None or agreement.district_id != district.pk:
            raise ValidationError({"agreement": "Choose an agreement of this district."})
        if agreement.status != AgreementStatus.FULLY_EXECUTED:
            raise ValidationError({"agreement": "The agreement is not fully executed yet."})
    elif kind == NoticeKind.PERMISSION_REQUEST:
        consent = ResourceDecision.objects.filter(
            district=district, resource=resource, status=DecisionStatus.APPROVED_WITH_CONSENT
        ).exists() if resource is not None else False  # fmt: skip
        if not consent:
            raise ValidationError(
                {"resource": "Choose a resource approved here with parental notification and permission."}
            )
    else:
        raise ValidationError({"kind": "A breach notice is started from its incident."})


@transaction.atomic
def create_notice(
    district: District, *, kind: str, actor: Any, agreement: Agreement | None = None,
    resource: Resource | None = None,
) -> Notice:  # fmt: skip
    """A draft about one agreement or resource of this district, its public words prefilled."""
    _check_subject(district, kind, agreement, resource)
    if kind == NoticeKind.CONTRACT_EXECUTED:
        assert agreement is not None
        words, resource = prefill_from_agreement(agreement), None
    else:
        assert resource is not None
        words, agreement = prefill_from_resource(district, resource), None
    notice = Notice.objects.create(district=district, kind=kind, agreement=agreement, resource=resource,
                                   created_by=actor, **words)  # fmt: skip
    record(district, "notice.created", actor=actor, subject=notice,
           details={"kind": kind, "agreement": agreement.pk if agreement else None,
                    "resource": resource.pk if resource else None})  # fmt: skip
    return notice


@transaction.atomic
def update_notice(notice: Notice, *, actor: Any, data: dict[str, Any]) -> Notice:
    """Change a draft's public words and choices. A sent notice is kept as it was sent."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError("This notice was already sent; what was sent cannot be changed.")
    changed = [name for name in EDITABLE if name in data and getattr(notice, name) != data[name]]
    for name in changed:
        setattr(notice, name, data[name])
    if not (notice.title or "").strip():
        raise ValidationError({"title": "Give the notice a title."})
    if changed:
        notice.save(update_fields=changed)
        record(notice.district, "notice.updated", actor=actor, subject=notice, details={"changed": changed})
    return notice


@dataclass
class PreviewText:
    code: str
    name: str
    subject: str
    body: str
    own: bool  # the district's own wording (else the product's)


@dataclass
class Preview:
    texts: list[PreviewText]
    students: int
    by_channel: dict[str, int]
    by_language: list[tuple[str, str, int]]  # (code, name, e-mails and letters)
    letters_by_language: dict[str, int]


def preview(notice: Notice) -> Preview:
    """What sending would do, computed the way send_notice does and writing nothing: the text in
    each language it would use, filled with sample per-family values, and the recipient counts."""
    available = available_languages(notice)
    people = recipients.load_students(students_for(notice))
    planned = recipients.plan(people, include_students=notice.include_students, available=available)
    used = sorted({p.language for p in planned} | {wording.DEFAULT_LANGUAGE})
    own = set(notice.district.notice_templates.filter(kind=notice.kind).values_list("language", flat=True))
    texts = []
    for code in used:
        lang = wording.language(code)
        src = wording_for(notice, code)
        values = {**common_values(notice, lang), "students": lang.join(SAMPLE_STUDENTS),
                  "link": "https://…/" + ("(this family's own link)" if notice.kind == NoticeKind.PERMISSION_REQUEST
                                          else "(the public notice)")}  # fmt: skip
        texts.append(PreviewText(code, language_name(code), wording.render(wording.compile_text(src.subject), values),
                                 wording.render(wording.compile_text(src.body), values), code in own))  # fmt: skip
    return Preview(
        texts=texts, students=len(people), by_channel=dict(Counter(p.channel for p in planned)),
        by_language=[(code, language_name(code), n) for code, n in sorted(Counter(p.language for p in planned).items())],
        letters_by_language=dict(sorted(Counter(p.language for p in planned if p.channel == "letter").items())),
    )  # fmt: skip


# Names of languages a district may add (shown beside the code); any other code shows as itself.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "fr": "French", "ht": "Haitian Creole", "hi": "Hindi", "ko": "Korean",
    "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "so": "Somali", "sw": "Swahili", "tl": "Tagalog",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese", "ja": "Japanese", "ne": "Nepali",
    "ps": "Pashto", "fa": "Persian (Farsi)", "am": "Amharic", "my": "Burmese", "km": "Khmer", "hmn": "Hmong",
}  # fmt: skip


def language_name(code: str) -> str:
    shipped = wording.shipped_languages().get(code)
    return shipped.name if shipped else LANGUAGE_NAMES.get(code, code)
