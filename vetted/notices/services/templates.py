"""A district's own wording of each kind of notice, per language: saved, reset to the product's text,
and new languages added by writing their text (no code). Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vetted.audit.services import record
from vetted.districts.models import District

from .. import wording
from ..models import NoticeKind, NoticeTemplate
from .drafts import language_name


def check_wording(subject: str, body: str) -> None:
    errors: dict[str, list[str]] = {}
    for name, text in (("subject", subject), ("body", body)):
        unknown = wording.unknown_placeholders(text)
        if unknown:
            errors[name] = ["Not a placeholder: " + ", ".join(unknown) + "."]
    if not subject.strip():
        errors.setdefault("subject", []).append("Write a subject.")
    if not body.strip():
        errors.setdefault("body", []).append("Write the notice's text.")
    if errors:
        raise ValidationError(errors)


def check_kind(kind: str) -> None:
    if kind not in NoticeKind.values:
        raise ValidationError({"kind": "Not a kind of notice."})


@transaction.atomic
def save_template(
    district: District, *, kind: str, language: str, subject: str, body: str, actor: Any
) -> NoticeTemplate:
    check_kind(kind)
    check_wording(subject, body)
    template, created = NoticeTemplate.objects.select_for_update().get_or_create(
        district=district, kind=kind, language=language,
        defaults={"subject": subject, "body": body, "updated_by": actor},
    )  # fmt: skip
    if not created:
        template.subject, template.body, template.updated_by = subject, body, actor
        template.save(update_fields=["subject", "body", "updated_by", "updated_at"])
    record(district, "notice_template.saved", actor=actor, subject=template,
           details={"kind": kind, "language": language, "created": created,
                    "sha256": wording.version_hash(subject, body)})  # fmt: skip
    return template


@transaction.atomic
def reset_template(district: District, *, kind: str, language: str, actor: Any) -> bool:
    """Drop the district's wording, so the product's text is used again. False if there was none."""
    check_kind(kind)
    template = (
        NoticeTemplate.objects.select_for_update()
        .filter(district=district, kind=kind, language=language)
        .first()
    )
    if template is None:
        return False
    record(district, "notice_template.reset", actor=actor, subject=template,
           details={"kind": kind, "language": language,
                    "shipped": wording.shipped_wording(language, kind) is not None})  # fmt: skip
    template.delete()
    return True


@dataclass
class Cell:
    kind: str
    kind_label: str
    code: str
    own: NoticeTemplate | None
    shipped: bool


@dataclass
class LanguageRow:
    code: str
    name: str
    shipped: bool
    cells: list[Cell]


def overview(district: District) -> list[LanguageRow]:
    """Every language the district can send in (shipped ones, then the district's own) × every kind."""
    own = {
        (t.kind, t.language): t
        for t in NoticeTemplate.objects.filter(district=district).select_related("updated_by")
    }
    shipped = list(wording.shipped_languages())
    codes = shipped + sorted({lang for _, lang in own} - set(shipped))
    return [
        LanguageRow(code, language_name(code), code in shipped,
                    [Cell(kind, label, code, own.get((kind, code)), wording.shipped_wording(code, kind) is not None)
                     for kind, label in NoticeKind.choices])
        for code in codes
    ]  # fmt: skip


def current(district: District, kind: str, code: str) -> tuple[wording.Wording | None, NoticeTemplate | None]:
    """The wording in use for a kind and language: the district's own, else the product's (or None)."""
    own = NoticeTemplate.objects.filter(district=district, kind=kind, language=code).first()
    if own is not None:
        return wording.Wording(own.subject, own.body), own
    return wording.shipped_wording(code, kind), None
