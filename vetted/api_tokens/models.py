"""API tokens: only a digest of each token is stored; the token itself is shown once, at creation."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A person's credential for the API. It acts as that person, in every district they belong to.

    `digest` is SHA-256 of the whole token. A slow password hash (Argon2) would add nothing: the token
    is 256 random bits from `secrets`, so there is no dictionary to try and no way to search the space,
    while a fast, deterministic digest can be looked up by a unique index on every API call. Someone who
    reads this table gets digests and prefixes, and neither is accepted as a token.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The token's first characters (public: "vetted_" and 8 random characters of their own), so the
    # person can tell which token a script uses; never used to authenticate.
    prefix = models.CharField(max_length=20)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_live")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > now else "expired"
