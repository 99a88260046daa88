"""Importing a OneRoster bundle into a district's roster: all or nothing, streamed, idempotent.

* Keyed by `sourcedId` within the district; importing the same bundle twice changes nothing.
* **bulk**: the file is the whole set of its kind; rows of that kind it does not name are removed.
  A bulk import that would remove more than `VETTED_ROSTER_MAX_REMOVAL` (a share, default 0.2) of
  the district's students, or of one class's students, is refused unless the admin confirms it.
* **delta**: rows with status `tobedeleted` are removed; others are created or updated, unless
  their `dateLastModified` is older than what is stored (a late delta changes nothing).
* Any problem that cannot be read past refuses the whole import: one transaction, rolled back;
  the last good roster stays. The report names file, line, column and problem.
* Rows stream from the files in batches; memory holds the keys (sourcedId -> id), not the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from vetted.audit.services import record
from vetted.districts.models import District

from . import rowmaps
from .links import relink
from .models import AcademicSession, Course, Enrollment, Org, Person, RosterImport, SchoolClass
from .oneroster import Bundle, Problem, Row, open_bundle, parse_date, parse_datetime
from .upsert import upsert

BATCH = 2000
REPORT_LIMIT = 200  # problems kept on the import's row; the count says how many in all


@dataclass(frozen=True)
class Kind:
    name: str  # the key refs() use
    file: str
    model: type[models.Model]
    fields: Callable[[Row, rowmaps.Refs], dict[str, Any]]


KINDS = {
    "orgs": Kind("org", "orgs", Org, rowmaps.org),
    "academicSessions": Kind("session", "academicSessions", AcademicSession, rowmaps.session),
    "courses": Kind("course", "courses", Course, rowmaps.course),
    "classes": Kind("class", "classes", SchoolClass, rowmaps.school_class),
    "users": Kind("person", "users", Person, rowmaps.person),
    "enrollments": Kind("enrollment", "enrollments", Enrollment, rowmaps.enrollment),
}


class Refused(Exception):
    """The import is refused; its transaction rolls back."""


@dataclass
class Run:
    district: District
    bundle: Bundle
    confirm_removals: bool
    progress: Callable[[str, int], None] | None = None
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def problem(self, row: Row | None, column: str | None, message: str, file: str = "") -> None:
        self.bundle.problems.append(
            Problem(row.file if row else file, row.line if row else None, column, message)
        )

    def refs(self, kind: str, sourced_id: str, row: Row, column: str) -> int | None:
        if not sourced_id:
            return None
        pk = self.ids.get(kind, {}).get(sourced_id)
        if pk is None:
            self.problem(
                row, column, f"No {kind} has the sourcedId “{sourced_id}” in this bundle or the roster."
            )
        return pk

    def count(self, kind: str, what: str, n: int = 1) -> None:
        bucket = self.counts.setdefault(kind, {})
        bucket[what] = bucket.get(what, 0) + n


def import_bundle(
    district: District,
    path: str | Path,
    *,
    actor: Any = None,
    confirm_removals: bool = False,
    progress: Callable[[str, int], None] | None = None,
    job: RosterImport | None = None,
) -> RosterImport:
    """Import the bundle at `path`; the returned row says whether it was imported or refused, and why.
    `job`: the queued upload's row (the worker's import), or None to make one (the command's)."""
    path = Path(path)
    if job is None:
        with transaction.atomic():
            job = RosterImport.objects.create(district=district, source_name=path.name[:255],
                                              started_by=_user(actor), removals_confirmed=confirm_removals)  # fmt: skip
    job.sha256 = job.sha256 or _digest(path)
    confirm_removals = confirm_removals or job.removals_confirmed
    bundle = open_bundle(path)
    job.version, job.modes = bundle.version, {f: bundle.modes[f] for f in bundle.files()}
    run = Run(district, bundle, confirm_removals, progress)
    try:
        with transaction.atomic():
            if not bundle.ok:
                raise Refused
            _import(run)
            if not bundle.ok:
                raise Refused
            job.status, job.counts = RosterImport.Status.DONE, run.counts
            _finish(job, bundle)
            record(district, "roster.imported", actor=actor, subject=job,
                   details={"source": job.source_name, "sha256": job.sha256, "version": job.version,
                            "modes": job.modes, "counts": run.counts,
                            "removals_confirmed": confirm_removals})  # fmt: skip
    except Refused:
        with transaction.atomic():
            job.status, job.counts = RosterImport.Status.REFUSED, {}
            _finish(job, bundle)
            record(district, "roster.import_refused", actor=actor, subject=job,
                   details={"source": job.source_name, "sha256": job.sha256,
                            "problems": job.problem_count, "first": job.problems[:5]})  # fmt: skip
    return job


def _finish(job: RosterImport, bundle: Bundle) -> None:
    fatal = [p for p in bundle.problems if p.fatal]
    shown = fatal + [p for p in bundle.problems if not p.fatal]  # refusals first, then warnings
    job.problems = [{"file": p.file, "line": p.line, "column": p.column, "message": p.message, "fatal": p.fatal}
                    for p in shown[:REPORT_LIMIT]]  # fmt: skip
    job.problem_count = len(fatal)
    job.finished_at = timezone.now()
    job.save()


def _import(run: Run) -> None:
    for kind in KINDS.values():
        run.ids[kind.name] = dict(
            kind.model.objects.filter(district=run.district).values_list("sourced_id", "pk")  # type: ignore[attr-defined]
        )
    for file in run.bundle.files():
        if file in KINDS:
            _import_kind(run, KINDS[file])
        elif file == "roles":
            _apply_roles(run)
        elif file == "demographics":
            _apply_demographics(run)
        elif file == "userProfiles":
            run.count("userProfiles", "read", sum(1 for _ in run.bundle.rows("userProfiles")))  # nothing kept
    if run.bundle.ok:
        run.counts["guardian links"] = relink(run.district)


def _import_kind(run: Run, kind: Kind) -> None:
    mode = run.bundle.modes[kind.file]
    stored_at = _modified_at(run, kind) if mode == "delta" else {}
    seen: set[str] = set()
    deleted: list[str] = []
    pending: list[dict[str, Any]] = []
    for row in run.bundle.rows(kind.file):
        sid = row.get("sourcedId")
        if sid in seen:
            run.problem(row, "sourcedId", f"“{sid}” appears twice in this file.")
            continue
        seen.add(sid)
        if row.deleted and mode == "delta":
            deleted.append(sid)
            continue
        modified = parse_datetime(row.get("dateLastModified"))
        if modified and sid in stored_at and stored_at[sid] and stored_at[sid] > modified:
            run.count(kind.name, "stale")
            continue
        fields = kind.fields(row, run.refs)
        pending.append({"district_id": run.district.pk, "sourced_id": sid, "modified_at": modified, **fields})
        if len(pending) >= BATCH:
            _flush(run, kind, pending)
            if run.progress:
                run.progress(kind.file, len(seen))
    _flush(run, kind, pending)
    if mode == "bulk":
        _remove(run, kind, [sid for sid in run.ids[kind.name] if sid not in seen], guard=True)
    else:  # a delta names each row it removes: no guard
        _remove(run, kind, [sid for sid in deleted if sid in run.ids[kind.name]], guard=False)
    if run.progress:
        run.progress(kind.file, len(seen))


def _modified_at(run: Run, kind: Kind) -> dict[str, Any]:
    return dict(kind.model.objects.filter(district=run.district).values_list("sourced_id", "modified_at"))  # type: ignore[attr-defined]


def _flush(run: Run, kind: Kind, pending: list[dict[str, Any]]) -> None:
    if not pending or not run.bundle.ok:
        pending.clear()  # once refused, nothing more is written: the transaction rolls back anyway
        return
    known = run.ids[kind.name]
    new = [row["sourced_id"] for row in pending if row["sourced_id"] not in known]
    known.update(upsert(kind.model, pending))
    created = len(new)
    run.count(kind.name, "created", created)
    run.count(kind.name, "updated", len(pending) - created)
    pending.clear()


def _max_share() -> float:
    return float(getattr(settings, "VETTED_ROSTER_MAX_REMOVAL", 0.2))


def _remove(run: Run, kind: Kind, sids: list[str], *, guard: bool) -> None:
    if not sids:
        return
    if guard and kind.name == "person" and not run.confirm_removals:
        _guard_students(run, sids)
    if guard and kind.name == "enrollment" and not run.confirm_removals:
        _guard_classes(run, sids)
    if not run.bundle.ok:
        return
    for start in range(0, len(sids), BATCH):
        chunk = sids[start : start + BATCH]
        kind.model.objects.filter(district=run.district, sourced_id__in=chunk).delete()  # type: ignore[attr-defined]
    for sid in sids:
        run.ids[kind.name].pop(sid, None)
    run.count(kind.name, "removed", len(sids))


def _guard_students(run: Run, sids: list[str]) -> None:
    students = Person.objects.filter(district=run.district, role="student")
    total = students.count()
    leaving = sum(
        students.filter(sourced_id__in=sids[i : i + BATCH]).count() for i in range(0, len(sids), BATCH)
    )
    if total and leaving / total > _max_share():
        run.problem(None, None, f"This import would remove {leaving} of the district's {total} students "
                    f"({leaving / total:.0%}). If that is right, confirm the removals and import again.",
                    file="users.csv")  # fmt: skip


def _guard_classes(run: Run, sids: list[str]) -> None:
    leaving = set(sids)
    per_class: dict[int, list[int]] = {}
    rows = Enrollment.objects.filter(district=run.district, role="student").values_list(
        "school_class_id", "sourced_id"
    )
    for class_id, sid in rows.iterator(chunk_size=BATCH):
        tally = per_class.setdefault(class_id, [0, 0])
        tally[0] += 1
        tally[1] += sid in leaving
    for class_id, (total, gone) in per_class.items():
        if total >= 5 and gone / total > _max_share():
            title = SchoolClass.objects.filter(pk=class_id).values_list("title", flat=True).first()
            run.problem(None, None, f"This import would remove {gone} of the {total} students of the class "
                        f"“{title}”. If that is right, confirm the removals and import again.",
                        file="enrollments.csv")  # fmt: skip


def _apply_roles(run: Run) -> None:
    """1.2: a person's primary role (and its school) comes from roles.csv."""
    by_person: dict[str, tuple[str, str]] = {}
    for row in run.bundle.rows("roles"):
        if row.deleted:
            continue
        sid = row.get("userSourcedId")
        if run.refs("person", sid, row, "userSourcedId") is None:
            continue
        if row.get("roleType") == "primary" or sid not in by_person:
            by_person[sid] = (row.get("role"), row.get("orgSourcedId"))
    people = Person.objects.filter(district=run.district)
    for sid, (role, org) in by_person.items():
        people.filter(sourced_id=sid).update(role=role[:40], orgs=[org] if org else [])
    run.count("person", "roles", len(by_person))


def _apply_demographics(run: Run) -> None:
    """Only the birth date is kept (an eligible student's age); a demographics row is its person's."""
    people = Person.objects.filter(district=run.district)
    kept = 0
    for row in run.bundle.rows("demographics"):
        born = None if row.deleted else parse_date(row.get("birthDate"))
        if run.refs("person", row.get("sourcedId"), row, "sourcedId") is not None:
            kept += people.filter(sourced_id=row.get("sourcedId")).update(birth_date=born)
    run.count("person", "birth dates", kept)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _digest(path: Path) -> str:
    if not path.is_file():
        return ""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
