"""Directory information (issue 13, item 5): the district's designated categories, each request a
third party makes for them, and every disclosure, per student.

FERPA lets a district disclose "directory information" (34 CFR 99.3: name, address, telephone
listing, photograph, grade level, dates of attendance, ...) without consent, but only the categories
it designated in a public notice, and never for a student whose parent or eligible student refused
(34 CFR 99.37). The district's policy adds: only where a school purpose is served.

- `DirectorySettings`: one row per district (none: the default list, no notice recorded).
- `DirectoryRequest`: who asks, for what, which items, which students; the school-purpose finding
  and the decision (disclose / refuse, with who and why).
- `DirectoryDisclosure`: one row per student disclosed, written when the request is decided
  "disclose". Never changed: a later opt-out does not remove it (it happened), and a later
  disclosure excludes the student (vetted.rights.directory.services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District


class DirectorySettings(models.Model):
    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    # Codes from vetted.rights.directory.items.ITEMS that the district designated as directory information.
    items = models.JSONField(default=list)
    # 34 CFR 99.37(a): the public notice of the categories and of the right to refuse.
    notice_given_on = models.DateField(null=True, blank=True)
    notice_where = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Directory-information settings"


class DirectoryRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received: not decided"
        DISCLOSED = "disclosed", "Disclosed"
        REFUSED = "refused", "Refused"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    requester_name = models.CharField(max_length=200)
    requester_organisation = models.CharField(max_length=200, blank=True)
    requester_contact = models.CharField(max_length=300)
    purpose = models.TextField(max_length=3000)
    items = models.JSONField(default=list)  # item codes asked for (vetted.rights.directory.items)
    # Which students: the whole district, or every student matching all the limits that are set.
    whole_district = models.BooleanField(default=False)
    schools = models.ManyToManyField("rosters.Org", blank=True, related_name="+")
    grades = models.JSONField(default=list, blank=True)  # grade integers (K = 0), as Person.grade
    students = models.ManyToManyField("rosters.Person", blank=True, related_name="+")
    received_on = models.DateField()
    # The school-purpose finding (None: not decided yet); who made it is `decided_by`.
    serves_school_purpose = models.BooleanField(null=True, blank=True)
    school_purpose_reason = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    refusal_reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    disclosed_count = models.PositiveIntegerField(default=0)
    excluded_count = models.PositiveIntegerField(default=0)  # opted out at the decision: how many, never who
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["district", "status", "-received_on"], name="directory_request_list")]

    def __str__(self) -> str:
        # No requester name: this is what an audit event's subject label shows.
        return f"Directory request {self.pk}"

    @property
    def recipient(self) -> str:
        """To whom, as families read it: the organisation, and the person who asked."""
        if self.requester_organisation:
            return f"{self.requester_organisation} ({self.requester_name})"
        return self.requester_name


class DirectoryDisclosure(models.Model):
    """One student's directory information disclosed to one requester."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(DirectoryRequest, on_delete=models.CASCADE, related_name="disclosures")
    student = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")
    items = models.JSONField(default=list)  # the item codes disclosed
    recipient = models.CharField(max_length=420)  # to whom, as it was at the disclosure
    disclosed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "student"], name="directory_disclosure_once")
        ]
        indexes = [
            models.Index(fields=["district", "student", "-disclosed_at"], name="directory_disclosure_student")
        ]

    def __str__(self) -> str:
        return f"Directory disclosure {self.pk}"
