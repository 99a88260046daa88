"""Recording an incident and its later facts; the affected list from a CSV; attachments.

Every change is audited with what changed, and re-runs the incident's clocks (services.clocks)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.catalog.models import Resource, Vendor
from vetted.clocks.models import ObligationStatus
from vetted.clocks.services import close_about
from vetted.districts.models import District
from vetted.documents import storage
from vetted.documents.checks import check_upload
from vetted.kit.localtime import format_local
from vetted.kit.uploads import refuse_if_too_large, upload_name
from vetted.review import DocumentError
from vetted.rosters.models import Org, Person, SchoolClass

from ..models import Attachment, Discoverer, Incident, IncidentStatus, ReportedVia
from ..selectors import affected_students
from . import clocks

AREA = "incidents"
MAX_ATTACHMENTS = 20
MAX_LIST_ROWS = 200_000
FUTURE_SLACK = dt.timedelta(minutes=10)

TEXT_FIELDS = ("title", "what_happened", "what_we_are_doing", "what_you_can_do", "remediation",
               "internal_notes", "awareness_gap_reason", "delay_agency", "contact_name", "contact_email",
               "contact_phone")  # fmt: skip
TIME_FIELDS = ("vendor_discovered_at", "district_aware_at", "vendor_notice_at", "delay_started_at",
               "delay_ended_at")  # fmt: skip
SET_FIELDS = ("resources", "elements", "schools", "classes", "students")
# Facts whose change can move a deadline; the others are words.
CLOCK_FIELDS = (*TIME_FIELDS, "elements", "discovered_by")


def _check(district: District, data: dict[str, Any], *, now: dt.datetime) -> None:
    errors: dict[str, str] = {}
    vendor = data.get("vendor")
    if not isinstance(vendor, Vendor):
        errors["vendor"] = "Choose the vendor."
    for resource in data.get("resources") or []:
        if not isinstance(resource, Resource) or resource.vendor_id != getattr(vendor, "pk", None):
            errors["resources"] = "Choose only the vendor's own resources."
    for name, model in (("schools", Org), ("classes", SchoolClass), ("students", Person)):
        for row in data.get(name) or []:
            if not isinstance(row, model) or row.district_id != district.pk:
                errors[name] = "Choose only this district's roster."
    for row in data.get("students") or []:
        if isinstance(row, Person) and row.role != "student":
            errors["students"] = "Choose students only."
    aware, found = data.get("district_aware_at"), data.get("vendor_discovered_at")
    if aware is None:
        errors["district_aware_at"] = "Say when the district became aware of it."
    for name in TIME_FIELDS:
        value = data.get(name)
        if value is not None and value > now + FUTURE_SLACK:
            errors[name] = "This time is in the future."
    if (
        aware is not None
        and found is not None
        and aware > found
        and not (data.get("awareness_gap_reason") or "").strip()
    ):
        errors["awareness_gap_reason"] = (
            "The district became aware after the vendor discovered it: say why (every district "
            "clock runs from the district's awareness)."
        )
    start, end = data.get("delay_started_at"), data.get("delay_ended_at")
    if end is not None and start is None:
        errors["delay_started_at"] = "Say when the law-enforcement delay began."
    if start is not None and end is not None and end < start:
        errors["delay_ended_at"] = "The delay cannot end before it began."
    if (start is not None) and not (data.get("delay_agency") or "").strip():
        errors["delay_agency"] = "Name the agency that asked for the delay."
    if data.get("discovered_by", Discoverer.VENDOR) not in Discoverer.values:
        errors["discovered_by"] = "Choose who found it."
    if errors:
        raise ValidationError(errors)


def _assign(incident: Incident, data: dict[str, Any]) -> None:
    for name in (*TEXT_FIELDS, *TIME_FIELDS, "discovered_by"):
        if name in data:
            value = data[name]
            setattr(incident, name, value.strip() if isinstance(value, str) else value)
    if "vendor" in data:
        incident.vendor = data["vendor"]


def _set_many(incident: Incident, data: dict[str, Any]) -> None:
    for name in SET_FIELDS:
        if name in data:
            getattr(incident, name).set(list(data[name] or []))


def _vendor_notice(incident: Incident, actor: Any) -> None:
    """The vendor's notice reached the district: its notice-to-district duty is met (late or not)."""
    if incident.vendor_notice_at is None:
        return
    late = clocks.vendor_notice_late(incident)
    when = format_local(incident.vendor_notice_at, incident.district.tz)
    reason = f"The vendor's notice reached the district {when}" + (
        " — after its deadline: a breach of contract the district may act on." if late else "."
    )
    close_about(incident, kinds=[clocks.VENDOR_NOTICE_KIND], status=ObligationStatus.DONE, actor=actor,
                reason=reason)  # fmt: skip


@transaction.atomic
def record_incident(
    district: District, *, actor: Any, data: dict[str, Any], via: str = ReportedVia.STAFF
) -> Incident:
    now = timezone.now()
    _check(district, data, now=now)
    incident = Incident(district=district, reported_via=via,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None)  # fmt: skip
    _assign(incident, data)
    incident.save()
    _set_many(incident, data)
    record(
        district, "incident.recorded", actor=actor, subject=incident,
        details={"via": via, "vendor": incident.vendor.legal_name, "elements": _codes(incident),
                 "district_aware_at": incident.district_aware_at.isoformat(),
                 "vendor_discovered_at": _iso(incident.vendor_discovered_at),
                 "students": affected_students(incident).count()},
    )  # fmt: skip
    clocks.recompute(incident, actor=actor, why="incident recorded")
    _vendor_notice(incident, actor)
    return incident


def _codes(incident: Incident) -> list[str]:
    return sorted(incident.elements.values_list("code", flat=True))


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _snapshot(incident: Incident) -> dict[str, Any]:
    snap: dict[str, Any] = {name: getattr(incident, name) for name in (*TEXT_FIELDS, *TIME_FIELDS)}
    snap["discovered_by"] = incident.discovered_by
    snap["vendor"] = incident.vendor_id
    for name in SET_FIELDS:
        snap[name] = sorted(getattr(incident, name).values_list("pk", flat=True))
    snap["affected"] = affected_students(incident).count()
    return snap


def lock(incident: Incident) -> Incident:
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("district", "vendor")
        .get(pk=incident.pk)
    )


def require_open(incident: Incident) -> None:
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError({"status": "This incident is closed."})


@transaction.atomic
def update_facts(incident: Incident, *, actor: Any, data: dict[str, Any]) -> list[str]:
    """New or corrected facts; returns what changed in the clocks (and audits both)."""
    incident = lock(incident)
    require_open(incident)
    merged = {**_snapshot_objects(incident), **data}
    _check(incident.district, merged, now=timezone.now())
    before = _snapshot(incident)
    _assign(incident, data)
    incident.save()
    _set_many(incident, data)
    after = _snapshot(incident)
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        return []
    details: dict[str, Any] = {"changed": changed}
    for name in changed:
        if name in TIME_FIELDS:
            details[name] = {"before": _iso(before[name]), "after": _iso(after[name])}
        elif name in ("elements", "affected", "students", "schools", "classes"):
            details[name] = {"before": len(before[name]) if isinstance(before[name], list) else before[name],
                             "after": len(after[name]) if isinstance(after[name], list) else after[name]}  # fmt: skip
    record(incident.district, "incident.updated", actor=actor, subject=incident, details=details)
    words = []
    if before["affected"] != after["affected"]:
        words.append(f"affected students {before['affected']} → {after['affected']}")
    words += [name.replace("_", " ") for name in changed if name in CLOCK_FIELDS]
    changes = clocks.recompute(incident, actor=actor, why=", ".join(words) or ", ".join(changed))
    if "vendor_notice_at" in changed:
        _vendor_notice(incident, actor)
    return changes


def _snapshot_objects(incident: Incident) -> dict[str, Any]:
    """The incident's current facts as service data (for checking a partial update whole)."""
    data: dict[str, Any] = {name: getattr(incident, name) for name in (*TEXT_FIELDS, *TIME_FIELDS)}
    data["vendor"], data["discovered_by"] = incident.vendor, incident.discovered_by
    for name in SET_FIELDS:
        data[name] = list(getattr(incident, name).all())
    return data


# --- the affected list from a file --------------------------------------------------------------


def read_student_list(district: District, upload: UploadedFile[Any]) -> list[Person]:
    """A CSV with a `sourcedId` column naming roster students. All or nothing: any bad row refuses
    the file, and the error names every bad row (by its line in the file) up to 50."""
    refuse_if_too_large(upload.size or 0)
    upload.seek(0)
    raw = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text; save it as CSV (UTF-8)."}) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "sourcedid" not in header:
        raise ValidationError({"file": "The first line must name a “sourcedId” column."})
    column = header.index("sourcedid")
    wanted: dict[str, int] = {}
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        value = row[column].strip() if column < len(row) else ""
        if not value:
            problems.append(f"Line {line}: no sourcedId.")
        elif len(value) > 255:
            problems.append(f"Line {line}: the sourcedId is too long.")
        else:
            wanted.setdefault(value, line)
        if len(wanted) > MAX_LIST_ROWS:
            raise ValidationError({"file": f"The list has more than {MAX_LIST_ROWS:,} students."})
    found: dict[str, Person] = {}
    ids = list(wanted)
    for start in range(0, len(ids), 5000):
        for p in Person.objects.filter(district=district, sourced_id__in=ids[start : start + 5000]):
            found[p.sourced_id] = p
    for value, line in wanted.items():
        person = found.get(value)
        if person is None:
            problems.append(f"Line {line}: “{value[:60]}” is not in the roster.")
        elif person.role != "student":
            problems.append(f"Line {line}: “{value[:60]}” is not a student.")
    if not wanted and not problems:
        problems.append("The list names no student.")
    if problems:
        problems.sort(key=lambda p: int(p.split(":")[0].split()[1]))
        shown = problems[:50] + ([f"… and {len(problems) - 50} more."] if len(problems) > 50 else [])
        raise ValidationError({"file": ["Nothing was added. " + shown[0], *shown[1:]]})
    return list(found.values())


def add_students_from_list(incident: Incident, upload: UploadedFile[Any], *, actor: Any) -> list[str]:
    people = read_student_list(incident.district, upload)
    with transaction.atomic():
        incident = lock(incident)
        students = list({p.pk: p for p in [*incident.students.all(), *people]}.values())
        return update_facts(incident, actor=actor, data={"students": students})


# --- attachments through the one documents store ---------------------------------------------------


def add_attachment(
    incident: Incident, upload: UploadedFile[Any], *, actor: Any, from_vendor: bool = False
) -> Attachment:
    refuse_if_too_large(upload.size or 0)
    name = upload_name(upload)
    upload.seek(0)
    data = upload.read(settings.VETTED_MAX_UPLOAD_BYTES + 1)
    try:
        checked = check_upload(data, name)
    except DocumentError as exc:
        raise ValidationError({"file": f"“{name}” was not attached: {exc.message}"}) from None
    with transaction.atomic():
        incident = lock(incident)
        require_open(incident)
        if incident.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError({"file": f"An incident can have at most {MAX_ATTACHMENTS} files."})
        stored = storage.store(AREA, data, suffix=checked.kind)
        try:
            attachment = Attachment.objects.create(
                district=incident.district, incident=incident, original_name=name,
                stored_path=stored.relative_path, kind=checked.kind, size=stored.size, sha256=stored.sha256,
                from_vendor=from_vendor, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )  # fmt: skip
            record(incident.district, "incident.file_attached", actor=actor, subject=incident,
                   details={"name": name, "kind": checked.kind, "size": stored.size, "sha256": stored.sha256,
                            "from_vendor": from_vendor})  # fmt: skip
        except BaseException:
            storage.delete(stored.relative_path)
            raise
    return attachment
