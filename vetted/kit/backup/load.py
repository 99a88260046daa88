"""`vetted restore PATH`: an archive back into a freshly migrated, empty install.

Two passes. The first decrypts and authenticates the whole archive and checks its row counts and
files' SHA-256 against its own summary, touching nothing, so a wrong key or an altered archive
restores nothing. The second inserts every row in one transaction (INSERT only: the audit
trail's triggers refuse UPDATE and DELETE, and a restore never needs either on it), writes the
files beside their places, moves them in, and commits; any failure rolls back and removes them.

A database that already holds people, districts or audit events is refused, with no override:
putting an archive over live data would mean deleting an audit trail, which the database refuses
by design. Restore into a new database and point DATABASE_URL at it. Tables a fresh migrate fills
(content types, permissions, the data-element taxonomy, ...) are replaced by the archive's copy,
whose ids the archived rows refer to.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction

from vetted.kit.backup import files, tables
from vetted.kit.backup.crypto import BackupError, decrypted_chunks
from vetted.kit.backup.frames import END, FILE, MANIFEST, TABLE, read_frames

# A database with any of these rows is in use, not fresh.
IN_USE = (settings.AUTH_USER_MODEL, "districts.District", "audit.AuditEvent")


@dataclass
class Contents:
    manifest: dict[str, Any]
    summary: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(self.summary["rows"].values())

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return dict(self.summary["files"])


def _frames(path: Path, passphrase: str) -> Iterator[tuple[bytes, str, bytes]]:
    try:
        source: BinaryIO = path.open("rb")
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    with source:
        yield from read_frames(decrypted_chunks(source, passphrase))


def check_archive(path: Path, passphrase: str) -> Contents:
    """Pass one: everything authenticated and consistent with the archive's own summary."""
    manifest: dict[str, Any] | None = None
    summary: dict[str, Any] | None = None
    rows: Counter[str] = Counter()
    digests: dict[str, Any] = {}
    sizes: Counter[str] = Counter()
    for kind, name, data in _frames(path, passphrase):
        if summary is not None or (manifest is None) != (kind == MANIFEST):
            raise BackupError("The archive's contents are out of order.")
        if kind == MANIFEST:
            manifest = json.loads(data)
        elif kind == TABLE:
            rows[name] += data.count(b"\n")
        elif kind == FILE:
            digests.setdefault(name, hashlib.sha256()).update(data)
            sizes[name] += len(data)
        elif kind == END:
            summary = json.loads(data)
    if manifest is None or summary is None:
        raise BackupError("The archive is incomplete (no summary at its end).")
    counted = {label: n for label, n in summary["rows"].items() if n}
    found = {name: {"sha256": d.hexdigest(), "size": sizes[name]} for name, d in digests.items()}
    if dict(rows) != counted or found != summary["files"]:
        raise BackupError("The archive's rows or files do not match its own summary.")
    return Contents(manifest, summary)


def check_target(contents: Contents) -> None:
    """Refuse, before anything is written, an install this archive cannot go into."""
    archived = contents.manifest["migrations"]
    here = tables.applied_migrations()
    if archived != here:
        missing = [f"{a}.{n}" for a, n in archived if [a, n] not in here][:5]
        extra = [f"{a}.{n}" for a, n in here if [a, n] not in archived][:5]
        raise BackupError(
            "This database's migrations differ from the archive's; run this archive's Vetted version "
            f"and `vetted migrate` first. Missing here: {missing or 'none'}; only here: {extra or 'none'}."
        )
    for label in contents.manifest["tables"]:
        try:
            tables.model_by_label(label)
        except LookupError:
            raise BackupError(f"The archive has a table this Vetted does not know: {label}.") from None
    for label in IN_USE:
        if apps.get_model(label)._base_manager.exists():
            raise BackupError(
                f"This database is in use (it has {label} rows). Restore only into a new, migrated "
                "database; nothing was changed."
            )
    if next(files.media_files(), None) is not None:
        raise BackupError(f"{files.media_root()} already holds files; restore into an empty media folder.")
    for name in contents.files:
        target = files.target_of(name)
        if not name.startswith("media/") and target.exists() and target.stat().st_size:
            raise BackupError(f"{target} already exists and is not empty; move it away first.")


@dataclass
class _Staging:
    token: str = field(default_factory=lambda: secrets.token_hex(8))
    staged: dict[str, Path] = field(default_factory=dict)
    moved: list[Path] = field(default_factory=list)

    def path_for(self, name: str) -> Path:
        if name not in self.staged:
            target = files.target_of(name)
            if name.startswith("media/"):
                staged = files.media_root() / f"{files.STAGING_PREFIX}{self.token}" / name
            else:
                staged = target.with_name(f"{files.STAGING_PREFIX}{self.token}-{target.name}")
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(b"")
            self.staged[name] = staged
        return self.staged[name]

    def move_in(self) -> None:
        for name, staged in self.staged.items():
            target = files.target_of(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.replace(target)
            self.moved.append(target)

    def undo(self) -> None:
        for path in [*self.staged.values(), *self.moved]:
            path.unlink(missing_ok=True)
        self.clean()

    def clean(self) -> None:
        folder = files.media_root() / f"{files.STAGING_PREFIX}{self.token}"
        if folder.is_dir():
            for path in sorted(folder.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            folder.rmdir()


def restore_archive(path: Path, passphrase: str) -> Contents:
    contents = check_archive(path, passphrase)
    check_target(contents)
    staging = _Staging()
    try:
        with transaction.atomic():
            models = [tables.model_by_label(label) for label in contents.manifest["tables"]]
            _clear_tables_migrate_filled(models)
            _load(path, passphrase, staging)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            staging.move_in()
    except (DatabaseError, DeserializationError, ValueError) as error:
        staging.undo()
        raise BackupError(f"The archive could not be restored ({error}); nothing was changed.") from error
    except BaseException:
        staging.undo()
        raise
    staging.clean()
    return contents


def _clear_tables_migrate_filled(models: list[tables.Model]) -> None:
    # Only reference rows can be here (check_target refused a database in use); constraints are
    # deferred to commit, so the order of these deletes does not matter.
    with connection.cursor() as cursor:
        for model in reversed(models):
            if model._base_manager.exists():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 — a table name from the model registry


def _load(path: Path, passphrase: str, staging: _Staging) -> None:
    for kind, name, data in _frames(path, passphrase):
        if kind == TABLE:
            tables.insert_rows(tables.model_by_label(name), data.decode("utf-8").splitlines(keepends=True))
        elif kind == FILE:
            with staging.path_for(name).open("ab") as out:
                out.write(data)
