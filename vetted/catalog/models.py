"""The shared catalogue (vendors, resources, data elements) and each district's decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vetted.districts.models import District

from .grades import BAND_ORDER_MESSAGE, GRADE_CHOICES, band_is_inverted, band_label


class Sensitivity(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class DataElement(models.Model):
    """One kind of personal information. A fixed taxonomy seeded by migration."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=80, help_text="NDPA Exhibit B category")
    description = models.CharField(max_length=300, blank=True)
    is_directory = models.BooleanField(default=False, help_text="FERPA directory information")
    sensitivity = models.CharField(max_length=10, choices=Sensitivity.choices, default=Sensitivity.MODERATE)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _taxonomy_changed()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        deleted = super().delete(*args, **kwargs)
        _taxonomy_changed()
        return deleted


def _taxonomy_changed() -> None:
    from .registry_rows import taxonomy_changed  # noqa: PLC0415 (registry_rows imports this module)

    taxonomy_changed()


class Subject(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _taxonomy_changed()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        deleted = super().delete(*args, **kwargs)
        _taxonomy_changed()
        return deleted


class Vendor(models.Model):
    """An operator or contractor. Shared by every district in the deployment."""

    legal_name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True, max_length=500)
    privacy_contact_name = models.CharField(max_length=200, blank=True)
    privacy_contact_email = models.EmailField(blank=True)
    security_contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name


class Resource(models.Model):
    """An online resource or app. Shared: one "Google Classroom", not one per district."""

    name = models.CharField(max_length=200)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="resources")
    url = models.URLField("link", max_length=500, blank=True)
    description = models.TextField(blank=True, max_length=5000)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="resources")
    grade_min = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    grade_max = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    student_accounts_required = models.BooleanField(default=False)
    mobile_app = models.BooleanField("mobile app download", default=False)
    # None: nobody has recorded it yet (the public page says so rather than guessing "no").
    under_13_users = models.BooleanField("used by children under 13", null=True, blank=True, default=None)
    privacy_policy_url = models.URLField(max_length=500, blank=True)
    terms_url = models.URLField("terms of service URL", max_length=500, blank=True)
    data_elements = models.ManyToManyField(DataElement, blank=True, related_name="resources")
    # False: the list has not been recorded (the public page says "not yet recorded");
    # True with no elements: someone recorded that it collects no student information.
    data_elements_recorded = models.BooleanField(
        "the list of data it collects is recorded",
        default=False,
        help_text="Tick when the list is complete; an empty, recorded list means it collects none.",
    )
    # Lower-cased name + vendor + description: one column for the registry's word search
    # kept current by save() and by the vendor services. Registry searches start from the
    # district's few hundred decisions, so a text index would only tempt the planner away.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name"], name="resource_name_unique_per_vendor"),
            models.CheckConstraint(
                condition=Q(grade_min__isnull=True)
                | Q(grade_max__isnull=True)
                | Q(grade_min__lte=models.F("grade_max")),
                name="resource_grade_band_ordered",
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = build_search_text(self.name, self.vendor.legal_name, self.description)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if band_is_inverted(self.grade_min, self.grade_max):
            raise ValidationError({"grade_max": BAND_ORDER_MESSAGE})

    def validate_constraints(self, exclude: Any = None) -> None:
        # Say which field is wrong, in words, instead of Django's generic "with this Vendor and Name".
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.get(NON_FIELD_ERRORS, [])
            if any(getattr(e, "code", None) == "unique_together" for e in general):
                errors[NON_FIELD_ERRORS] = [
                    e for e in general if getattr(e, "code", None) != "unique_together"
                ]
                errors.setdefault("name", []).append(
                    ValidationError("This vendor already has a resource with this name.", code="unique")
                )
            raise ValidationError({k: v for k, v in errors.items() if v}) from exc

    @property
    def grade_band(self) -> str:
        return band_label(self.grade_min, self.grade_max)

    @property
    def data_collection(self) -> str:
        """The data it collects: "listed", "none" (recorded as nothing) or "unknown" (not yet recorded)."""
        if self.data_elements.all():
            return "listed"
        return "none" if self.data_elements_recorded else "unknown"


def build_search_text(name: str, vendor_name: str, description: str) -> str:
    return " ".join((name, vendor_name, description)).lower()


class DecisionStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONSENT = (
        "approved_with_parental_consent",
        "Approved with parental notification and permission",
    )
    PENDING = "pending", "Pending review"
    NOT_APPROVED = "not_approved", "Not approved"
    RETIRED = "retired", "Retired"


# What a parent reads on the public registry.
PLAIN_STATUS = {
    DecisionStatus.APPROVED: "Approved for use.",
    DecisionStatus.APPROVED_WITH_CONSENT: "Approved, but only after families are notified and give permission.",
    DecisionStatus.PENDING: "Under review by the technology committee; not yet approved.",
    DecisionStatus.NOT_APPROVED: "Not approved for use at this time.",
    DecisionStatus.RETIRED: "No longer in use in this district.",
}


STAFF_ONLY_LABEL = "Staff only (not for students)"


class ResourceDecision(models.Model):
    """What one district decided about one resource. District-owned."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="decisions")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=40, choices=DecisionStatus.choices, default=DecisionStatus.PENDING)
    grade_min = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    grade_max = models.SmallIntegerField(choices=GRADE_CHOICES, null=True, blank=True)
    conditions = models.TextField(blank=True, max_length=2000, help_text="Shown publicly.")
    reason = models.TextField(blank=True, max_length=2000, help_text="Shown publicly.")
    internal_notes = models.TextField(blank=True, max_length=5000, help_text="Staff only; never public.")
    staff_only = models.BooleanField(
        "for staff only, not for students", default=False, help_text="Shown publicly instead of grades."
    )
    elements_off = models.ManyToManyField(
        DataElement,
        blank=True,
        related_name="+",
        verbose_name="data the district has turned off",
        help_text="Features the district turned off: shown publicly as not collected here.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # An approval is looked at again by this day (district zone); see catalog/reviews.py.
    review_by = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "resource"], name="one_decision_per_district_resource"
            ),
            models.CheckConstraint(
                condition=Q(grade_min__isnull=True)
                | Q(grade_max__isnull=True)
                | Q(grade_min__lte=models.F("grade_max")),
                name="decision_grade_band_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["district", "grade_min", "grade_max"]),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.get_status_display()}"

    @property
    def plain_status(self) -> str:
        return PLAIN_STATUS[DecisionStatus(self.status)]

    @property
    def needs_parental_permission(self) -> bool:
        return self.status == DecisionStatus.APPROVED_WITH_CONSENT

    def elements_with_state(self) -> list[tuple[DataElement, bool]]:
        """Each element the resource collects, and whether this district turned it off."""
        off = {e.pk for e in self.elements_off.all()}
        return [(e, e.pk in off) for e in self.resource.data_elements.all()]

    @property
    def grade_band(self) -> str:
        if self.staff_only:
            return STAFF_ONLY_LABEL
        if self.grade_min is None and self.grade_max is None:
            return self.resource.grade_band
        return band_label(self.grade_min, self.grade_max)


class ChangeStatus(models.TextChoices):
    OPEN = "open", "Waiting for answers"
    APPLIED = "applied", "Accepted and applied"
    REFUSED = "refused", "Refused"


class CatalogChange(models.Model):
    """A proposed change to a shared vendor or resource that other districts publish.

    See docs/adr/0001-shared-catalogue-governance.md: a district changes a shared row directly only
    while no other district has a decision that shows it; otherwise the edit becomes this proposal,
    which every affected district sees in its own audit trail and may accept or refuse.
    """

    # PostgreSQL row security (vetted/districts/row_security.py) leaves this table unpoliced.
    row_security_shared = "a proposal is read and answered by every district that publishes the row"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="catalog_changes")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vendor = models.ForeignKey(Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # {field: new value}; relations as lists of slugs/codes, the vendor as its id.
    changes = models.JSONField()
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vendor__isnull=True, resource__isnull=False)
                | Q(vendor__isnull=False, resource__isnull=True),
                name="catalog_change_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"Change #{self.pk} to {self.subject}"

    @property
    def subject(self) -> Vendor | Resource:
        subject = self.vendor if self.vendor_id else self.resource
        assert subject is not None
        return subject


class CatalogChangeAnswer(models.Model):
    """One affected district's answer to a proposed change. `accepted` is None while waiting."""

    row_security_shared = "every involved district sees who has answered the proposal"

    change = models.ForeignKey(CatalogChange, on_delete=models.CASCADE, related_name="answers")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "district"], name="one_answer_per_district_change")
        ]

    def __str__(self) -> str:
        state = {None: "waiting", True: "accepted", False: "refused"}[self.accepted]
        return f"{self.district} on change #{self.change_id}: {state}"


class ReviewSchedule(models.Model):
    """How often a district looks at its approvals again, and when its committee meets.

    No row: approvals are reviewed on the rule packs' interval (or yearly) and the agenda looks
    30 days ahead. Edited on the district's Settings page (district_admin)."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="review_schedule")
    interval_days = models.PositiveSmallIntegerField(
        "review approvals every (days)", null=True, blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(1095)],
        help_text="Empty: yearly, or what your adopted policy pack says.",
    )  # fmt: skip
    meeting_dates = models.JSONField(default=list, blank=True, help_text="ISO dates of committee meetings")

    def __str__(self) -> str:
        return f"Review schedule of {self.district}"


class ApprovalReview(models.Model):
    """One approval's term: from the decision to the day it is to be looked at again.

    The review obligation (vetted.clocks) is about this row. Deciding the resource again closes it;
    a new approval opens the next one. `snapshot` keeps what was approved, so the agenda can say
    what changed since."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(ResourceDecision, on_delete=models.CASCADE, related_name="reviews")
    approved_at = models.DateTimeField()
    review_by = models.DateField()
    snapshot = models.JSONField(default=dict)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["review_by", "pk"]
        indexes = [models.Index(fields=["district", "closed_at", "review_by"])]

    def __str__(self) -> str:
        return f"Review of the approval of {self.decision.resource}"
