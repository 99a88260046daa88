"""Benchmark: import a generated OneRoster 1.1 bundle (issue 11's figure: 500,000 users and 2,000,000
enrollments under 3 minutes and 1 GB peak memory, on SQLite and on PostgreSQL).

Writes the bundle once under var/bench/roster-<users>/ (fictional people on .example addresses),
migrates a fresh database, imports it with `vetted.rosters.importer.import_bundle` in this process,
and prints the wall time and this process's peak resident memory. Then imports it a second time
(everything is updated, nothing created) and times that too. Usage:

    python benchmarks/roster_import.py --db sqlite [--users 500000 --enrollments 2000000]
    python benchmarks/roster_import.py --db postgres
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_db import fresh_database  # noqa: E402

SCHOOLS, CLASS_SIZE = 50, 25


def configure(db: str, users: int) -> None:
    fresh_database(db, f"roster-{users}" if db == "sqlite" else "roster")


def _write(path: Path, header: list[str], rows: object) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


def generate(folder: Path, users: int, enrollments: int) -> Path:
    """Students (80%), their guardians (15%) and teachers (5%); classes of 25; each student in
    enrollments/students classes."""
    if (folder / "manifest.csv").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    students, guardians = int(users * 0.80), int(users * 0.15)
    teachers = users - students - guardians
    per_student = max(1, enrollments // max(students, 1))
    classes = max(1, students * per_student // CLASS_SIZE)
    files = ["academicSessions", "classes", "courses", "demographics", "enrollments", "orgs", "users"]
    (folder / "manifest.csv").write_text(
        "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n"
        + "".join(f"file.{f},{'bulk' if f != 'demographics' else 'absent'}\n" for f in files)
    )
    _write(folder / "orgs.csv", ["sourcedId", "name", "type", "parentSourcedId"],
           [["d", "Bench District", "district", ""]] + [[f"o{i}", f"School {i}", "school", "d"] for i in range(SCHOOLS)])  # fmt: skip
    _write(folder / "academicSessions.csv", ["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"],
           [["sy", "2026-2027", "schoolYear", "2026-08-31", "2027-06-18", "2027"]])  # fmt: skip
    _write(folder / "courses.csv", ["sourcedId", "title", "orgSourcedId", "grades"],
           [[f"c{i}", f"Course {i}", f"o{i % SCHOOLS}", "05"] for i in range(SCHOOLS * 10)])  # fmt: skip
    _write(folder / "classes.csv",
           ["sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds", "grades"],
           ([f"k{i}", f"Class {i}", f"c{i % (SCHOOLS * 10)}", "scheduled", f"o{i % SCHOOLS}", "sy", "05"]
            for i in range(classes)))  # fmt: skip
    header = ["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName", "email",
              "agentSourcedIds", "grades", "ext_language"]  # fmt: skip

    def people() -> object:
        for i in range(students):
            yield [
                f"s{i}",
                "true",
                f"o{i % SCHOOLS}",
                "student",
                f"s{i}",
                "Student",
                f"Number{i}",
                "",
                f"g{i % guardians}",
                "05",
                "en",
            ]
        for i in range(guardians):
            yield [
                f"g{i}",
                "true",
                f"o{i % SCHOOLS}",
                "parent",
                f"g{i}",
                "Parent",
                f"Number{i}",
                f"g{i}@family.example",
                "",
                "",
                "es",
            ]
        for i in range(teachers):
            yield [
                f"t{i}",
                "true",
                f"o{i % SCHOOLS}",
                "teacher",
                f"t{i}",
                "Teacher",
                f"Number{i}",
                f"t{i}@bench.example",
                "",
                "",
                "",
            ]

    _write(folder / "users.csv", header, people())

    def enrolled() -> object:
        n = 0
        for i in range(students):
            for j in range(per_student):
                k = (i * per_student + j) % classes
                yield [f"e{n}", f"k{k}", f"o{k % SCHOOLS}", f"s{i}", "student"]
                n += 1
                if n >= enrollments:
                    return

    _write(folder / "enrollments.csv", ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"],
           enrolled())  # fmt: skip
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=500_000)
    parser.add_argument("--enrollments", type=int, default=2_000_000)
    args = parser.parse_args()
    folder = generate(
        ROOT / "var" / "bench" / f"roster-{args.users}-{args.enrollments}", args.users, args.enrollments
    )
    configure(args.db, args.users)
    from vetted.districts.models import District
    from vetted.rosters.importer import import_bundle

    district = District.objects.create(
        slug="bench", name="Bench District", state="CT", time_zone="America/New_York"
    )
    for label in ("first import (all created)", "second import (all updated)"):
        started = time.perf_counter()
        job = import_bundle(district, folder)
        took = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert job.status == "done", job.problems[:5]
        people = job.counts.get("person", {})
        print(f"{args.db} {label}: {args.users:,} users, {args.enrollments:,} enrollments in {took:.1f} s; "
              f"peak memory {peak_mb:.0f} MB; people {people}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
