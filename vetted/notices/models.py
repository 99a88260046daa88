"""Notices to families: a district's wording per kind and language, each notice as sent (its exact
text per language, with a hash), one recipient row per family address or printed letter, and the
students each recipient is told about. Messages themselves are vetted.outbox rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District


class NoticeKind(models.TextChoices):
    CONTRACT_EXECUTED = "contract_executed", "Contract executed"
    PERMISSION_REQUEST = "permission_request", "Permission request"
    BREACH = "breach", "Data breach"


class NoticeTemplate(models.Model):
    """A district's own wording of a kind in a language; without one, the product's text is used
    (vetted/notices/languages/<code>/<kind>.txt)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="notice_templates")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    language = models.CharField(max_length=35, help_text="Language code, e.g. en, es, vi")
    subject = models.CharField(max_length=300)
    body = models.TextField(max_length=20000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "kind", "language"], name="one_template_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"


class Notice(models.Model):
    """One notice to the families concerned by one agreement, resource or (later) incident."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    status = models.CharField(max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    resource = models.ForeignKey(
        "catalog.Resource", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Any other subject (an incident, later), named generically like clocks.Obligation does.
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    # Public words, written for families: shown in the notice and on the public posting.
    title = models.CharField(max_length=200)
    description = models.TextField("brief description", max_length=2000, blank=True)
    purpose = models.TextField(max_length=2000, blank=True)
    # Named facts the kind's text uses beyond the above (a breach's "what happened" ...), public too.
    facts = models.JSONField(default=dict, blank=True)
    post_publicly = models.BooleanField(
        default=True, help_text="Show this notice on the district's public notices page once sent"
    )
    include_students = models.BooleanField(
        default=True, help_text="Also send to students' own e-mail addresses, where the roster has them"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # students, emails, letters, per language
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["district", "status", "-sent_at"])]

    def __str__(self) -> str:
        return self.title


class NoticeText(models.Model):
    """The exact text of a sent notice in one language. `{{students}}` and `{{link}}` stay as
    placeholders (each family's own); `sha256` names this version in consent records."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=35)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "language"], name="one_text_per_language")]

    def __str__(self) -> str:
        return f"{self.notice_id} ({self.language})"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Printed letter"


class Recipient(models.Model):
    """One address a notice goes to: a guardian's or student's e-mail, or a printed letter to the
    family of a student nobody can be e-mailed about."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "rosters.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    email = models.CharField(max_length=320, blank=True)
    name = models.CharField(max_length=300, blank=True)  # how the letter or greeting names them
    language = models.CharField(max_length=35)
    # The random half of the family's link (vetted.notices.links); answering a link sets answered_at.
    token_nonce = models.CharField(max_length=32)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["notice", "channel"])]

    def __str__(self) -> str:
        return f"{self.channel} for notice {self.notice_id}"


class RecipientStudent(models.Model):
    """A student a recipient is told about (a family with two children gets one message naming both)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="students")
    student = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "student"], name="one_row_per_recipient_student")
        ]
        indexes = [models.Index(fields=["student"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.student_id}"


# --- consent (issue 11, item 4): a family's answer to a permission request, kept row by row ---------


class Decision(models.TextChoices):
    CONSENT = "consent", "Permission given"
    DECLINE = "decline", "Declined"
    WITHDRAWN = "withdrawn", "Permission withdrawn"


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    GUARDIAN = "guardian", "Legal guardian"
    OTHER = "other", "Other person allowed to decide for the student"
    SELF = "self", "The student (18 or older)"


class AnswerChannel(models.TextChoices):
    EMAIL_LINK = "email_link", "The family's signed link"
    LETTER_REPLY = "letter_reply", "A reply slip, recorded by staff"
    PORTAL = "portal", "The family portal"


class ConsentReceipt(models.Model):
    """One answer given through a family's link: the random half of the separate withdrawal link
    the receipt e-mail carries (vetted.notices.consent), used once (withdrawn_at)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="receipts")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Receipt {self.pk} for recipient {self.recipient_id}"


class Consent(models.Model):
    """One answer about one student and one resource. Append-only: a change of mind is a new row,
    and the newest row (highest id) per (district, resource, student) is the current state.

    What a district must be able to show: who answered (the typed name, the relationship), the exact
    text they were shown (`text_sha256` of the NoticeText, and its language), when, how (channel),
    and from where (client address, browser)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey("catalog.Resource", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")
    # Who answered, when the roster knows them (the guardian or the student behind the recipient).
    guardian = models.ForeignKey(
        "rosters.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    receipt = models.ForeignKey(
        ConsentReceipt, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    typed_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=10, choices=Relationship.choices)
    text_sha256 = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=35, blank=True)
    channel = models.CharField(max_length=12, choices=AnswerChannel.choices)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["district", "resource", "student", "-id"], name="consent_current")]

    def __str__(self) -> str:
        # No names: this is what an audit event's subject label shows.
        return f"Consent {self.pk} ({self.decision})"


# --- letters (issue 11, item 5) ---


class LetterFileStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Printing"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class LetterFile(models.Model):
    """The office's one PDF of a notice's printed letters (vetted.notices.services.letters): which
    stored file holds it, how many letters and pages, and where its making stands."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="letter_file")
    status = models.CharField(max_length=8, choices=LetterFileStatus.choices, default=LetterFileStatus.QUEUED)
    stored_path = models.CharField(max_length=200, blank=True)  # documents.storage area/name
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.BigIntegerField(default=0)
    letters = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"letters of notice {self.notice_id} ({self.status})"
