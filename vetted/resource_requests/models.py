"""A staff request for a technology resource, its reviewers and votes, comments and outgoing mail."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vetted.catalog.grades import GRADE_CHOICES, band_label
from vetted.catalog.models import DataElement, Resource, Subject
from vetted.districts.models import District
from vetted.documents.models import ReadJob

from .states import Outcome, State

TEXT_MAX = 5000


class ReviewPolicy(models.Model):
    """A district's rules for reviewing requests. Absent row = the defaults below."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="review_policy")
    quorum = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="How many reviewers must agree before a request is decided.",
    )
    review_business_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Business days from submission to the committee's deadline.",
    )
    reminder_business_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(30)],
        help_text="Reviewers are reminded this many business days before the deadline.",
    )
    auto_assign = models.BooleanField(
        default=True, help_text="Assign reviewers by rotation (least recently assigned) on submission."
    )
    require_executed_agreement = models.BooleanField(
        "approve only under an executed agreement",
        default=False,
        help_text="A resource that stores student information is approved only once a fully executed "
        "data privacy agreement in this district covers it (an admin may override, with a reason).",
    )

    def __str__(self) -> str:
        return f"Review policy of {self.district}"


class YesNoUnknown(models.TextChoices):
    """A teacher's answer where "I don't know" is an honest answer, never read as "no"."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "I don't know"


# The questions that take that answer.
ParentalPermission = YesNoUnknown
Under13 = YesNoUnknown


class ResourceRequest(models.Model):
    """The district's "Staff request for approval of technology resources", one row per request."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="resource_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Name and position as they were when the request was filed (the account may change later).
    requester_name = models.CharField(max_length=200, blank=True)
    requester_position = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=32, choices=State.choices, default=State.DRAFT)

    # The form's questions.
    grade_min = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    grade_max = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    resource_name = models.CharField("name of the resource", max_length=200)
    vendor_name = models.CharField("company that provides it", max_length=200, blank=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX)
    resource_url = models.URLField("link to the resource", max_length=500, blank=True)
    planned_use = models.TextField("how you plan to use it", blank=True, max_length=TEXT_MAX)
    information_shared = models.TextField("what information will be shared", blank=True, max_length=TEXT_MAX)
    who_has_access = models.TextField("who will have access", blank=True, max_length=TEXT_MAX)
    # The same in structured form, carried into the catalogue on approval (the free text above is
    # for the committee; it never reaches a public page).
    data_elements = models.ManyToManyField(DataElement, blank=True, related_name="+")
    collects_no_student_data = models.BooleanField("it collects no student information", default=False)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+")
    under_13 = models.CharField(
        "children under 13 will use it", max_length=10, choices=Under13.choices, default=Under13.UNKNOWN
    )
    student_accounts = models.BooleanField("students must sign up for an account", default=False)
    app_download = models.BooleanField("students must download an app", default=False)
    app_requires_parental_permission = models.CharField(
        "the application itself asks for parental permission",
        max_length=10,
        choices=ParentalPermission.choices,
        default=ParentalPermission.UNKNOWN,
    )
    terms_url = models.URLField("terms of service link", max_length=500, blank=True)
    privacy_policy_url = models.URLField("privacy policy link", max_length=500, blank=True)
    data_sharing_agreement = models.BooleanField(
        "the vendor asks the district to sign a contract or data-sharing agreement", default=False
    )
    # A catalogue resource the request is about (picked from the suggestions, matched, or created).
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # The technology director's gate.
    terms_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms_approved_at = models.DateTimeField(null=True, blank=True)
    # A refusal decides the request (not approved); these say it was the director's, not the committee's.
    terms_refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms_refused_at = models.DateTimeField(null=True, blank=True)

    # The outcome.
    outcome = models.CharField(max_length=40, choices=Outcome.choices, blank=True)
    # The reason the requester reads (votes, the director's refusal): district-internal.
    decision_reason = models.TextField(blank=True, max_length=TEXT_MAX)
    # The reason the district publishes in its registry, if any: written for the public on purpose.
    public_reason = models.TextField(blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # An admin approved before the district's policy was met: who, when and why (also audited).
    policy_override_reason = models.TextField(blank=True, max_length=2000)
    policy_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    policy_override_at = models.DateTimeField(null=True, blank=True)

    # Clocks: computed once at submission; the worker claims reminders with compare-and-swap.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When the committee last asked the requester a question: the clock pauses until the answer.
    information_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["district", "state", "due_at"]),
            models.Index(fields=["requester", "state"]),
            models.Index(
                fields=["remind_at"], condition=Q(reminder_sent_at__isnull=True), name="treq_remind_due"
            ),
            models.Index(fields=["due_at"], condition=Q(escalated_at__isnull=True), name="treq_escalate_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_min__isnull=True)
                | Q(grade_max__isnull=True)
                | Q(grade_min__lte=models.F("grade_max")),
                name="treq_grade_band_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(state="decided") | ~Q(outcome=""), name="treq_decided_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk}: {self.resource_name}"

    @property
    def grade_band(self) -> str:
        if self.grade_min is None and self.grade_max is None:
            return "Not for students"
        return band_label(self.grade_min, self.grade_max)

    @property
    def terms_review_required(self) -> bool:
        """Seed policy: terms / data-sharing agreements need the technology director's approval,
        however they arrived: a link, the form's question, or the document attached to the request."""
        if self.terms_url or self.data_sharing_agreement:
            return True
        if self.pk is None:
            return False
        return (
            RequestAttachment.objects.filter(request_id=self.pk, kind__in=TERMS_KINDS)
            .exclude(status=AttachmentStatus.REFUSED)
            .exists()
        )

    @property
    def terms_pending(self) -> bool:
        return self.terms_review_required and self.terms_approved_at is None and self.terms_refused_at is None


class Assignment(models.Model):
    """A reviewer assigned to a request, and that reviewer's vote (one per reviewer)."""

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Kept for the rotation query ("least recently assigned in this district").
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    vote = models.CharField(max_length=40, choices=Outcome.choices, blank=True)
    vote_reason = models.TextField(blank=True, max_length=TEXT_MAX)
    # What the registry may say of the decision, written for the public (vote_reason is internal).
    public_reason = models.TextField(blank=True, max_length=2000)
    voted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "reviewer"], name="one_assignment_per_reviewer")
        ]
        indexes = [models.Index(fields=["district", "reviewer", "-assigned_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.request}"


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        INFORMATION_REQUEST = "information_request", "Question to the requester"
        RESPONSE = "response", "Answer from the requester"
        VOTE = "vote", "Vote"

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author} on {self.request}"


class AttachmentKind(models.TextChoices):
    TERMS = "terms", "Terms of service"
    PRIVACY_POLICY = "privacy_policy", "Privacy policy"
    AGREEMENT = "agreement", "Vendor's data agreement"
    OTHER = "other", "Other document"


class AttachmentStatus(models.TextChoices):
    READING = "reading", "Being read"
    READ = "read", "Read"
    REFUSED = "refused", "Refused"


# Attached documents that bring in the technology director's gate.
TERMS_KINDS = (AttachmentKind.TERMS, AttachmentKind.AGREEMENT)


class RequestAttachment(models.Model):
    """A vendor's terms or privacy policy attached to a request. The worker reads it (vetted.documents
    read queue, in a limited child) and records its red flags, or refuses it with the reason."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.TERMS)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=8, choices=AttachmentStatus.choices, default=AttachmentStatus.READING
    )
    read_job = models.OneToOneField(
        ReadJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    refusal = models.CharField(max_length=500, blank=True)  # why the reader refused it
    # Set when the retention job erased a refused file's name (vetted.site.retention).
    metadata_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    review = models.JSONField(default=dict, blank=True)  # the review engine's result
    red_flags = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class RedFlagAnswer(models.Model):
    """A committee member's answer to one red flag of an attached document (one per provision):
    why it does not stop the approval, or what was done about it. The policy gate needs one for
    each flag before an approval is recorded."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    attachment = models.ForeignKey(RequestAttachment, on_delete=models.CASCADE, related_name="flag_answers")
    provision_id = models.CharField(max_length=64)
    answer = models.TextField(max_length=2000)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attachment", "provision_id"], name="one_answer_per_red_flag")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.provision_id} on {self.attachment}"
