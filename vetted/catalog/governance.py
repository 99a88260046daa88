"""Who may change a shared vendor or resource: docs/adr/0001-shared-catalogue-governance.md.

Vendors and resources are shared rows; what a district's public registry says about them comes from
those rows. So a district changes a shared row directly only while no *other* district has a decision
on it (then only its own page can change, and its own trail records it). Otherwise the edit becomes a
`CatalogChange`: every affected district sees `catalog_change.proposed` in its own audit trail and
accepts or refuses; the change is applied only when every one of them has accepted, and the
`vendor.updated` / `resource.updated` event is then written into each of their trails.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.districts.row_security import across_districts

from .models import (
    CatalogChange,
    CatalogChangeAnswer,
    ChangeStatus,
    DataElement,
    Resource,
    Subject,
    Vendor,
)

VENDOR_FIELDS = (
    "legal_name",
    "website",
    "privacy_contact_name",
    "privacy_contact_email",
    "security_contact_email",
)
RESOURCE_FIELDS = (
    "name", "vendor", "url", "description", "grade_min", "grade_max", "student_accounts_required",
    "mobile_app", "under_13_users", "privacy_policy_url", "terms_url", "data_elements_recorded",
)  # fmt: skip
RELATIONS = ("subjects", "data_elements")


def _changes(obj: Any, data: dict[str, Any], fields: Iterable[str]) -> dict[str, list[Any]]:
    """Apply `data` to `obj`; return {field: [old, new]} for what actually changed."""
    changed: dict[str, list[Any]] = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(obj, field), data[field]
        if old != new:
            changed[field] = [str(old) if old is not None else None, str(new) if new is not None else None]
            setattr(obj, field, new)
    return changed


def _full_clean(obj: Any) -> None:
    # Model validation (lengths, URLs, uniqueness) so the API and forms give the same messages.
    obj.full_clean()


def _set_relations(
    resource: Resource, subjects: Iterable[Subject] | None, elements: Iterable[DataElement] | None
) -> dict[str, list[str]]:
    changed: dict[str, list[str]] = {}
    if subjects is not None:
        new = sorted(s.name for s in subjects)
        if new != sorted(resource.subjects.values_list("name", flat=True)):
            resource.subjects.set(list(subjects))
            changed["subjects"] = new
    if elements is not None:
        new = sorted(e.code for e in elements)
        if new != sorted(resource.data_elements.values_list("code", flat=True)):
            resource.data_elements.set(list(elements))
            changed["data_elements"] = new
    return changed


def _districts_referring_to(obj: Vendor | Resource) -> set[int]:
    """Districts owning any row that refers to `obj`: a decision (the public registry), an agreement
    (the public agreements list), a staff request... Found through the reverse relations, so an app
    added later is counted without catalog importing it (catalog sits below those apps)."""
    ids: set[int] = set()
    for rel in obj._meta.related_objects:
        model = rel.related_model
        try:
            district_field = model._meta.get_field("district")
        except FieldDoesNotExist:
            continue
        if getattr(district_field, "related_model", None) is not District or not rel.field:
            continue
        rows = model._default_manager.filter(**{rel.field.name: obj})
        ids.update(rows.values_list("district_id", flat=True).distinct())
    return ids


@across_districts()  # every district's rows count, not only the current one's
def affected_districts(subject: Vendor | Resource) -> list[District]:
    """The districts whose pages or records show this row; for a vendor, also its resources'."""
    ids = _districts_referring_to(subject)
    if isinstance(subject, Vendor):
        for resource in subject.resources.all():
            ids |= _districts_referring_to(resource)
    return list(District.objects.filter(pk__in=ids).order_by("pk"))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- vendors ---------------------------------------------------------------------------------


@across_districts()
@transaction.atomic
def update_vendor(
    district: District, vendor: Vendor, *, actor: Any, data: dict[str, Any]
) -> Vendor | CatalogChange:
    """Change the vendor directly, or, if another district publishes it, propose the change."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    others = [d for d in affected_districts(vendor) if d.pk != district.pk]
    if not others:
        return _apply_vendor(vendor, data, actor=actor, districts=[district])
    probe = Vendor.objects.get(pk=vendor.pk)
    changed = _changes(probe, data, VENDOR_FIELDS)
    if not changed:
        return vendor
    _full_clean(probe)  # a proposal never holds a value that could not be saved
    return _propose(district, actor, vendor, {f: data[f] for f in changed}, others)


def _apply_vendor(
    vendor: Vendor,
    data: dict[str, Any],
    *,
    actor: Any,
    districts: list[District],
    via: dict[str, Any] | None = None,
) -> Vendor:
    changed = _changes(vendor, data, VENDOR_FIELDS)
    if changed:
        _full_clean(vendor)
        vendor.save()
        if "legal_name" in changed:
            for resource in vendor.resources.all():
                resource.save(update_fields=["search_text"])
        for d in districts:
            record(
                d, "vendor.updated", actor=actor, subject=vendor, details={"changed": changed, **(via or {})}
            )
    return vendor


# --- resources -------------------------------------------------------------------------------


@across_districts()
@transaction.atomic
def update_resource(
    district: District,
    resource: Resource,
    *,
    actor: Any,
    data: dict[str, Any],
    subjects: Iterable[Subject] | None = None,
    data_elements: Iterable[DataElement] | None = None,
) -> Resource | CatalogChange:
    """Change the resource directly, or, if another district publishes it, propose the change."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    subjects = list(subjects) if subjects is not None else None
    data_elements = list(data_elements) if data_elements is not None else None
    others = [d for d in affected_districts(resource) if d.pk != district.pk]
    if not others:
        return _apply_resource(resource, data, subjects, data_elements, actor=actor, districts=[district])
    probe = Resource.objects.select_related("vendor").get(pk=resource.pk)
    changed = _changes(probe, data, RESOURCE_FIELDS)
    if changed:
        _full_clean(probe)
    proposed: dict[str, Any] = {f: (data[f].pk if f == "vendor" else data[f]) for f in changed}
    if subjects is not None:
        new = sorted(s.slug for s in subjects)
        if new != sorted(resource.subjects.values_list("slug", flat=True)):
            proposed["subjects"] = new
    if data_elements is not None:
        new = sorted(e.code for e in data_elements)
        if new != sorted(resource.data_elements.values_list("code", flat=True)):
            proposed["data_elements"] = new
    if not proposed:
        return resource
    return _propose(district, actor, resource, proposed, others)


def _apply_resource(
    resource: Resource,
    data: dict[str, Any],
    subjects: list[Subject] | None,
    elements: list[DataElement] | None,
    *,
    actor: Any,
    districts: list[District],
    via: dict[str, Any] | None = None,
) -> Resource:
    changed: dict[str, Any] = _changes(resource, data, RESOURCE_FIELDS)
    if changed:
        _full_clean(resource)
        resource.save()
    changed.update(_set_relations(resource, subjects, elements))
    if changed:
        for d in districts:
            record(
                d,
                "resource.updated",
                actor=actor,
                subject=resource,
                details={"changed": changed, **(via or {})},
            )
    return resource


# --- proposals -------------------------------------------------------------------------------


def _current(subject: Vendor | Resource, fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f == "subjects" and isinstance(subject, Resource):
            out[f] = sorted(subject.subjects.values_list("slug", flat=True))
        elif f == "data_elements" and isinstance(subject, Resource):
            out[f] = sorted(subject.data_elements.values_list("code", flat=True))
        elif f == "vendor" and isinstance(subject, Resource):
            out[f] = subject.vendor_id
        else:
            out[f] = getattr(subject, f)
    return out


def _propose(
    district: District,
    actor: Any,
    subject: Vendor | Resource,
    changes: dict[str, Any],
    others: list[District],
) -> CatalogChange:
    change = CatalogChange.objects.create(
        district=district,
        proposed_by=_actor(actor),
        vendor=subject if isinstance(subject, Vendor) else None,
        resource=subject if isinstance(subject, Resource) else None,
        changes=changes,
    )
    CatalogChangeAnswer.objects.bulk_create([CatalogChangeAnswer(change=change, district=d) for d in others])
    details = {
        "change": change.pk,
        "proposed_by_district": district.slug,
        "subject": str(subject),
        "current": _current(subject, changes),
        "proposed": changes,
        "asked": [d.slug for d in others],
    }
    for d in [district, *others]:
        record(d, "catalog_change.proposed", actor=actor, subject=change, details=details)
    return change


def _involved(change: CatalogChange) -> list[District]:
    asked = [a.district for a in change.answers.select_related("district").order_by("district_id")]
    return [change.district, *[d for d in asked if d.pk != change.district_id]]


@across_districts()
@transaction.atomic
def answer_change(
    district: District, change: CatalogChange, *, actor: Any, accept: bool, reason: str = ""
) -> CatalogChange:
    """The district accepts or refuses a proposed change to a row its registry shows.

    Every involved district's trail records the answer. One refusal closes the proposal; when every
    asked district has accepted, the change is applied and recorded in each of their trails."""
    change = CatalogChange.objects.select_for_update().select_related("district").get(pk=change.pk)
    if change.status != ChangeStatus.OPEN:
        raise ValidationError("This change has already been closed.")
    answer = CatalogChangeAnswer.objects.filter(change=change, district=district).first()
    if answer is None:
        raise ValidationError("Your district was not asked about this change.")
    if answer.accepted is not None:
        raise ValidationError("Your district has already answered.")
    answer.accepted, answer.reason = accept, reason.strip()
    answer.answered_by, answer.answered_at = _actor(actor), timezone.now()
    answer.save()
    event = "catalog_change.accepted" if accept else "catalog_change.refused"
    details = {"change": change.pk, "district": district.slug, "reason": answer.reason}
    for d in _involved(change):
        record(d, event, actor=actor, subject=change, details=details)
    if not accept:
        change.status, change.closed_at = ChangeStatus.REFUSED, timezone.now()
        change.save(update_fields=["status", "closed_at"])
        return change
    if change.answers.exclude(accepted=True).exists():
        return change
    _apply_if_everyone_agreed(change, actor=actor)
    return change


def _apply_if_everyone_agreed(change: CatalogChange, *, actor: Any) -> None:
    subject: Vendor | Resource
    if change.vendor_id is not None:
        subject = Vendor.objects.select_for_update().get(pk=change.vendor_id)
    else:
        subject = Resource.objects.select_for_update().get(pk=change.resource_id or 0)
    # A district that decided on the row after the proposal was made must be asked too.
    asked = set(change.answers.values_list("district_id", flat=True))
    late = [d for d in affected_districts(subject) if d.pk != change.district_id and d.pk not in asked]
    if late:
        CatalogChangeAnswer.objects.bulk_create(
            [CatalogChangeAnswer(change=change, district=d) for d in late]
        )
        details = {
            "change": change.pk,
            "proposed_by_district": change.district.slug,
            "subject": str(subject),
            "current": _current(subject, change.changes),
            "proposed": change.changes,
            "asked": [d.slug for d in late],
        }
        for d in late:
            record(d, "catalog_change.proposed", actor=actor, subject=change, details=details)
        return
    via = {"change": change.pk, "proposed_by_district": change.district.slug}
    involved = _involved(change)
    data = dict(change.changes)
    if isinstance(subject, Vendor):
        _apply_vendor(subject, data, actor=actor, districts=involved, via=via)
    else:
        if "vendor" in data:
            data["vendor"] = Vendor.objects.get(pk=data["vendor"])
        slugs, codes = data.pop("subjects", None), data.pop("data_elements", None)
        _apply_resource(
            subject,
            data,
            list(Subject.objects.filter(slug__in=slugs)) if slugs is not None else None,
            list(DataElement.objects.filter(code__in=codes)) if codes is not None else None,
            actor=actor,
            districts=involved,
            via=via,
        )
    change.status, change.closed_at = ChangeStatus.APPLIED, timezone.now()
    change.save(update_fields=["status", "closed_at"])


def changes_for(district: District) -> QuerySet[CatalogChange]:
    """Proposals this district made or was asked about, newest first."""
    return (
        CatalogChange.objects.filter(Q(district=district) | Q(answers__district=district))
        .distinct()
        .select_related("district", "vendor", "resource", "proposed_by")
        .prefetch_related("answers__district")
    )


def waiting_for(district: District) -> QuerySet[CatalogChange]:
    """Open proposals that wait for this district's answer."""
    return changes_for(district).filter(
        status=ChangeStatus.OPEN, answers__district=district, answers__accepted__isnull=True
    )
