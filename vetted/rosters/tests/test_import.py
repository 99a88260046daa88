"""Importing OneRoster bundles (issue 11, item 1): idempotent, all or nothing, bulk and delta as the
specification gives them, the mass-removal guard, guardians linked, nothing sensitive kept."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vetted.audit.models import AuditEvent
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import Course, Enrollment, GuardianLink, Org, Person, RosterImport, SchoolClass

from .bundles import ENROLLMENTS, MANIFEST_11, USERS_11, files_11, files_12, write, zipped

pytestmark = pytest.mark.django_db


def _snapshot(district: Any) -> dict[str, Any]:
    return {
        "people": sorted(
            Person.objects.filter(district=district).values_list("sourced_id", "given_name", "role")
        ),
        "enrollments": sorted(
            Enrollment.objects.filter(district=district).values_list("sourced_id", flat=True)
        ),
        "links": sorted(
            GuardianLink.objects.filter(district=district).values_list(
                "student__sourced_id", "guardian__sourced_id"
            )
        ),  # fmt: skip
        "classes": Enrollment.objects.filter(district=district).count() and SchoolClass.objects.count(),
    }


def _without_students(text: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for record in csv.reader(io.StringIO(text)):
        if "student" not in record:
            writer.writerow(record)
    return out.getvalue()


def _bulk(tenant: Any, tmp_path: Path, name: str = "b", **kw: Any) -> RosterImport:
    return import_bundle(tenant.district, write(tmp_path / name, files_11(kw.pop("changes", None))), **kw)


def test_a_bulk_11_bundle_imports_people_classes_and_guardians(tenant: Any, tmp_path: Path) -> None:
    job = _bulk(tenant, tmp_path, actor=tenant.user("admin"))
    assert job.status == "done", job.problems
    assert job.counts["person"]["created"] == 7 and job.counts["enrollment"]["created"] == 4
    anya = Person.objects.get(district=tenant.district, sourced_id="s-1")
    assert (anya.role, anya.language, str(anya.birth_date), anya.grades) == (
        "student",
        "es",
        "2017-01-05",
        ["04"],
    )
    assert Person.objects.get(sourced_id="s-2").family_name == "Okafor\r\nJr."
    links = _snapshot(tenant.district)["links"]
    # s-1 names g-1; s-2 names g-2 and g-3; g-3 (a relative) names s-2 and s-3.
    assert links == [("s-1", "g-1"), ("s-2", "g-2"), ("s-2", "g-3"), ("s-3", "g-3")]
    assert Course.objects.get(sourced_id="c-sci7").org == Org.objects.get(sourced_id="org-m")
    event = AuditEvent.objects.get(district=tenant.district, event_type="roster.imported")
    assert event.details["counts"]["person"]["created"] == 7


def test_nothing_sensitive_beyond_need_is_kept(tenant: Any, tmp_path: Path) -> None:
    _bulk(tenant, tmp_path)
    columns = {f.name for f in Person._meta.get_fields()}
    assert not columns & {"password", "sex", "race", "white", "asian", "country_of_birth", "city_of_birth"}
    stored = " ".join(
        str(v) for v in Person.objects.values_list("given_name", "family_name", "email", "username")
    )
    assert "hunter2" not in stored


def test_importing_the_same_bundle_twice_changes_nothing(tenant: Any, tmp_path: Path) -> None:
    _bulk(tenant, tmp_path)
    before = _snapshot(tenant.district)
    job = _bulk(tenant, tmp_path, "again")
    assert job.status == "done" and _snapshot(tenant.district) == before
    assert job.counts["person"].get("created", 0) == 0 and job.counts["person"].get("removed", 0) == 0


def test_a_12_bundle_takes_roles_from_roles_csv(tenant: Any, tmp_path: Path) -> None:
    job = import_bundle(tenant.district, write(tmp_path / "b", files_12()))
    assert job.status == "done", job.problems
    roles = dict(Person.objects.filter(district=tenant.district).values_list("sourced_id", "role"))
    assert roles == {"s-1": "student", "g-1": "parent"}
    assert list(GuardianLink.objects.values_list("student__sourced_id", "guardian__sourced_id")) == [
        ("s-1", "g-1")
    ]
    assert job.counts["userProfiles"]["read"] == 1  # read, and nothing of it kept


def test_a_refused_import_leaves_the_last_good_roster(tenant: Any, tmp_path: Path) -> None:
    _bulk(tenant, tmp_path)
    before = _snapshot(tenant.district)
    # The last row of the last file refers to a class nobody has: found only after everything else
    # was written in the transaction, which rolls back.
    broken = ENROLLMENTS + "e-9,,,cl-nowhere,org-e,s-1,student,false,2026-08-31,\n"
    renamed = USERS_11.replace("Anya,Rourke", "Anja,Rourke")
    job = _bulk(tenant, tmp_path, "broken", changes={"enrollments.csv": broken, "users.csv": renamed})
    assert job.status == "refused"
    assert job.problems[0] == {"file": "enrollments.csv", "line": 6, "column": "classSourcedId", "fatal": True,
                               "message": "No class has the sourcedId “cl-nowhere” in this bundle or the roster."}  # fmt: skip
    assert _snapshot(tenant.district) == before  # Anya is still Anya
    assert AuditEvent.objects.filter(event_type="roster.import_refused").count() == 1


def test_a_delta_after_a_bulk_adds_changes_and_removes(tenant: Any, tmp_path: Path) -> None:
    _bulk(tenant, tmp_path)
    manifest = MANIFEST_11.replace("file.users,bulk", "file.users,delta").replace(
        "file.enrollments,bulk", "file.enrollments,delta"
    )
    for name in ("orgs", "academicSessions", "courses", "classes", "demographics"):
        manifest = manifest.replace(f"file.{name},bulk", f"file.{name},absent")
    header = USERS_11.splitlines()[0].lstrip("\ufeff")
    users = "\n".join([header,
        "s-4,active,2026-10-01T09:00:00Z,true,org-e,student,dev.p,,Dev,Patel,,1004,,,,g-1,04,,",
        "s-3,tobedeleted,2026-10-01T09:00:00Z,,,,,,,,,,,,,,,,",
        "g-1,active,2026-10-01T09:00:00Z,true,org-e,parent,r.rourke,,Ruthie,Rourke,,,ruth.rourke@family.example,,,\"s-1,s-4\",,,es",
        "t-1,active,2020-01-01T00:00:00Z,true,org-e,teacher,m.ellery,,Stale,Ellery,,,,,,,,,",
    ]) + "\n"  # fmt: skip
    enrollments = (
        ENROLLMENTS.splitlines()[0] + "\ne-5,active,2026-10-01T09:00:00Z,cl-4a,org-e,s-4,student,false,,\n"
    )
    folder = write(
        tmp_path / "delta", {"manifest.csv": manifest, "users.csv": users, "enrollments.csv": enrollments}
    )
    # First the stale teacher row must not win: give t-1 a newer stored time.
    Person.objects.filter(sourced_id="t-1").update(modified_at="2026-09-01T00:00:00Z")
    job = import_bundle(tenant.district, folder)
    assert job.status == "done", job.problems
    people = dict(Person.objects.filter(district=tenant.district).values_list("sourced_id", "given_name"))
    assert "s-3" not in people and people["s-4"] == "Dev" and people["g-1"] == "Ruthie"
    assert people["t-1"] == "Mara" and job.counts["person"]["stale"] == 1
    assert Enrollment.objects.filter(sourced_id="e-5", person__sourced_id="s-4").exists()
    assert not Enrollment.objects.filter(sourced_id="e-3").exists()  # went with its student
    links = sorted(GuardianLink.objects.values_list("student__sourced_id", "guardian__sourced_id"))
    assert ("s-4", "g-1") in links and ("s-3", "g-3") not in links and ("s-1", "g-1") in links


def test_a_bulk_that_would_remove_most_students_waits_for_confirmation(tenant: Any, tmp_path: Path) -> None:
    _bulk(tenant, tmp_path)
    only_teachers = _without_students(USERS_11)
    no_students = _without_students(ENROLLMENTS)
    changes = {"users.csv": only_teachers, "enrollments.csv": no_students, "demographics.csv": None}
    job = _bulk(tenant, tmp_path, "shrunk", changes=changes)
    assert job.status == "refused"
    assert "would remove 3 of the district's 3 students (100%)" in job.problems[0]["message"]
    assert Person.objects.filter(district=tenant.district, role="student").count() == 3
    confirmed = _bulk(tenant, tmp_path, "shrunk-again", changes=changes, confirm_removals=True)
    assert confirmed.status == "done" and not Person.objects.filter(role="student").exists()
    assert confirmed.removals_confirmed


def test_a_sourced_id_differs_by_case(tenant: Any, tmp_path: Path) -> None:
    users = USERS_11 + "S-1,,,true,org-e,student,other.anya,,Other,Anya,,,,,,,04,,\n"
    job = _bulk(tenant, tmp_path, changes={"users.csv": users})
    assert job.status == "done", job.problems
    assert set(Person.objects.filter(sourced_id__in=["s-1", "S-1"]).values_list("given_name", flat=True)) == {
        "Anya", "Other"}  # fmt: skip


def test_a_district_never_sees_another_districts_roster(
    tenant: Any, other_tenant: Any, tmp_path: Path
) -> None:
    _bulk(tenant, tmp_path)
    job = import_bundle(other_tenant.district, write(tmp_path / "other", files_11()))
    assert job.status == "done"
    assert Person.objects.filter(district=tenant.district).count() == 7
    assert Person.objects.filter(district=other_tenant.district).count() == 7  # the same sourcedIds, apart


def test_the_command_imports_a_zip_and_reports_refusals(tenant: Any, tmp_path: Path, capsys: Any) -> None:
    archive = zipped(write(tmp_path / "b", files_11()), tmp_path / "roster.zip")
    call_command("import_oneroster", str(archive), "--district", tenant.district.slug)
    assert "Imported roster.zip" in capsys.readouterr().out
    broken = write(tmp_path / "broken", files_11({"users.csv": USERS_11.replace(",role,", ",rôle,")}))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_oneroster", str(broken), "--district", tenant.district.slug)
    assert (
        "refused: users.csv, line 1, column role: This required column is missing." in capsys.readouterr().out
    )


def test_a_12_users_file_without_roles_keeps_the_roles(tenant: Any, tmp_path: Path) -> None:
    import_bundle(tenant.district, write(tmp_path / "b", files_12()))
    files = files_12()
    files["manifest.csv"] = files["manifest.csv"].replace("file.roles,bulk", "file.roles,absent")
    files.pop("roles.csv")
    files["users.csv"] = files["users.csv"].replace("Anya,Rourke", "Anja,Rourke")
    job = import_bundle(tenant.district, write(tmp_path / "again", files))
    assert job.status == "done", job.problems
    anja = Person.objects.get(district=tenant.district, sourced_id="s-1")
    assert (anja.given_name, anja.role) == ("Anja", "student")
