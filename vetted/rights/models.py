"""The family portal's rows: one-time sign-in codes and the directory-information opt-out history.

Neither holds a code or an address in the clear: a code is kept as a keyed hash, and it is found by
the keyed hash of the address it was sent to (vetted.rights.services.codes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vetted.districts.models import District


class FamilyCode(models.Model):
    """A one-time sign-in code sent by e-mail to a family member the roster knows. Expires, is used
    once (used_at), and dies after too many wrong tries (attempts)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")
    address_hash = models.CharField(max_length=64)  # keyed hash of the lower-cased address
    code_hash = models.CharField(max_length=64)  # keyed hash of the code
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["district", "address_hash", "-id"], name="family_code_lookup")]

    def __str__(self) -> str:
        # No name, no address: this is what an audit event's subject label shows.
        return f"Sign-in code {self.pk}"


class DirectoryOptOut(models.Model):
    """One change of a student's directory-information choice. Append-only: the newest row (highest
    id) per (district, student) is the current state; no row: not opted out."""

    class Channel(models.TextChoices):
        PORTAL = "portal", "The family portal"
        STAFF = "staff", "Recorded by staff"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("rosters.Person", on_delete=models.CASCADE, related_name="+")
    opted_out = models.BooleanField()
    # Who chose: the family member (portal) or the staff member who recorded it.
    by_person = models.ForeignKey(
        "rosters.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["district", "student", "-id"], name="directory_optout_current")]

    def __str__(self) -> str:
        return f"Directory choice {self.pk} ({'out' if self.opted_out else 'in'})"


# Directory information (issue 13, item 5): its own module, imported here so Django finds the models.
from .models_directory import DirectoryDisclosure, DirectoryRequest, DirectorySettings  # noqa: E402

# Rights requests and their vendor tasks live in their own module (vetted/rights/requests/).
from .requests.models import RequestTask, RightsRequest  # noqa: E402

__all__ = [
    "DirectoryDisclosure", "DirectoryOptOut", "DirectoryRequest", "DirectorySettings", "FamilyCode",
    "RequestTask", "RightsRequest",
]  # fmt: skip
