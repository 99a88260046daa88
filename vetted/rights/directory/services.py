"""Directory information, the verbs: log a request, decide it (disclose or refuse), keep the
district's designated items and its public notice. Each runs in one transaction with its audit event.

Disclosing works the students out from the roster at that moment and leaves out every student whose
current choice (the newest DirectoryOptOut row) is opted out; one DirectoryDisclosure row per student
disclosed is the record. A later opt-out changes no row already written; the next disclosure
leaves the student out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.clocks.packs import district_stack
from vetted.districts.models import District

from ..models_directory import DirectoryDisclosure, DirectoryRequest, DirectorySettings
from . import items, selectors

NOTICE_DUTY = "directory_information_notice"


def notice_duty(district: District) -> tuple[str, str]:
    """(summary, citation) of the pack stack's public-notice duty for directory information."""
    for _pack, duty in district_stack(district).posting_duties():
        if duty.id == NOTICE_DUTY:
            return duty.summary, duty.citation
    return "Public notice of the directory-information categories and the right to refuse.", "34 CFR 99.37(a)"


@transaction.atomic
def save_settings(district: District, *, actor: Any, chosen: list[str], notice_given_on: dt.date | None,
                  notice_where: str) -> DirectorySettings:  # fmt: skip
    codes = items.ordered(chosen)
    if not codes:
        raise ValidationError({"items": "Designate at least one category."})
    row, _ = DirectorySettings.objects.select_for_update().get_or_create(
        district=district, defaults={"items": list(items.DEFAULT)}
    )
    before = {
        "items": list(row.items),
        "notice_given_on": row.notice_given_on,
        "notice_where": row.notice_where,
    }
    row.items, row.notice_given_on, row.notice_where, row.updated_by = (
        codes,
        notice_given_on,
        notice_where,
        actor,
    )
    row.save()
    after = {"items": codes, "notice_given_on": notice_given_on, "notice_where": notice_where}
    record(district, "directory.settings_changed", actor=actor, subject=row,
           details={"before": before, "after": after})  # fmt: skip
    return row


@transaction.atomic
def log_request(district: District, *, actor: Any, data: dict[str, Any]) -> DirectoryRequest:
    """Record a request as staff received it (in writing, by phone, at the counter)."""
    designated = set(selectors.designated(district))
    asked = items.ordered(list(data.get("items") or []))
    errors: dict[str, str] = {}
    if not asked:
        errors["items"] = "Choose at least one item."
    elif not set(asked) <= designated:
        errors["items"] = (
            "Only the categories the district designated as directory information can be asked for."
        )
    schools, students = list(data.get("schools") or []), list(data.get("students") or [])
    grades = sorted({int(g) for g in data.get("grades") or []})
    whole = bool(data.get("whole_district"))
    if not (whole or schools or grades or students):
        errors["whole_district"] = (
            "Say which students: schools, grades, named students, or the whole district."
        )
    if whole and (schools or grades or students):
        errors["whole_district"] = (
            "Either the whole district, or limits (schools, grades, students), not both."
        )
    if any(s.district_id != district.pk for s in [*schools, *students]):
        errors["schools"] = "Only this district's schools and students."
    if errors:
        raise ValidationError(errors)
    row = DirectoryRequest.objects.create(
        district=district, requester_name=data["requester_name"],
        requester_organisation=data.get("requester_organisation", ""), requester_contact=data["requester_contact"],
        purpose=data["purpose"], items=asked, whole_district=whole, grades=grades,
        received_on=data["received_on"], created_by=actor,
    )  # fmt: skip
    row.schools.set(schools)
    row.students.set(students)
    record(district, "directory.request_logged", actor=actor, subject=row,
           details={"items": asked, "whole_district": whole, "schools": [s.pk for s in schools],
                    "grades": grades, "students": [s.pk for s in students],
                    "received_on": row.received_on})  # fmt: skip
    return row


@transaction.atomic
def decide_request(request: DirectoryRequest, *, actor: Any, serves_school_purpose: bool, school_purpose_reason: str,
                   decision: str, refusal_reason: str = "") -> DirectoryRequest:  # fmt: skip
    """Disclose or refuse, once. Disclosing needs a school purpose and the district's public notice
    (the pack stack's posting duty); refusing needs a reason."""
    district = request.district
    row = DirectoryRequest.objects.select_for_update().get(pk=request.pk, district=district)
    if row.status != DirectoryRequest.Status.RECEIVED:
        raise ValidationError("This request is already decided.")
    errors: dict[str, str] = {}
    if not school_purpose_reason.strip():
        errors["school_purpose_reason"] = "Say why it does or does not serve a school purpose."
    if decision not in ("disclose", "refuse"):
        errors["decision"] = "Choose to disclose or to refuse."
    elif decision == "refuse" and not refusal_reason.strip():
        errors["refusal_reason"] = "Say why the request is refused."
    elif decision == "disclose":
        if not serves_school_purpose:
            errors["decision"] = (
                "Directory information goes only where a school purpose is served: refuse it."
            )
        settings_row = selectors.settings_for(district)
        if settings_row.notice_given_on is None:
            _summary, citation = notice_duty(district)
            errors["decision"] = (
                "Record the district's public notice of its directory-information categories first "
                f"({citation}): directory settings."
            )
        elif not set(row.items) <= set(items.ordered(settings_row.items)):
            errors["decision"] = "The request asks for items the district no longer designates: refuse it."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    row.serves_school_purpose, row.school_purpose_reason = (
        serves_school_purpose,
        school_purpose_reason.strip(),
    )
    row.decided_by, row.decided_at = actor, now
    details: dict[str, Any] = {"decision": decision, "serves_school_purpose": serves_school_purpose}
    if decision == "refuse":
        row.status, row.refusal_reason = DirectoryRequest.Status.REFUSED, refusal_reason.strip()
    else:
        scope = selectors.split_scope(row)
        recipient = row.recipient[:420]
        DirectoryDisclosure.objects.bulk_create(
            [DirectoryDisclosure(district=district, request=row, student_id=pk, items=list(row.items),
                                 recipient=recipient, disclosed_at=now) for pk in scope.included],
            batch_size=1000,
        )  # fmt: skip
        row.status = DirectoryRequest.Status.DISCLOSED
        row.disclosed_count, row.excluded_count = len(scope.included), scope.excluded
        details.update(items=list(row.items), disclosed=len(scope.included), excluded=scope.excluded)
    row.save()
    record(district, "directory.request_decided", actor=actor, subject=row, details=details)
    return row
