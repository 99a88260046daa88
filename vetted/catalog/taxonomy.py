"""The fixed taxonomy of data elements and subjects, loaded by a data migration.

Categories follow the NDPA Exhibit B schedule of data; the extra elements are the personal
information the Connecticut seed policy lists (biometrics, geolocation, search activity, ...).
Directory information follows FERPA's usual designations; a district may designate fewer.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

# (code, name, category, is_directory, sensitivity, description)
DATA_ELEMENTS: list[tuple[str, str, str, bool, str, str]] = [
    ("ip-address", "IP address and device identifiers", "Application technology metadata", False, "moderate",
     "Network address, device or browser identifiers, cookies"),
    ("app-metadata-other", "Other technical metadata", "Application technology metadata", False, "low", ""),
    ("usage-statistics", "Use statistics", "Application use statistics", False, "low",
     "How the student uses the application: pages, clicks, time spent"),
    ("standardized-test-scores", "Standardized test scores", "Assessment", False, "high", ""),
    ("test-results", "Test and quiz results", "Assessment", False, "high", "Results of classroom assessments"),
    ("observation-data", "Observation data", "Assessment", False, "moderate", ""),
    ("attendance", "Attendance", "Attendance", False, "moderate", "Days or classes attended or missed"),
    ("online-communications", "Messages and online communications", "Communications", False, "high",
     "E-mail, chat, text messages, posts"),
    ("discipline", "Discipline and conduct records", "Conduct", False, "high", ""),
    ("date-of-birth", "Date of birth", "Demographics", True, "moderate", ""),
    ("place-of-birth", "Place of birth", "Demographics", True, "low", ""),
    ("gender", "Gender", "Demographics", False, "moderate", ""),
    ("race-ethnicity", "Race and ethnicity", "Demographics", False, "high", ""),
    ("language", "Language information", "Demographics", False, "moderate", "Native or home language"),
    ("enrollment", "School enrollment", "Enrollment", True, "low", "School, dates of attendance"),
    ("grade-level", "Grade level", "Enrollment", True, "low", ""),
    ("homeroom", "Homeroom and guidance counselor", "Enrollment", False, "low", ""),
    ("graduation-year", "Year of graduation", "Enrollment", True, "low", ""),
    ("parent-contact", "Parent or guardian contact information", "Parent/guardian contact", True, "moderate",
     "Address, e-mail, phone of a parent or guardian"),
    ("parent-name", "Parent or guardian name", "Parent/guardian name", True, "low", ""),
    ("schedule", "Class schedule and teacher names", "Schedule", False, "low", ""),
    ("english-learner", "English learner status", "Special indicator", False, "high", ""),
    ("low-income", "Low-income or free-lunch status", "Special indicator", False, "high",
     "Socioeconomic information, food purchases"),
    ("special-education", "Special education data (IEP, 504)", "Special indicator", False, "high", ""),
    ("disabilities", "Disabilities", "Special indicator", False, "high", ""),
    ("living-situation", "Living situation (homeless, foster care)", "Special indicator", False, "high",
     "Including juvenile dependency records"),
    ("health", "Health and medical records", "Special indicator", False, "high", "Medical alerts, health records"),
    ("student-address", "Student home address", "Student contact information", True, "moderate", ""),
    ("student-email", "Student e-mail address", "Student contact information", True, "moderate", ""),
    ("student-phone", "Student telephone number", "Student contact information", True, "moderate", ""),
    ("student-id", "Student ID numbers", "Student identifiers", False, "moderate", "Local or state ID"),
    ("app-credentials", "User name and password for the application", "Student identifiers", False, "moderate",
     ""),
    ("ssn", "Social security number", "Student identifiers", False, "high", ""),
    ("student-name", "Student name", "Student name", True, "low", "First and last name"),
    ("in-app-performance", "Performance in the application", "Student in-app performance", False, "moderate",
     "Reading level, progress, scores inside the program"),
    ("program-membership", "Program and activity membership", "Student program membership", True, "low",
     "Clubs, sports, academic programs"),
    ("survey-responses", "Survey responses", "Student survey responses", False, "high", ""),
    ("student-work", "Student work", "Student work", False, "moderate",
     "Essays, projects, portfolios, recordings the student creates"),
    ("documents", "Documents and files", "Student work", False, "moderate", "Documents the student uploads"),
    ("grades", "Grades", "Transcript", False, "high", "Course grades and credits"),
    ("evaluations", "Evaluations", "Transcript", False, "high", "Teacher and specialist evaluations"),
    ("transportation", "Transportation", "Transportation", False, "moderate", "Bus stop and bus assignment"),
    ("photos", "Photographs", "Media", True, "moderate", "Photos or images of the student"),
    ("video", "Video recordings", "Media", False, "high", ""),
    ("voice-recordings", "Voice recordings", "Media", False, "high", ""),
    ("biometric", "Biometric information", "Sensitive", False, "high", "Fingerprints, face or voice prints"),
    ("geolocation", "Geolocation", "Sensitive", False, "high", "Precise location of the device"),
    ("search-activity", "Search and browsing activity", "Sensitive", False, "high", ""),
    ("criminal-records", "Criminal records", "Sensitive", False, "high", ""),
    ("political-affiliation", "Political affiliation", "Sensitive", False, "high", ""),
    ("religious-information", "Religious information", "Sensitive", False, "high", ""),
]  # fmt: skip

SUBJECTS: list[str] = [
    "Art", "Career and Technical Education", "Computer Science", "English Language Arts", "English Learners",
    "Health", "Library and Research", "Mathematics", "Music", "Physical Education", "Science",
    "Social Studies", "Special Education", "World Languages", "Assessment", "Communication",
    "Productivity", "Administration",
]  # fmt: skip


def load_taxonomy(apps: Any, schema_editor: Any) -> None:
    """Insert or update every element; used by data migrations so later additions are one call."""
    data_element = apps.get_model("catalog", "DataElement")
    subject = apps.get_model("catalog", "Subject")
    for position, (code, name, category, directory, sensitivity, description) in enumerate(DATA_ELEMENTS):
        data_element.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "is_directory": directory,
                "sensitivity": sensitivity,
                "description": description,
                "position": position,
            },
        )
    for name in SUBJECTS:
        subject.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    # Historical models have no save() hook: tell the registry's cached taxonomy here, once the
    # cache's table exists (on a fresh database it is made by a later migration).
    from django.conf import settings  # noqa: PLC0415 (this module is read by migrations: keep it light)

    from .registry_rows import taxonomy_changed  # noqa: PLC0415

    cache = settings.CACHES["default"]
    if (
        not str(cache["BACKEND"]).endswith("DatabaseCache")
        or cache["LOCATION"] in schema_editor.connection.introspection.table_names()
    ):
        taxonomy_changed()
