"""Resource limits for reading untrusted documents, and a deadline checked while reading."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .errors import TIMEOUT, DocumentError


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024
    max_pages: int = 500
    max_seconds: float = 30.0
    max_chars: int = 5_000_000
    # DOCX (zip) container checks, applied before any member is decompressed.
    max_zip_members: int = 2_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 200.0


class Deadline:
    """Wall-clock budget; extractors call `check()` between pages/paragraphs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() > self._end

    def check(self) -> None:
        if self.expired():
            raise DocumentError(
                TIMEOUT, f"Reading this document took longer than the {self.seconds:g}-second limit."
            )
