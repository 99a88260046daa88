"""Data disposition when an agreement ends (issue 13, item 4): the obligation the ending starts, the
vendor's secure links to certify destruction, and the certificates (the PDF is an AgreementDocument
kept with the agreement; the facts the vendor attested are kept here too).

The due time is also a clocks.Obligation (kind "vendor_data_disposition", chased by this app), so it
shows on the obligations page and in the calendar feed like every other deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from vetted.agreements.models import Agreement, AgreementDocument
from vetted.clocks.models import Obligation
from vetted.districts.models import District
from vetted.kit.links import new_nonce


class DispositionStatus(models.TextChoices):
    OPEN = "open", "Waiting for the certificate"
    OVERDUE = "overdue", "Overdue: no certificate yet"
    RECEIVED = "received", "Certificate received"
    ACCEPTED = "accepted", "Certificate accepted"


WAITING = (DispositionStatus.OPEN, DispositionStatus.OVERDUE)


class Basis(models.TextChoices):
    AGREEMENT = "agreement", "The agreement's own figure"
    PACK = "pack", "The rule packs"
    DEFAULT = "default", "Vetted's default (no pack or agreement figure recorded)"


class DispositionObligation(models.Model):
    """One per agreement ending: the vendor must dispose of the district's data and certify it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="disposition")
    ended_as = models.CharField(max_length=24, help_text="The agreement's status when it ended")
    ended_at = models.DateTimeField()
    days = models.PositiveSmallIntegerField(help_text="Calendar days after the end")
    basis = models.CharField(max_length=12, choices=Basis.choices)
    citation = models.CharField(max_length=500)
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=DispositionStatus.choices, default=DispositionStatus.OPEN
    )
    contact_email = models.EmailField("vendor's privacy contact e-mail", blank=True)
    # Each set once by a compare-and-swap UPDATE (vetted.kit.claims), so nobody is chased twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["district", "status", "due_at"]),
            models.Index(fields=["status", "remind_at"]),
        ]

    def __str__(self) -> str:
        return f"Data disposition for {self.agreement}"

    def staff_url(self) -> str:
        """The obligation's staff page, absolute: e-mails to the district's admins link to it."""
        return f"{settings.SITE_URL.rstrip('/')}/manage/{self.district.slug}/disposition/{self.pk}/"

    @property
    def waiting(self) -> bool:
        return self.status in WAITING


class DispositionLink(models.Model):
    """A vendor's secure link for one obligation: signed over (pk, nonce), expiring, revocable and
    used once (a certificate submitted through it spends it)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    obligation = models.ForeignKey(DispositionObligation, on_delete=models.CASCADE, related_name="links")
    nonce = models.CharField(max_length=32, default=new_nonce)
    sent_to = models.EmailField(blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Disposition link {self.pk} for {self.obligation.agreement}"

    @property
    def live(self) -> bool:
        return self.revoked_at is None and self.used_at is None and self.expires_at > timezone.now()


class Extent(models.TextChoices):
    COMPLETE = "complete", "Complete: all data, every category"
    PARTIAL = "partial", "Partial: the categories listed"


class Method(models.TextChoices):
    DESTROYED = "destroyed", "Destroyed or deleted"
    DEIDENTIFIED = "deidentified", "De-identified"
    TRANSFERRED = "transferred", "Returned to the district, then deleted"


class Via(models.TextChoices):
    VENDOR_LINK = "vendor_link", "Submitted by the vendor through its secure link"
    PAPER = "paper", "Received on paper, recorded by staff"


class DispositionCertificate(models.Model):
    """The vendor's certificate of disposition, in the shape of the national agreement's Exhibit D
    (extent, nature, date, the vendor's signature). The agreement always comes from the obligation
    (the link's), never from what was submitted."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    obligation = models.ForeignKey(
        DispositionObligation, on_delete=models.CASCADE, related_name="certificates"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    via = models.CharField(max_length=12, choices=Via.choices)
    link = models.ForeignKey(
        DispositionLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(AgreementDocument, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    extent = models.CharField(max_length=12, choices=Extent.choices, blank=True)
    categories = models.JSONField(default=list, blank=True)
    method = models.CharField(max_length=16, choices=Method.choices, blank=True)
    method_detail = models.CharField("how (standard or tool)", max_length=500, blank=True)
    disposed_on = models.DateField(null=True, blank=True)
    backups_included = models.BooleanField(null=True, blank=True)
    backups_note = models.CharField(max_length=500, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signer_title = models.CharField(max_length=200, blank=True)
    signer_organisation = models.CharField(max_length=200, blank=True)
    signer_email = models.EmailField(blank=True)
    attested = models.BooleanField(default=False)
    note = models.CharField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(via="paper") | models.Q(attested=True),
                name="disposition_certificate_attested",
            )
        ]

    def __str__(self) -> str:
        return f"Certificate of disposition for {self.agreement}"
