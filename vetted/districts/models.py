"""Tenancy: districts, consortia, users and their per-district roles."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

US_STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
    "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip
STATE_CHOICES = [(s, s) for s in US_STATES]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone (for example America/New_York).")


class VettedUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in by e-mail is case-insensitive.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who signs in. Roles live on Membership, per district."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=120, blank=True, help_text="For example: teacher")

    objects = VettedUserManager()  # type: ignore[misc]  # django-stubs types the base manager as ClassVar

    def __str__(self) -> str:
        return self.full_name or self.email or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.email


class Consortium(models.Model):
    """A named group of districts that share agreements and know each other's decisions."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9-]*$", "Use lower-case letters, digits and dashes.")],
    )
    state = models.CharField(max_length=2, choices=STATE_CHOICES)
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    public_contact_name = models.CharField(max_length=200, blank=True)
    public_contact_email = models.EmailField(blank=True)
    public_contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    consortia = models.ManyToManyField(Consortium, related_name="districts", blank=True)
    # Rule packs layered over the state's pack (district policy); later issues read it.
    policy_packs = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Role(models.TextChoices):
    ADMIN = "admin", "Privacy officer (admin)"
    TECHNOLOGY_DIRECTOR = "technology_director", "Technology director"
    REVIEWER = "reviewer", "Technology committee reviewer"
    STAFF = "staff", "Staff"
    AUDITOR = "auditor", "Auditor (read-only)"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="one_membership_per_district")
        ]
        indexes = [models.Index(fields=["district", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.district}"
