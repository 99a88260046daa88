"""A data privacy agreement between a district and a vendor, its documents and its checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from vetted.catalog.models import DataElement, Resource, Vendor
from vetted.districts.models import District


class AgreementKind(models.TextChoices):
    STANDARD = "standard", "State or national standard agreement"
    VENDOR = "vendor", "Vendor-specific agreement"
    DISTRICT_MODIFIED = "district_modified", "District-modified standard agreement"
    SUBSCRIPTION = "subscription", "Subscription to a general offer (Exhibit E)"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT_TO_VENDOR = "sent_to_vendor", "Sent to the vendor"
    SIGNED_BY_VENDOR = "signed_by_vendor", "Signed by the vendor"
    FULLY_EXECUTED = "fully_executed", "Fully executed"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    SUPERSEDED = "superseded", "Superseded by a renewal"


# Statuses in which the agreement was signed by both sides, so the public may see it.
SIGNED_STATUSES = (
    AgreementStatus.FULLY_EXECUTED,
    AgreementStatus.EXPIRED,
    AgreementStatus.TERMINATED,
    AgreementStatus.SUPERSEDED,
)


class SecurityFramework(models.TextChoices):
    NIST_CSF = "nist_csf", "NIST Cybersecurity Framework"
    NIST_800_53 = "nist_800_53", "NIST SP 800-53"
    NIST_800_171 = "nist_800_171", "NIST SP 800-171"
    ISO_27001 = "iso_27001", "ISO/IEC 27001/27002"
    CIS = "cis", "CIS Critical Security Controls"
    SOC2 = "soc2", "AICPA SOC 2"
    OTHER = "other", "Other (name it)"


class OfferEnd(models.TextChoices):
    WITHDRAWN = "withdrawn", "Withdrawn by the vendor"
    EXPIRED = "expired", "Expired"


class Agreement(models.Model):
    # PostgreSQL row security (vetted/districts/row_security.py): a district's scope also reads other
    # districts' general offers, addressed to it by design (adoption, a subscription's parent).
    row_security_also_visible = "general_offer"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="agreements")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(max_length=200, help_text="For example: Student Data Privacy Agreement 2026")
    resources = models.ManyToManyField(Resource, blank=True, related_name="agreements")
    kind = models.CharField("type", max_length=24, choices=AgreementKind.choices)
    status = models.CharField(max_length=24, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    effective_date = models.DateField(null=True, blank=True)
    executed_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(
        null=True, blank=True, help_text="Left empty, the term is three years from the effective date."
    )
    district_signatory_name = models.CharField(max_length=200, blank=True)
    district_signatory_title = models.CharField(max_length=200, blank=True)
    vendor_signatory_name = models.CharField(max_length=200, blank=True)
    vendor_signatory_title = models.CharField(max_length=200, blank=True)
    data_elements = models.ManyToManyField(
        DataElement, blank=True, related_name="agreements", verbose_name="Exhibit B schedule of data"
    )
    security_framework = models.CharField(
        "security framework (Exhibit F)", max_length=16, choices=SecurityFramework.choices, blank=True
    )
    security_framework_other = models.CharField("other framework", max_length=200, blank=True)
    general_offer = models.BooleanField(
        "vendor made a general offer (Exhibit E)", default=False,
        help_text="Other districts of the same state or consortium may adopt these terms.",
    )  # fmt: skip
    offer_ended_at = models.DateTimeField(null=True, blank=True)
    offer_end_reason = models.CharField(max_length=12, choices=OfferEnd.choices, blank=True)
    offer_end_note = models.CharField(max_length=500, blank=True)
    public = models.BooleanField(
        "show on the public list", default=True,
        help_text="Only signed agreements are ever shown publicly; drafts never are.",
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subscriptions",
        help_text="The executed agreement whose general offer this subscription adopts.",
    )  # fmt: skip
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals",
        help_text="The agreement this one renews or replaces.",
    )  # fmt: skip
    amendment_requested_on = models.DateField(
        "vendor asked to amend on", null=True, blank=True,
        help_text="Recorded when the agreement lacks required provisions.",
    )  # fmt: skip
    noncompliance_note = models.TextField(blank=True, max_length=2000)
    adopted_document = models.ForeignKey(
        "AgreementDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions",
        help_text="The originating agreement's public copy, carried by a subscription to its general offer.",
    )  # fmt: skip
    # Expiry reminders, each claimed once by compare-and-swap (see tasks.py).
    expiry_reminder_90_at = models.DateTimeField(null=True, blank=True, editable=False)
    expiry_reminder_30_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vendor__legal_name", "-created_at"]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["status", "expiry_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(expiry_date__gte=models.F("effective_date")),
                name="agreement_expiry_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.vendor})" if self.vendor_id else self.title

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATUSES

    @property
    def is_publicly_visible(self) -> bool:
        return self.public and self.is_signed

    @property
    def offer_is_open(self) -> bool:
        return (
            self.general_offer
            and self.offer_ended_at is None
            and self.status == AgreementStatus.FULLY_EXECUTED
        )

    @property
    def framework_label(self) -> str:
        if self.security_framework == SecurityFramework.OTHER:
            return self.security_framework_other or "Other"
        return self.get_security_framework_display() if self.security_framework else ""


class AgreementDocument(models.Model):
    """An uploaded PDF or DOCX. Stored under MEDIA_ROOT with a random name, served only by a view."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(max_length=200, blank=True, help_text="For example: signed copy")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, unique=True, editable=False)
    file_type = models.CharField(max_length=8, choices=[("pdf", "PDF"), ("docx", "Word (.docx)")])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    signed_copy = models.BooleanField(
        "signed copy", default=False, help_text="This file is the copy both parties signed."
    )
    public_copy = models.BooleanField(
        "public copy", default=False, help_text="Shown with the agreement on the public list."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.label or self.original_name

    @property
    def content_type(self) -> str:
        if self.file_type == "pdf":
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CheckStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed yet"
    PRESENT = "present", "Present"
    MISSING = "missing", "Missing"
    INSUFFICIENT = "insufficient", "Present but does not meet the requirement"
    CONFLICT = "conflict", "In conflict"


# Marks that make the agreement non-compliant (and go into an amendment request).
NONCOMPLIANT_STATUSES = (CheckStatus.MISSING, CheckStatus.INSUFFICIENT, CheckStatus.CONFLICT)


class CheckSource(models.TextChoices):
    PERSON = "person", "A person"
    AUTOMATIC = "automatic", "Automatic review"
    ADOPTED = "adopted", "Adopted with a general offer"  # confirmed by the originating district; read-only


class ProvisionCheck(models.Model):
    """One provision the district's pack stack requires, as found (or not) in this agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="checks")
    provision_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    citation = models.CharField(max_length=500, blank=True)
    required_by = models.JSONField(default=list, blank=True)  # pack ids, lowest layer first
    status = models.CharField(max_length=12, choices=CheckStatus.choices, default=CheckStatus.UNREVIEWED)
    location = models.CharField("page or section", max_length=120, blank=True)
    note = models.CharField(max_length=1000, blank=True)
    source = models.CharField(max_length=10, choices=CheckSource.choices, default=CheckSource.PERSON)
    # Filled by the automatic review (vetted.review via agreements.tasks.reviews); a person's mark replaces them.
    confidence = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A required provision the agreement does not meet, accepted anyway by a named person with a reason.
    accepted_reason = models.CharField(max_length=1000, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "provision_id"], name="one_check_per_provision")
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_status_display()}"
