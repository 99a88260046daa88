"""A district's single sign-on: which identity provider vouches for its people, and what a first
sign-in through it may give."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from vetted.districts.models import District, Role, User

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Microsoft's multi-tenant endpoints accept any organisation's (or any personal) account.
MICROSOFT_SHARED_TENANTS = {"common", "organizations", "consumers"}


class SignOnKind(models.TextChoices):
    GOOGLE = "google", "Google Workspace"
    MICROSOFT = "microsoft", "Microsoft Entra ID"
    OIDC = "oidc", "Another OpenID Connect provider (ClassLink, Clever, ...)"
    SAML = "saml", "A SAML 2.0 identity provider"


class FirstSignIn(models.TextChoices):
    DEFAULT_ROLE = "default_role", "Let them in with the default role"
    APPROVAL = "approval", "Wait until an admin approves them"


# A first sign-in never makes anyone an admin or a technology director.
FIRST_SIGN_IN_ROLES = [(r.value, r.label) for r in (Role.STAFF, Role.REVIEWER, Role.AUDITOR)]


class DistrictSignOn(models.Model):
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="sign_ons")
    kind = models.CharField(max_length=16, choices=SignOnKind.choices)
    label = models.CharField(
        max_length=80, help_text="The button's words, e.g. “Sign in with Birchfield Google”."
    )
    issuer = models.URLField(
        blank=True,
        help_text="The provider's issuer URL. Left empty for Google and Microsoft, which have known ones.",
    )
    client_id = models.CharField(max_length=255)
    client_secret = models.CharField(max_length=255)
    allowed_domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="Only e-mail addresses at this domain may sign in (Google: the Workspace domain, checked "
        "against the hd claim).",
    )
    tenant_id = models.CharField(
        max_length=100,
        blank=True,
        help_text="Microsoft: the directory (tenant) ID. Others: the tenant's value.",
    )
    tenant_claim = models.CharField(
        max_length=64,
        blank=True,
        help_text="Others only: the ID token claim that must equal the tenant's value.",
    )
    saml_sso_url = models.URLField(
        "SAML sign-in address", blank=True, help_text="SAML only: the IdP's SSO URL."
    )
    saml_certificate = models.TextField(
        "SAML signing certificate",
        blank=True,
        help_text="SAML only: the IdP's certificate (PEM), which signs its answers.",
    )
    first_sign_in = models.CharField(
        max_length=16, choices=FirstSignIn.choices, default=FirstSignIn.DEFAULT_ROLE
    )
    default_role = models.CharField(max_length=32, choices=FIRST_SIGN_IN_ROLES, default=Role.STAFF)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.district})"

    @property
    def provider_id(self) -> str:
        """The name allauth knows this configuration by (in sign-in URLs and linked accounts)."""
        return f"district-{self.pk}"

    @property
    def issuer_url(self) -> str:
        if self.issuer:
            return self.issuer.rstrip("/")
        if self.kind == SignOnKind.GOOGLE:
            return "https://accounts.google.com"
        if self.kind == SignOnKind.MICROSOFT:
            return f"https://login.microsoftonline.com/{self.tenant_id}/v2.0"
        return ""

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.allowed_domain = self.allowed_domain.strip().lower().lstrip("@")
        self.tenant_id = self.tenant_id.strip()
        if self.kind == SignOnKind.GOOGLE and not self.allowed_domain:
            errors["allowed_domain"] = "Google sign-in needs the district's Workspace domain."
        if self.kind == SignOnKind.MICROSOFT:
            if self.tenant_id.lower() in MICROSOFT_SHARED_TENANTS or not GUID.match(self.tenant_id.lower()):
                errors["tenant_id"] = (
                    "Enter the district's own directory (tenant) ID, like 0f1e2d3c-...; “common” and "
                    "“organizations” would let any organisation's accounts in."
                )
            elif any(f"/{t}/" in f"{self.issuer}/" for t in MICROSOFT_SHARED_TENANTS):
                errors["issuer"] = "Use the district's own tenant in the issuer, not a shared one."
        if self.kind == SignOnKind.OIDC:
            if not self.issuer:
                errors["issuer"] = "Enter the provider's issuer URL."
            if not self.allowed_domain and not (self.tenant_claim and self.tenant_id):
                errors["allowed_domain"] = (
                    "Limit sign-in to the district: an e-mail domain, a tenant claim, or both."
                )
        if self.kind == SignOnKind.SAML:
            for name, words in (("issuer", "the IdP's entity ID"), ("saml_sso_url", "the IdP's sign-in address"),
                                ("saml_certificate", "the IdP's signing certificate"),
                                ("allowed_domain", "the district's e-mail domain")):  # fmt: skip
                if not getattr(self, name).strip():
                    errors[name] = f"SAML sign-in needs {words}."
            if self.saml_certificate and "BEGIN CERTIFICATE" not in self.saml_certificate:
                errors["saml_certificate"] = (
                    "Paste the certificate in PEM form (-----BEGIN CERTIFICATE-----...)."
                )
        if self.issuer and self.kind != SignOnKind.SAML:
            parts = urlsplit(self.issuer)
            loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
            if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
                errors["issuer"] = "The issuer must be an https:// address."
        if errors:
            raise ValidationError(errors)


class SignOnApproval(models.Model):
    """Someone who signed in through a district's single sign-on for the first time, waiting for an admin."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="sign_on_approvals")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_on_approvals")
    sign_on = models.ForeignKey(DistrictSignOn, on_delete=models.CASCADE, related_name="approvals")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "user"], name="one_sign_on_approval_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} waiting at {self.district}"
