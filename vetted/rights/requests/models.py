"""Rights requests: a parent's, guardian's or eligible student's request to inspect, correct, delete
or export what vendors hold about a student, and one task per vendor involved.

A request's deadline is a column (`due_at`, from the pack stack, the strictest layer) and also an
open clocks.Obligation about it, so it shows on the obligations page and the calendar feed. The
timeline of a request is its audit trail (every change is an event about the request).

Statuses, in the order a request moves: `confirming` (a portal request waiting for its fresh
one-time code; not yet in the district's queue) -> `identity` (a staff-entered request, until staff
record how identity was checked) -> `received` -> `with_vendors` -> `done` or `refused`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.catalog.models import Resource, Vendor
from vetted.districts.models import District
from vetted.kit.links import new_nonce


class RequestKind(models.TextChoices):
    INSPECT = "inspect", "Inspect (see what a vendor holds)"
    CORRECT = "correct", "Correct what is wrong"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export student work to an address"


class RequestStatus(models.TextChoices):
    CONFIRMING = "confirming", "Waiting for the family's code"
    IDENTITY = "identity", "Waiting for identity"
    RECEIVED = "received", "Received"
    WITH_VENDORS = "with_vendors", "With the vendors"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"


OPEN_STATUSES = (RequestStatus.IDENTITY, RequestStatus.RECEIVED, RequestStatus.WITH_VENDORS)


class Channel(models.TextChoices):
    PORTAL = "portal", "The family portal"
    PAPER = "paper", "On paper"
    PHONE = "phone", "By phone"
    EMAIL = "email", "By e-mail"


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    GUARDIAN = "guardian", "Guardian"
    SELF = "self", "The student (eligible student)"


class RightsRequest(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")
    # The roster person who asked (a portal request always has one); a staff-entered request may
    # name someone the roster does not hold (requester_name / requester_email only).
    requester = models.ForeignKey(
        "rosters.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requester_name = models.CharField(max_length=200, blank=True)
    requester_email = models.CharField(max_length=320, blank=True)
    relationship = models.CharField(max_length=10, choices=Relationship.choices)
    language = models.CharField(max_length=8, default="en")  # the family's mail and pages
    kind = models.CharField(max_length=8, choices=RequestKind.choices)
    correction_wrong = models.TextField("what is wrong", max_length=2000, blank=True)
    correction_right = models.TextField("what it should say", max_length=2000, blank=True)
    export_address = models.CharField("where to send the export", max_length=320, blank=True)
    details = models.TextField("anything else", max_length=2000, blank=True)
    resources = models.ManyToManyField(Resource, blank=True, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=12, choices=RequestStatus.choices)
    received_at = models.DateTimeField(null=True, blank=True)  # the clock's event time
    due_at = models.DateTimeField(null=True, blank=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    deadline_id = models.CharField(max_length=64, blank=True)
    deadline_citation = models.CharField(max_length=500, blank=True)
    decided_by = models.CharField(max_length=64, blank=True)  # the pack whose rule set due_at
    extension_reason = models.TextField(max_length=2000, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    identity_method = models.TextField("how identity was checked", max_length=1000, blank=True)
    identity_checked_at = models.DateTimeField(null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.TextField("reason (the family reads it)", max_length=2000, blank=True)
    outcome_note = models.TextField("the outcome (the family reads it)", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["district", "status", "due_at"], name="rights_request_queue"),
            models.Index(fields=["district", "student", "-id"], name="rights_request_student"),
        ]

    def __str__(self) -> str:
        # No name: this is what audit events and obligations show as the subject.
        return f"Rights request {self.pk} ({self.kind})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskStatus(models.TextChoices):
    OPEN = "open", "Waiting for the vendor"
    ANSWERED = "answered", "Answered"
    CANCELLED = "cancelled", "Cancelled"


class TaskOutcome(models.TextChoices):
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"


class RequestTask(models.Model):
    """One vendor's part of a request, answered through a secure, expiring, single-use link (the
    token is signed over (pk, nonce); vetted.kit.links)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="tasks")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="+")
    resources = models.ManyToManyField(Resource, blank=True, related_name="+")
    sent_to = models.CharField(max_length=320)  # the vendor's privacy contact when the link went out
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    outcome = models.CharField(max_length=8, choices=TaskOutcome.choices, blank=True)
    statement = models.TextField(max_length=5000, blank=True)
    reason = models.TextField(max_length=2000, blank=True)
    file_path = models.CharField(max_length=200, blank=True)  # documents storage, random name
    file_name = models.CharField(max_length=200, blank=True)
    file_kind = models.CharField(max_length=16, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    nonce = models.CharField(max_length=32, default=new_nonce)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField()
    due_at = models.DateTimeField()  # the vendor's answer is due; then one reminder
    escalate_at = models.DateTimeField()  # still unanswered: the district's admins are told, once
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="rights_task_due"),
            models.Index(fields=["status", "escalate_at"], name="rights_task_escalate"),
        ]
        constraints = [models.UniqueConstraint(fields=["request", "vendor"], name="rights_task_per_vendor")]

    def __str__(self) -> str:
        return f"Rights request {self.request_id}, vendor task {self.pk}"
