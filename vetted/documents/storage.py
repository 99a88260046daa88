"""Store untrusted bytes under a random name, with their SHA-256; never under the uploader's name."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

# Folders under MEDIA_ROOT, one per kind of upload (kept from before, so stored files stay valid).
AREAS = frozenset({"agreements", "incidents", "letters", "requests", "reviews", "rosters"})


@dataclass(frozen=True)
class StoredFile:
    area: str
    stored_name: str
    sha256: str
    size: int

    @property
    def relative_path(self) -> str:
        return f"{self.area}/{self.stored_name}"


def root(area: str) -> Path:
    if area not in AREAS:
        raise ValueError(f"unknown storage area {area!r}")
    return Path(settings.MEDIA_ROOT) / area


def path_of(relative_path: str) -> Path:
    """The file behind a stored relative path; refuses anything that is not area/name."""
    area, _, name = relative_path.partition("/")
    if not name or "/" in name or name.startswith(".") or "\\" in name:
        raise ValueError(f"not a stored path: {relative_path!r}")
    return root(area) / name


def store(area: str, data: bytes, *, suffix: str = "") -> StoredFile:
    folder = root(area)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + (f".{suffix}" if suffix else "")
    with (folder / stored_name).open("xb") as out:
        out.write(data)
    return StoredFile(area, stored_name, hashlib.sha256(data).hexdigest(), len(data))


def store_stream(area: str, chunks: Iterable[bytes], *, suffix: str = "") -> StoredFile:
    """`store` for a file too large to hold in memory (a roster export): written chunk by chunk,
    hashed as it goes; a failure part-way leaves no file."""
    folder = root(area)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + (f".{suffix}" if suffix else "")
    digest, size = hashlib.sha256(), 0
    target = folder / stored_name
    try:
        with target.open("xb") as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredFile(area, stored_name, digest.hexdigest(), size)


def open_stored(relative_path: str) -> BinaryIO:
    return path_of(relative_path).open("rb")


def delete(relative_path: str) -> None:
    if relative_path:
        path_of(relative_path).unlink(missing_ok=True)
