"""Invitations: a district offers a person a role; the membership exists only once they accept."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vetted.districts.models import District, Role


def token_hash(token: str) -> str:
    """Only the hash is stored: a database dump holds no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """One offer of a role in a district to an e-mail address.

    Why an invitation and not an immediate membership: the address may belong to a person already on
    Vetted (another district's staff). Enrolling them silently would hand them work and this district's
    data without their knowing, and the admin's page would have to say something different for a known
    address. So every address gets the same invitation e-mail, and nothing changes until its owner accepts.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    # As the admin typed them; used only if the invitation creates a new account.
    full_name = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    times_sent = models.PositiveIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention job erased the address and name (vetted.site.retention).
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "email"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]
        indexes = [models.Index(fields=["district", "accepted_at"])]
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.district}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None and self.declined_at is None and self.withdrawn_at is None
            and self.erased_at is None
        )  # fmt: skip

    @property
    def is_expired(self) -> bool:
        return self.is_open and self.expires_at <= timezone.now()
