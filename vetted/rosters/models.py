"""A district's roster, from its OneRoster exports: the most sensitive data Vetted holds.

Rows are keyed by the export's `sourcedId` (case-sensitive) within the district. Only what Vetted
needs to know who uses what, and whom to tell, is kept: names, e-mail, grades, the schools and
classes, guardians, a birth date (an eligible student's age) and a preferred language. No
password, no race or ethnicity, no birthplace. Only admins see it (views come with the upload page).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District


class RosterImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Refused: nothing was imported"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="roster_imports")
    source_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    # An uploaded export waiting for the worker (deleted once read: the roster rows are what stays).
    upload_path = models.CharField(max_length=255, blank=True, editable=False)
    progress = models.JSONField(default=dict, blank=True)  # file -> rows read, written as it goes
    version = models.CharField(max_length=8, blank=True)
    modes = models.JSONField(default=dict, blank=True)  # file -> bulk / delta
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict, blank=True)  # what changed, per kind
    problems = models.JSONField(default=list, blank=True)  # the first ones, as the report shows them
    problem_count = models.PositiveIntegerField(default=0)
    removals_confirmed = models.BooleanField(default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Roster import {self.source_name} ({self.get_status_display()})"


class _Sourced(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    sourced_id = models.CharField(max_length=255)
    # The export's own time for the row: a delta row older than what is stored changes nothing.
    modified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


def _keyed(name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["district", "sourced_id"], name=f"{name}_sourced_once")]


class Org(_Sourced):
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=40)
    identifier = models.CharField(max_length=255, blank=True)
    parent_sourced_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = _keyed("roster_org")

    def __str__(self) -> str:
        return self.name


class AcademicSession(_Sourced):
    title = models.CharField(max_length=255)
    type = models.CharField(max_length=40)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    school_year = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = _keyed("roster_session")

    def __str__(self) -> str:
        return self.title


class Course(_Sourced):
    title = models.CharField(max_length=255)
    code = models.CharField(max_length=255, blank=True)
    org = models.ForeignKey(Org, null=True, on_delete=models.SET_NULL, related_name="+")
    grades = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = _keyed("roster_course")

    def __str__(self) -> str:
        return self.title


class SchoolClass(_Sourced):
    title = models.CharField(max_length=255)
    code = models.CharField(max_length=255, blank=True)
    school = models.ForeignKey(Org, null=True, on_delete=models.SET_NULL, related_name="classes")
    course = models.ForeignKey(Course, null=True, on_delete=models.SET_NULL, related_name="classes")
    grades = models.JSONField(default=list, blank=True)
    terms = models.JSONField(default=list, blank=True)  # sourcedIds of its academic sessions

    class Meta:
        constraints = _keyed("roster_class")

    def __str__(self) -> str:
        return self.title


class Person(_Sourced):
    """A student, a teacher, a guardian… (OneRoster's user); the role is the primary one."""

    role = models.CharField(max_length=40, blank=True)
    given_name = models.CharField(max_length=255)
    family_name = models.CharField(max_length=255)
    preferred_given_name = models.CharField(max_length=255, blank=True)
    username = models.CharField(max_length=255, blank=True)
    identifier = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=320, blank=True)
    grades = models.JSONField(default=list, blank=True)
    # The lowest of `grades` as the catalogue's integer (PK = -1, K = 0): matched against a band in SQL.
    grade = models.SmallIntegerField(null=True, blank=True)
    orgs = models.JSONField(default=list, blank=True)  # sourcedIds of its schools
    agents = models.JSONField(default=list, blank=True)  # sourcedIds it names as its agents (links.py)
    enabled = models.BooleanField(default=True)
    birth_date = models.DateField(null=True, blank=True)  # from demographics, for an eligible student's age
    language = models.CharField(max_length=35, blank=True)  # preferred language, from an ext_ column
    # An admin recorded `language` by hand: a later import keeps it (upsert.py, UPSERT_KEEP).
    language_set_by_admin = models.BooleanField(default=False)

    # Columns an import leaves as they are where the named flag is set (see upsert.py).
    UPSERT_KEEP = {"language": "language_set_by_admin"}

    class Meta:
        constraints = _keyed("roster_person")
        indexes = [models.Index(fields=["district", "role"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def first_name(self) -> str:
        """The name the person goes by: the preferred given name where the roster has one."""
        return self.preferred_given_name or self.given_name


class GuardianLink(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="student_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "guardian"], name="roster_guardian_once")]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student}"


class Enrollment(_Sourced):
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=40)
    primary = models.BooleanField(default=False)
    begin_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = _keyed("roster_enrollment")
        indexes = [models.Index(fields=["school_class", "role"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.school_class}"


class ResourceScope(models.Model):
    """Where in the district an approved resource is used: some schools, or some classes. None
    (no row, or both empty): everywhere its decision's grade band allows."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey("catalog.Resource", on_delete=models.CASCADE, related_name="+")
    schools = models.ManyToManyField(Org, blank=True, related_name="+")
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "resource"], name="roster_scope_once")]

    def __str__(self) -> str:
        return f"Where {self.resource_id} is used in {self.district}"
