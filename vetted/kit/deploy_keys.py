"""The keys a deployment must bring: read from the environment, or, on a developer's machine and in
the demo, made once at random and kept in a file (never a fixed string anyone can read in the code).

Imported by settings, so nothing here may touch `django.conf.settings`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Keys that were printed in the code or the README at some point: a deployment using one is refused.
PUBLISHED_KEYS = frozenset({"dev-only-insecure-key-change-me"})
MIN_LENGTH = 50  # Django's own deploy check asks for 50 characters


def how_to_make_one() -> str:
    return "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def required_key(env_name: str, *, purpose: str, keep_in: Path | None) -> str:
    """The key in `env_name`. Missing: made and kept under `keep_in` if given (development, demo),
    else refused with a message that says what to set."""
    value = os.environ.get(env_name, "").strip()
    if value:
        if value in PUBLISHED_KEYS or len(value) < MIN_LENGTH:
            raise ImproperlyConfigured(
                f"{env_name} is too weak to protect {purpose}: it is a published development key or "
                f"shorter than {MIN_LENGTH} characters. Set {env_name} to a new random value; {how_to_make_one()}"
            )
        return value
    if keep_in is None:
        raise ImproperlyConfigured(
            f"{env_name} is not set. Vetted refuses to start in production without its own key for "
            f"{purpose}. Set {env_name} ({how_to_make_one()}), or set VETTED_DEMO_MODE=1 on a "
            "developer's machine or a demo (then a key is made once and kept under var/keys/)."
        )
    return kept_key(keep_in / env_name.lower())


def kept_key(path: Path) -> str:
    """Read the key in `path`, making it first if there is none. Several processes start at once
    (web workers and the background worker): the first link wins and the others read its key."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(MIN_LENGTH) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """'X-Forwarded-Proto: https' -> ('HTTP_X_FORWARDED_PROTO', 'https'), as Django's
    SECURE_PROXY_SSL_HEADER wants it; empty -> None (no proxy tells us the scheme)."""
    if not value.strip():
        return None
    name, sep, expected = value.partition(":")
    if not sep or not name.strip() or not expected.strip():
        raise ImproperlyConfigured(
            f"VETTED_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https' (header, colon, value); got {value!r}."
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), expected.strip()
