"""Creating, editing, moving and renewing agreements. Status changes only through `transition()`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog.models import DataElement, Resource, Vendor
from vetted.clocks import services as obligations
from vetted.districts.models import District

from ..models import Agreement, AgreementKind, AgreementStatus, SecurityFramework
from ..policies import authorize
from ..transitions import TRANSITIONS
from . import checklist, offers

TERM_YEARS = 3  # NDPA: agreements run three years unless stated otherwise
EDITABLE_FIELDS = (
    "title", "kind", "effective_date", "executed_date", "expiry_date", "district_signatory_name",
    "district_signatory_title", "vendor_signatory_name", "vendor_signatory_title", "security_framework",
    "security_framework_other", "general_offer", "public",
)  # fmt: skip


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _validate(agreement: Agreement, resources: Iterable[Resource] | None) -> None:
    errors: dict[str, str] = {}
    if (
        agreement.security_framework == SecurityFramework.OTHER
        and not agreement.security_framework_other.strip()
    ):
        errors["security_framework_other"] = "Name the framework when you choose “Other”."
    if (
        agreement.effective_date
        and agreement.expiry_date
        and agreement.expiry_date < agreement.effective_date
    ):
        errors["expiry_date"] = "The agreement cannot expire before it takes effect."
    if agreement.kind == AgreementKind.SUBSCRIPTION and agreement.parent_id is None:
        errors["kind"] = "A subscription is created by adopting another district's general offer."
    if resources is not None:
        foreign = [r.name for r in resources if r.vendor_id != agreement.vendor_id]
        if foreign:
            errors["resources"] = f"Not offered by {agreement.vendor}: {', '.join(foreign)}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_agreement(
    district: District,
    *,
    actor: Any,
    vendor: Vendor,
    data: dict[str, Any],
    resources: Iterable[Resource] = (),
    data_elements: Iterable[DataElement] = (),
    supersedes: Agreement | None = None,
    parent: Agreement | None = None,
    system: bool = False,
) -> Agreement:
    authorize(actor, "agreement.edit", district, system=system)
    agreement = Agreement(
        district=district, vendor=vendor, created_by=actor, supersedes=supersedes, parent=parent
    )
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(agreement, field, data[field])
    resources = list(resources)
    _validate(agreement, resources)
    agreement.save()
    agreement.resources.set(resources)
    agreement.data_elements.set(list(data_elements))
    checklist.sync_checklist(agreement)
    record(
        district, "agreement.created", actor=actor, subject=agreement,
        details={"vendor": vendor.legal_name, "kind": agreement.kind,
                 "resources": [r.pk for r in resources], "supersedes": supersedes.pk if supersedes else None,
                 "parent": parent.pk if parent else None},
    )  # fmt: skip
    return agreement


@transaction.atomic
def update_agreement(
    agreement: Agreement,
    *,
    actor: Any,
    data: dict[str, Any],
    resources: Iterable[Resource] | None = None,
    data_elements: Iterable[DataElement] | None = None,
) -> Agreement:
    agreement = Agreement.objects.select_for_update().select_related("district").get(pk=agreement.pk)
    authorize(actor, "agreement.edit", agreement)
    changed = [f for f in EDITABLE_FIELDS if f in data and getattr(agreement, f) != data[f]]
    if agreement.parent_id and "kind" in changed:
        raise ValidationError({"kind": "A subscription to a general offer stays a subscription."})
    for field in changed:
        setattr(agreement, field, data[field])
    resources = list(resources) if resources is not None else None
    _validate(agreement, resources)
    if "general_offer" in changed or "status" in changed:
        _offer_gate(agreement)
    agreement.save()
    if resources is not None:
        agreement.resources.set(resources)
    if data_elements is not None:
        agreement.data_elements.set(list(data_elements))
    record(
        agreement.district, "agreement.updated", actor=actor, subject=agreement, details={"fields": changed}
    )
    return agreement


def _offer_gate(agreement: Agreement) -> None:
    """A general offer other districts may adopt needs every required provision met or accepted."""
    if (
        agreement.general_offer
        and agreement.status == AgreementStatus.FULLY_EXECUTED
        and agreement.parent_id is None
    ):
        lines = checklist.provision_gaps(agreement)
        if lines:
            raise ValidationError({"general_offer": ["It cannot be offered to other districts yet.", *lines]})


def _event_time(agreement: Agreement, at: dt.datetime | None, name: str) -> dt.datetime:
    if at is not None:
        return at
    now = timezone.now()
    executed = agreement.executed_date
    # Only the execution is dated by the executed date; an agreement ending now ends now (its
    # disposition clock must not start years back on the day it was signed).
    if name == "execute" and executed and executed != timezone.localtime(now, agreement.district.tz).date():
        # Recorded after the fact: the clock runs from that day (noon, district time).
        return dt.datetime.combine(executed, dt.time(12), tzinfo=agreement.district.tz)
    return now


@transaction.atomic
def transition(
    agreement: Agreement,
    name: str,
    *,
    actor: Any,
    at: dt.datetime | None = None,
    reason: str = "",
    system: bool = False,
) -> Agreement:
    """Move the agreement along TRANSITIONS[name]; refuse anything the table does not allow."""
    step = TRANSITIONS.get(name)
    if step is None or (not step.by_person and not system):
        raise ValidationError({"action": f"“{name}” is not something a person can do to an agreement."})
    agreement = (
        Agreement.objects.select_for_update().select_related("district", "vendor").get(pk=agreement.pk)
    )
    authorize(actor, "agreement.edit", agreement, system=system)
    if agreement.status not in step.sources:
        raise ValidationError(
            {"action": f"An agreement that is “{agreement.get_status_display()}” cannot be moved to "
                       f"“{AgreementStatus(step.target).label}”."}
        )  # fmt: skip
    if name == "execute":
        missing = checklist.execution_gaps(agreement)
        if missing:
            raise ValidationError(missing)  # each field says what is still missing
    before = agreement.status
    agreement.status = step.target
    when = _event_time(agreement, at, name)
    if name == "execute":
        agreement.executed_date = (
            agreement.executed_date or timezone.localtime(when, agreement.district.tz).date()
        )
        agreement.effective_date = agreement.effective_date or agreement.executed_date
        if agreement.expiry_date is None:
            agreement.expiry_date = add_years(agreement.effective_date, TERM_YEARS)
    agreement.save()
    record(
        agreement.district, step.audit_event, actor=actor, subject=agreement,
        details={"from": before, "to": step.target, "at": when.isoformat(), "reason": reason[:1000]},
    )  # fmt: skip
    if name == "execute":
        obligations.start_clocks(
            agreement.district,
            "agreement.executed",
            when,
            subject=agreement,
            actor=actor,
            subject_path=agreement_path(agreement),
        )
        if agreement.supersedes_id:
            old = agreement.supersedes
            assert old is not None
            if old.status in TRANSITIONS["supersede"].sources:
                transition(old, "supersede", actor=actor, at=when, system=True,
                           reason=f"Replaced by agreement #{agreement.pk}")  # fmt: skip
    if name in ("terminate", "expire"):
        obligations.start_clocks(
            agreement.district,
            "agreement.terminated",
            when,
            subject=agreement,
            actor=actor,
            subject_path=agreement_path(agreement),
        )
        if agreement.general_offer and agreement.offer_ended_at is None:
            offers.end_offer(agreement, actor=actor, reason="expired", at=when, system=True,
                             note=f"The original agreement was {step.target.replace('_', ' ')}.")  # fmt: skip
    return agreement


@transaction.atomic
def renew(agreement: Agreement, *, actor: Any) -> Agreement:
    """Start the next agreement with the same vendor, linked to the one it will replace."""
    authorize(actor, "agreement.edit", agreement)
    if agreement.status not in (AgreementStatus.FULLY_EXECUTED, AgreementStatus.EXPIRED):
        raise ValidationError({"action": "Only an executed or expired agreement can be renewed."})
    pending = agreement.renewals.exclude(status__in=[AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED])
    if pending.exists():
        raise ValidationError({"action": "A renewal of this agreement already exists; continue that one."})
    data = {f: getattr(agreement, f) for f in EDITABLE_FIELDS}
    data.update(title=f"{agreement.title} (renewal)"[:200], effective_date=agreement.expiry_date,
                executed_date=None, expiry_date=None)  # fmt: skip
    if data["kind"] == AgreementKind.SUBSCRIPTION:
        data["kind"] = AgreementKind.STANDARD  # a renewal is negotiated anew; re-adopt an offer instead
    return create_agreement(
        agreement.district, actor=actor, vendor=agreement.vendor, data=data,
        resources=agreement.resources.all(), data_elements=agreement.data_elements.all(), supersedes=agreement,
    )  # fmt: skip


@transaction.atomic
def record_noncompliance(
    agreement: Agreement, *, actor: Any, amendment_requested_on: dt.date, note: str = ""
) -> Agreement:
    """Record an agreement that lacks required provisions, and when the vendor was asked to amend it."""
    agreement = Agreement.objects.select_for_update().select_related("district").get(pk=agreement.pk)
    authorize(actor, "agreement.edit", agreement)
    gaps = checklist.gaps(agreement)
    if not gaps:
        raise ValidationError(
            {"amendment_requested_on": "No required provision is marked missing or in conflict."}
        )
    if amendment_requested_on > timezone.localdate(timezone=agreement.district.tz):
        raise ValidationError({"amendment_requested_on": "The date cannot be in the future."})
    agreement.amendment_requested_on = amendment_requested_on
    agreement.noncompliance_note = note.strip()[:2000]
    agreement.save(update_fields=["amendment_requested_on", "noncompliance_note", "updated_at"])
    record(
        agreement.district, "agreement.flagged_noncompliant", actor=actor, subject=agreement,
        details={"amendment_requested_on": amendment_requested_on.isoformat(),
                 "gaps": [c.provision_id for c in gaps], "note": agreement.noncompliance_note},
    )  # fmt: skip
    return agreement


def agreement_path(agreement: Agreement) -> str:
    """The staff page an obligation about this agreement links back to."""
    return reverse("staff-agreement", args=[agreement.district.slug, agreement.pk])
