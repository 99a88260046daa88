"""Making a token and its digest. The token is only ever in memory and in the one page that shows it."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "vetted_"


def new_token() -> tuple[str, str]:
    """(token, prefix): 'vetted_' + 8 public characters + '_' + 256 random bits (43 characters)."""
    public = secrets.token_hex(4)
    token = f"{PREFIX}{public}_{secrets.token_urlsafe(32)}"
    return token, f"{PREFIX}{public}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
