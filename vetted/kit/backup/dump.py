"""`vetted backup PATH`: the database and the stored files, in one encrypted archive.

Order matters for consistency. Files named by settings (the audit anchor) are read first, so
they can only lag the database, never claim events the database does not have. The database is
then read in one snapshot (PostgreSQL: a REPEATABLE READ, READ ONLY transaction; SQLite: one
read transaction, which in WAL mode lets writers go on). Stored documents come last: they are
written once under random names before the row that names them commits, so every document a
row in the snapshot names is already on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from vetted.kit.backup import files, tables
from vetted.kit.backup.crypto import BackupError, EncryptingWriter
from vetted.kit.backup.frames import END, FILE, FRAME_DATA, MANIFEST, TABLE, Sink, write_frame

FORMAT = 1


@dataclass(frozen=True)
class Written:
    rows: int
    tables: int
    files: int
    file_bytes: int


@contextmanager
def snapshot() -> Iterator[None]:
    """Every read inside sees the database as it was at one moment."""
    if connection.in_atomic_block:
        raise BackupError("A backup must run in its own transaction, not inside another one.")
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT 1")  # the snapshot is taken at the first query, so take it now
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        # Django's SQLite connection is in autocommit here; a deferred transaction is a read snapshot
        # from its first read on (the configured IMMEDIATE mode would block every writer instead).
        cursor.execute("BEGIN DEFERRED")
        cursor.execute("SELECT count(*) FROM sqlite_master")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def write_backup(path: Path, passphrase: str) -> Written:
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new name (a backup never overwrites one).")
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise BackupError(f"Cannot write {partial}: {error.strerror}.") from None
    try:
        with os.fdopen(descriptor, "wb") as out:
            writer = EncryptingWriter(out, passphrase)
            written = _write_contents(writer)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


def _write_contents(out: Sink) -> Written:
    models = tables.backed_up_models()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": tables.applied_migrations(),
        "tables": [m._meta.label for m in models],
    }
    write_frame(out, MANIFEST, "manifest", json.dumps(manifest).encode())
    summary: dict[str, Any] = {"rows": {}, "files": {}}
    for name, path in files.extra_files():
        if path.is_file():
            summary["files"][name] = _write_file(out, name, path)
    with snapshot():
        for model in models:
            summary["rows"][model._meta.label] = _write_table(out, model)
    for name, path in files.media_files():
        try:
            summary["files"][name] = _write_file(out, name, path)
        except FileNotFoundError:
            continue  # deleted since the folder was listed, so after the snapshot began
    write_frame(out, END, "summary", json.dumps(summary).encode())
    return Written(
        rows=sum(summary["rows"].values()),
        tables=len(models),
        files=len(summary["files"]),
        file_bytes=sum(f["size"] for f in summary["files"].values()),
    )


def _write_table(out: Sink, model: tables.Model) -> int:
    label, count, pending, size = model._meta.label, 0, [], 0
    for line in tables.row_lines(model):
        encoded = line.encode("utf-8")
        pending.append(encoded)
        size += len(encoded)
        count += 1
        if size >= FRAME_DATA:
            write_frame(out, TABLE, label, b"".join(pending))
            pending, size = [], 0
    if pending:
        write_frame(out, TABLE, label, b"".join(pending))
    return count


def _write_file(out: Sink, name: str, path: Path) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source:
        while True:
            block = source.read(FRAME_DATA)
            if not block and size:
                break
            digest.update(block)
            size += len(block)
            write_frame(out, FILE, name, block)
            if not block:
                break
    return {"sha256": digest.hexdigest(), "size": size}
