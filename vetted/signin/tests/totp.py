"""A TOTP code computed here from the secret (RFC 6238: HMAC-SHA1, 30 s, 6 digits), the way a
phone's authenticator app does, independent of the code under test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret: str, at: float | None = None, step: int = 0) -> str:
    counter = int((time.time() if at is None else at) // 30) + step
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
