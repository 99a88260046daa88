"""Breach incidents: the facts (kept apart: public words, internal notes), who is affected, the
vendor's secure reporting link, attachments, notices to state agencies and the close-out report.

Deadlines are not stored here: they are clocks.Obligation rows about the incident (subject
"incidents.incident"), computed from the district's rule packs by services.clocks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.catalog.models import DataElement, Resource, Vendor
from vetted.districts.models import District
from vetted.kit.links import new_nonce
from vetted.rosters.models import Org, Person, SchoolClass


class Discoverer(models.TextChoices):
    VENDOR = "vendor", "The vendor found it and told us"
    DISTRICT = "district", "The district found it"


class ReportedVia(models.TextChoices):
    STAFF = "staff", "Recorded by staff"
    VENDOR_LINK = "vendor_link", "Reported by the vendor through its secure link"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Incident(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="incidents")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="+")
    resources = models.ManyToManyField(Resource, blank=True, related_name="+")
    status = models.CharField(max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    discovered_by = models.CharField(max_length=8, choices=Discoverer.choices, default=Discoverer.VENDOR)
    reported_via = models.CharField(max_length=12, choices=ReportedVia.choices, default=ReportedVia.STAFF)
    # Public words (the family notice and the public page) and internal notes, never mixed.
    title = models.CharField("public title", max_length=200)
    what_happened = models.TextField("what happened (public words)", max_length=5000)
    what_we_are_doing = models.TextField("what we are doing (public words)", max_length=5000, blank=True)
    what_you_can_do = models.TextField("what families can do (public words)", max_length=5000, blank=True)
    remediation = models.TextField("the vendor's remediation", max_length=5000, blank=True)
    internal_notes = models.TextField("internal notes (staff only)", max_length=10000, blank=True)
    # The vendor's clocks run from its discovery; every district clock runs from the district's
    # awareness. Kept apart; a gap between them needs a written reason.
    vendor_discovered_at = models.DateTimeField("when the vendor discovered it", null=True, blank=True)
    district_aware_at = models.DateTimeField("when the district became aware")
    awareness_gap_reason = models.TextField(max_length=2000, blank=True)
    vendor_notice_at = models.DateTimeField(
        "when the vendor's notice reached the district", null=True, blank=True
    )
    elements = models.ManyToManyField(DataElement, blank=True, related_name="+")
    schools = models.ManyToManyField(Org, blank=True, related_name="+")
    classes = models.ManyToManyField(SchoolClass, blank=True, related_name="+")
    students = models.ManyToManyField(Person, blank=True, related_name="+")
    delay_started_at = models.DateTimeField("law-enforcement delay began", null=True, blank=True)
    delay_ended_at = models.DateTimeField("law-enforcement delay ended", null=True, blank=True)
    delay_agency = models.CharField("agency that asked for the delay", max_length=200, blank=True)
    contact_name = models.CharField("vendor contact", max_length=200, blank=True)
    contact_email = models.EmailField("vendor contact e-mail", blank=True)
    contact_phone = models.CharField("vendor contact phone", max_length=40, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)  # the public notice on /d/<slug>/incidents/
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    report_path = models.CharField(max_length=200, blank=True)  # the close-out PDF (documents store)
    report_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-district_aware_at", "-pk"]
        indexes = [models.Index(fields=["district", "posted_at"])]

    def __str__(self) -> str:
        return f"Incident {self.pk}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN


class Attachment(models.Model):
    """A file kept with the incident; checked and stored by vetted.documents (never by its name)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField(max_length=200)
    stored_path = models.CharField(max_length=200)
    kind = models.CharField(max_length=16)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    from_vendor = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class VendorLink(models.Model):
    """A vendor's secure reporting link: bound to one vendor and one district, expiring, revocable.
    The token in the URL is signed over (pk, nonce); only the nonce is kept here."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=32, default=new_nonce)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reporting link for {self.vendor}"


class StateReport(models.Model):
    """A notice the district sent to a state agency (e.g. the state's chief privacy officer)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="state_reports")
    agency = models.CharField(max_length=200)
    sent_at = models.DateTimeField()
    reference = models.CharField("reference or form number", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Report to {self.agency}"
