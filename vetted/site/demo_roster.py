"""The demo district's roster: a small OneRoster 1.1 export written here (fictional families on the
reserved .example domain, one in four Spanish-speaking, a few with no e-mail address) and imported
through the real importer, so notices, letters and consent can be tried after `make run`.

The demo teacher (teacher@maple-hollow.example) teaches two of the classes."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from vetted.districts.models import District
from vetted.rosters.importer import import_bundle
from vetted.rosters.models import Person

GIVEN = ["Amara", "Bruno", "Celia", "Dmitri", "Esme", "Felix", "Gianna", "Hiro", "Ines", "Jonah", "Kaia",
         "Luca", "Mireya", "Nico", "Odette", "Pavel", "Quinn", "Rosa", "Soren", "Talia"]  # fmt: skip
FAMILY = ["Abernathy", "Bellweather", "Castellano", "Drummond", "Ekwueme", "Fairbrook", "Galindo",
          "Halloran", "Ibarra", "Jessup", "Kowalczyk", "Lindqvist", "Marchetti", "Nakamura", "Okonjo",
          "Pemberton", "Quiroga", "Rasmussen", "Santillan", "Thorvald"]  # fmt: skip
GUARDIAN = ["Alex", "Blair", "Carmen", "Dana", "Elena", "Frank", "Gloria", "Hector", "Ivy", "Jorge"]
# (sourcedId, title, grade, school, teacher e-mail or "")
CLASSES = [
    ("dm-c-3a", "Grade 3 Homeroom", 3, "dm-es", "teacher@maple-hollow.example"),
    ("dm-c-4a", "Grade 4 Homeroom", 4, "dm-es", "teacher@maple-hollow.example"),
    ("dm-c-5a", "Grade 5 Homeroom", 5, "dm-es", ""),
    ("dm-c-6s", "Science 6", 6, "dm-ms", ""),
    ("dm-c-7s", "Science 7", 7, "dm-ms", ""),
    ("dm-c-8a", "Art 8", 8, "dm-ms", ""),
]
PER_CLASS = 12


def _rows() -> dict[str, list[list[str]]]:
    files: dict[str, list[list[str]]] = {
        "orgs.csv": [["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
                     ["dm-d", "", "", "Maple Hollow Public Schools", "district", "MHPS", ""],
                     ["dm-es", "", "", "Maple Hollow Elementary School", "school", "MHES", "dm-d"],
                     ["dm-ms", "", "", "Maple Hollow Middle School", "school", "MHMS", "dm-d"]],
        "academicSessions.csv": [["sourcedId", "status", "dateLastModified", "title", "type", "startDate",
                                  "endDate", "parentSourcedId", "schoolYear"],
                                 ["dm-sy", "", "", "2026-2027", "schoolYear", "2026-08-31", "2027-06-18", "", "2027"]],
        "courses.csv": [["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode",
                         "grades", "orgSourcedId", "subjects", "subjectCodes"]],
        "classes.csv": [["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId",
                         "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects",
                         "subjectCodes", "periods"]],
        "users.csv": [["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role",
                       "username", "userIds", "givenName", "familyName", "middleName", "identifier", "email",
                       "sms", "phone", "agentSourcedIds", "grades", "password", "ext_language"]],
        "enrollments.csv": [["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId",
                             "userSourcedId", "role", "primary", "beginDate", "endDate"]],
    }  # fmt: skip
    teachers: dict[str, str] = {}
    n = 0
    for cid, title, grade, school, teacher in CLASSES:
        grade_code = f"{grade:02d}"
        files["courses.csv"].append(
            [f"{cid}-course", "", "", "dm-sy", title, cid.upper(), grade_code, school, "", ""]
        )
        files["classes.csv"].append([cid, "", "", title, grade_code, f"{cid}-course", cid.upper(), "homeroom", "",
                                     school, "dm-sy", "", "", "1"])  # fmt: skip
        if teacher:
            if teacher not in teachers:
                teachers[teacher] = f"dm-t{len(teachers) + 1}"
                files["users.csv"].append([teachers[teacher], "", "", "true", school, "teacher", "p.halvorsen", "",
                                           "Priya", "Halvorsen", "", "", teacher, "", "", "", "", "", "en"])  # fmt: skip
            files["enrollments.csv"].append([f"{cid}-{teachers[teacher]}", "", "", cid, school, teachers[teacher],
                                             "teacher", "true", "2026-08-31", ""])  # fmt: skip
        for _ in range(PER_CLASS):
            n += 1
            sid, gid = f"dm-s{n}", f"dm-g{n}"
            given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
            language = "es" if n % 4 == 0 else "en"
            # One family in eight left its e-mail address blank: the office prints their letters.
            guardian_email = (
                ""
                if n % 8 == 5
                else f"{GUARDIAN[n % len(GUARDIAN)].lower()}.{family.lower()}{n}@family.example"
            )
            files["users.csv"].append([sid, "", "", "true", school, "student", f"{given.lower()}{n}", "", given,
                                       family, "", f"S{1000 + n}", "", "", "", gid, grade_code, "", language])  # fmt: skip
            files["users.csv"].append([gid, "", "", "true", school, "parent", f"parent{n}", "", GUARDIAN[n % len(GUARDIAN)],
                                       family, "", "", guardian_email, "", "", sid, "", "", language])  # fmt: skip
            files["enrollments.csv"].append([f"{cid}-{sid}", "", "", cid, school, sid, "student", "false",
                                             "2026-08-31", ""])  # fmt: skip
    return files


MANIFEST = [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", "1.1"],
            ["file.orgs", "bulk"], ["file.academicSessions", "bulk"], ["file.courses", "bulk"],
            ["file.classes", "bulk"], ["file.users", "bulk"], ["file.enrollments", "bulk"],
            ["source.systemName", "Vetted demo"]]  # fmt: skip


def seed_demo_roster(district: District) -> bool:
    """Import the demo roster once; False when the district already has one."""
    if Person.objects.filter(district=district).exists():
        return False
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, rows in [("manifest.csv", MANIFEST), *_rows().items()]:
            with (root / name).open("w", newline="", encoding="utf-8") as stream:
                csv.writer(stream).writerows(rows)
        job = import_bundle(district, root)
    if job.status != "done":
        raise RuntimeError(f"the demo roster did not import: {job.problems[:3]}")
    return True
