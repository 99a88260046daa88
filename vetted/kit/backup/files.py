"""Which files a backup carries, and where each one goes back on restore.

Archive names: `media/<path under MEDIA_ROOT>` for stored documents, `setting/<NAME>` for a file
named by a setting (the audit anchor file, `AUDIT_ANCHOR_FILE`, when that setting exists), and
`extra/<path>` for each path in `VETTED_BACKUP_EXTRA_FILES`, restored to the same path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from vetted.kit.backup.crypto import BackupError

STAGING_PREFIX = ".restore-"
FILE_SETTINGS = ("AUDIT_ANCHOR_FILE",)  # settings that name one file each; absent ones are skipped


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files() -> Iterator[tuple[str, Path]]:
    """Every regular file under MEDIA_ROOT (symbolic links are not followed), sorted by name."""
    root = media_root()
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(STAGING_PREFIX))
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield "media/" + path.relative_to(root).as_posix(), path


def extra_files() -> Iterator[tuple[str, Path]]:
    """Files named by settings, in a fixed order; a setting that is absent or empty is skipped."""
    for setting in FILE_SETTINGS:
        value = getattr(settings, setting, None)
        if value:
            yield f"setting/{setting}", Path(value)
    for value in getattr(settings, "VETTED_BACKUP_EXTRA_FILES", []):
        yield f"extra/{Path(value)}", Path(value)


def target_of(name: str) -> Path:
    """Where an archived file goes on this install; refuses names that could escape their place."""
    kind, _, rest = name.partition("/")
    if kind == "media":
        parts = rest.split("/")
        if not rest or any(p in ("", ".", "..") or "\\" in p for p in parts):
            raise BackupError(f"The archive names a file outside the media folder: {name!r}.")
        return media_root().joinpath(*parts)
    if kind == "setting" and rest in FILE_SETTINGS and getattr(settings, rest, None):
        return Path(getattr(settings, rest))
    if kind == "extra" and rest in {str(Path(v)) for v in getattr(settings, "VETTED_BACKUP_EXTRA_FILES", [])}:
        return Path(rest)
    raise BackupError(
        f"The archive holds {name!r}, which this install has no place for "
        "(set the same setting, or list the path in VETTED_BACKUP_EXTRA_FILES)."
    )
