"""Queueing an uploaded OneRoster export for the worker, and running a queued import."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District
from vetted.documents import storage
from vetted.kit.uploads import upload_name

from . import progress
from .importer import import_bundle
from .models import ResourceScope, RosterImport

ZIP_MAGIC = b"PK\x03\x04"
AREA = "rosters"  # vetted.documents.storage's folder for uploaded exports


def queue_upload(
    district: District, upload: UploadedFile, *, actor: Any, confirm_removals: bool
) -> RosterImport:
    """Store the export (streamed to disk, never whole in memory) and queue it; refuse what is not
    a plain zip of CSV files, with the reason."""
    name = upload_name(upload)
    if (upload.size or 0) > settings.VETTED_MAX_ROSTER_BYTES:
        limit = settings.VETTED_MAX_ROSTER_BYTES // (1024 * 1024)
        raise ValidationError(
            {"file": f"“{name}” is larger than {limit} MB; export a delta, or ask the operator."}
        )
    upload.seek(0)
    if upload.read(4) != ZIP_MAGIC:
        raise ValidationError({"file": f"“{name}” is not a zip file. Upload the OneRoster export as a .zip."})
    upload.seek(0)
    stored = storage.store_stream(AREA, upload.chunks(), suffix="zip")
    target = storage.path_of(stored.relative_path)
    try:
        _refuse_unreadable(target, name)
        with transaction.atomic():
            job = RosterImport.objects.create(
                district=district, source_name=name[:255], sha256=stored.sha256, upload_path=stored.stored_name,
                status=RosterImport.Status.QUEUED, removals_confirmed=confirm_removals, started_by=actor,
            )  # fmt: skip
            record(district, "roster.upload_queued", actor=actor, subject=job,
                   details={"name": name, "sha256": job.sha256, "size": upload.size,
                            "removals_confirmed": confirm_removals})  # fmt: skip
    except BaseException:
        storage.delete(stored.relative_path)
        raise
    return job


def _refuse_unreadable(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(
            {"file": f"“{name}” is damaged: it could not be opened as a zip file."}
        ) from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise ValidationError({"file": f"“{name}” is password-protected; export it without a password."})
    if not any(info.filename.rsplit("/", 1)[-1] == "manifest.csv" for info in infos):
        raise ValidationError({"file": f"“{name}” has no manifest.csv: it is not a OneRoster export."})


def run_queued(now: Any = None) -> int:
    """Claim one queued import (compare-and-swap on its status) and run it; the export is deleted
    after it is read, whatever the outcome."""
    candidate = (
        RosterImport.objects.filter(status=RosterImport.Status.QUEUED).order_by("started_at", "pk").first()
    )
    if candidate is None:
        return 0
    claimed = RosterImport.objects.filter(pk=candidate.pk, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.RUNNING
    )
    if not claimed:
        return 0  # another worker took it
    job = RosterImport.objects.select_related("district", "started_by").get(pk=candidate.pk)
    stored_path = f"{AREA}/{job.upload_path}"
    path = storage.path_of(stored_path)
    seen: dict[str, int] = {}

    def report(file: str, rows: int) -> None:
        seen[file] = rows
        progress.write(job.pk, {"files": seen, "at": timezone.now().isoformat()})

    try:
        import_bundle(job.district, path, actor=job.started_by, job=job, progress=report)
    except Exception:
        # Its transaction rolled back: say so on the page instead of "Importing" forever.
        RosterImport.objects.filter(pk=job.pk).update(
            status=RosterImport.Status.REFUSED, finished_at=timezone.now(), problem_count=1,
            problems=[{"file": job.source_name, "line": None, "column": None, "fatal": True,
                       "message": "The import stopped unexpectedly; nothing was imported. Try again, "
                                  "or ask the operator to read the worker's log."}],
        )  # fmt: skip
        raise
    finally:
        storage.delete(stored_path)
        progress.clear(job.pk)
        RosterImport.objects.filter(pk=job.pk).update(upload_path="", progress=seen)
    return 1


@transaction.atomic
def set_scope(
    district: District, resource: Any, *, schools: list[Any], classes: list[Any], actor: Any
) -> None:
    """Where the resource is used in the district (audited); both empty: wherever its band allows."""
    if any(s.district_id != district.pk for s in schools) or any(
        c.district_id != district.pk for c in classes
    ):
        raise ValidationError({"schools": "Choose this district's own schools and classes."})
    scope, _ = ResourceScope.objects.get_or_create(district=district, resource=resource)
    before = {"schools": sorted(scope.schools.values_list("sourced_id", flat=True)),
              "classes": sorted(scope.classes.values_list("sourced_id", flat=True))}  # fmt: skip
    scope.schools.set(schools)
    scope.classes.set(classes)
    scope.updated_by = actor
    scope.save()
    record(district, "roster.scope_set", actor=actor, subject=scope,
           details={"resource": resource.pk, "before": before,
                    "after": {"schools": sorted(s.sourced_id for s in schools),
                              "classes": sorted(c.sourced_id for c in classes)}})  # fmt: skip
