"""Attacks on backup archives: wrong keys, altered, cut, reordered or padded archives, hostile file
names, and a restore over an install in use. Each is refused with a clear message and restores nothing.

Each test backs up this database, then empties it (flush, as a fresh install is) and the media
folder, so the restore target would accept the untouched archive (the control test proves it).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.backup.world import KEY, make_world
from vetted.kit.backup.crypto import CHUNK, HEADER_SIZE, TAG, EncryptingWriter
from vetted.kit.backup.frames import END, FILE, MANIFEST, TABLE, write_frame

pytestmark = pytest.mark.django_db(transaction=True)
SEALED = CHUNK + TAG


@pytest.fixture
def archive(tenant: Any, other_tenant: Any, catalog_item: Any, settings: Any, tmp_path: Path) -> Path:
    settings.VETTED_BACKUP_KEY = KEY
    make_world(tenant, other_tenant, catalog_item)
    path = tmp_path / "vetted.backup"
    call_command("backup", str(path))
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    Path(settings.AUDIT_ANCHOR_FILE).unlink(missing_ok=True)  # a fresh install has no anchors yet
    assert len(path.read_bytes()) > 20 * SEALED  # long enough that a late chunk comes after many rows
    return path


def _nothing_restored(settings: Any) -> None:
    from vetted.audit.models import AuditEvent
    from vetted.districts.models import District, User

    assert (User.objects.count(), District.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def _restore_refused(path: Path, settings: Any, words: str) -> None:
    with pytest.raises(CommandError, match=words):
        call_command("restore", str(path))
    _nothing_restored(settings)


def test_the_untouched_archive_restores_into_the_emptied_database(archive: Path, settings: Any) -> None:
    from django.db import transaction

    from vetted.audit.services import record
    from vetted.districts.models import District, User

    call_command("restore", str(archive))
    assert set(District.objects.values_list("slug", flat=True)) == {"birchfield", "larchmont"}
    # New rows after a restore get new ids (PostgreSQL's sequences were moved past the restored ones)
    # and the trail goes on from its restored head.
    newcomer = User.objects.create_user(username="new@birchfield.example", email="new@birchfield.example")
    assert newcomer.pk > max(User.objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))
    with transaction.atomic():
        record(District.objects.get(slug="birchfield"), "member.added", actor=newcomer)
    call_command("audit", "verify")


def test_restore_with_the_wrong_key_is_refused_and_restores_nothing(archive: Path, settings: Any) -> None:
    settings.VETTED_BACKUP_KEY = "another-long-passphrase-entirely"
    _restore_refused(archive, settings, "Wrong backup key")


def test_one_flipped_byte_late_in_the_archive_is_refused_and_restores_nothing(
    archive: Path, settings: Any
) -> None:
    data = bytearray(archive.read_bytes())
    data[len(data) - SEALED // 2] ^= 0x01  # in the second-to-last chunk: after every table's rows
    archive.write_bytes(bytes(data))
    _restore_refused(archive, settings, "altered or cut short")


def test_archive_cut_short_at_a_chunk_boundary_is_refused_and_restores_nothing(
    archive: Path, settings: Any
) -> None:
    data = archive.read_bytes()
    archive.write_bytes(data[: HEADER_SIZE + 10 * SEALED])
    _restore_refused(archive, settings, "altered or cut short")


def test_two_chunks_swapped_are_refused_and_restore_nothing(archive: Path, settings: Any) -> None:
    data = archive.read_bytes()
    first, second = HEADER_SIZE + 3 * SEALED, HEADER_SIZE + 4 * SEALED
    swapped = data[:first] + data[second : second + SEALED] + data[first:second] + data[second + SEALED :]
    archive.write_bytes(swapped)
    _restore_refused(archive, settings, "altered or cut short")


def test_bytes_appended_to_the_archive_are_refused(archive: Path, settings: Any) -> None:
    archive.write_bytes(archive.read_bytes() + bytes(SEALED))
    _restore_refused(archive, settings, "altered or cut short")


def test_altered_header_is_refused_as_the_wrong_key(archive: Path, settings: Any) -> None:
    data = bytearray(archive.read_bytes())
    data[20] ^= 0xFF  # inside the scrypt salt
    archive.write_bytes(bytes(data))
    _restore_refused(archive, settings, "Wrong backup key")


def test_archive_header_asking_for_a_huge_scrypt_cost_is_refused(archive: Path, settings: Any) -> None:
    data = bytearray(archive.read_bytes())
    data[9] = 40  # log2 n: 2**40 would take all memory before the key check could fail
    archive.write_bytes(bytes(data))
    _restore_refused(archive, settings, "header was altered")


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.VETTED_BACKUP_KEY = KEY
    path = tmp_path / "dump.sql"
    path.write_text("INSERT INTO districts_user VALUES (1, 'intruder');\n")
    _restore_refused(path, settings, "not a Vetted backup archive")


def _forged_archive(
    path: Path, tables: list[str], frames: list[tuple[bytes, str, bytes]], migrations: Any = None
) -> None:
    """What someone holding the key could write by hand: a well-sealed archive with hostile contents."""
    from vetted.kit.backup.tables import applied_migrations

    manifest = {"format": 1, "created_at": "2026-01-01T00:00:00+00:00", "database": "sqlite",
                "migrations": migrations or applied_migrations(), "tables": tables}  # fmt: skip
    summary: dict[str, Any] = {"rows": {}, "files": {}}
    for kind, name, data in frames:
        if kind == TABLE:
            summary["rows"][name] = summary["rows"].get(name, 0) + data.count(b"\n")
        else:
            summary["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    with path.open("wb") as out:
        writer = EncryptingWriter(out, KEY)
        write_frame(writer, MANIFEST, "manifest", json.dumps(manifest).encode())
        for frame in frames:
            write_frame(writer, *frame)
        write_frame(writer, END, "summary", json.dumps(summary).encode())
        writer.close()


def test_archive_naming_a_file_outside_the_media_folder_is_refused(
    db: Any, tmp_path: Path, settings: Any
) -> None:
    settings.VETTED_BACKUP_KEY = KEY
    settings.MEDIA_ROOT = str(tmp_path / "media")
    path = tmp_path / "hostile.backup"
    _forged_archive(path, [], [(FILE, "media/../escaped.txt", b"planted")])
    _restore_refused(path, settings, "outside the media folder")
    assert not (tmp_path / "escaped.txt").exists()


def test_archive_whose_rows_point_at_nothing_restores_nothing_and_leaves_no_file(
    db: Any, tmp_path: Path, settings: Any
) -> None:
    """Rows are checked by the database's own constraints at commit; the files staged beside are removed."""
    settings.VETTED_BACKUP_KEY = KEY
    path = tmp_path / "dangling.backup"
    membership = {"model": "districts.membership", "pk": 1,
                  "fields": {"user": 424242, "district": 434343, "role": "admin",
                             "created_at": "2026-01-01T00:00:00+00:00"}}  # fmt: skip
    _forged_archive(
        path,
        ["districts.Membership"],
        [(TABLE, "districts.Membership", (json.dumps(membership) + "\n").encode()),
         (FILE, "media/agreements/planted.pdf", b"%PDF-1.4 planted")],
    )  # fmt: skip
    _restore_refused(path, settings, "could not be restored.*(FOREIGN KEY|foreign key)")
    from vetted.districts.models import Membership

    assert not Membership.objects.exists()


def test_archive_from_another_vetted_version_is_refused(db: Any, tmp_path: Path, settings: Any) -> None:
    from vetted.kit.backup.tables import applied_migrations

    settings.VETTED_BACKUP_KEY = KEY
    path = tmp_path / "future.backup"
    _forged_archive(path, [], [], migrations=[*applied_migrations(), ["audit", "9999_from_the_future"]])
    _restore_refused(path, settings, "migrations differ.*audit.9999_from_the_future")


def test_restore_into_a_media_folder_that_holds_files_is_refused(archive: Path, settings: Any) -> None:
    kept = Path(settings.MEDIA_ROOT) / "agreements" / "someone-elses.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"%PDF-1.4 not from the archive")
    with pytest.raises(CommandError, match="already holds files"):
        call_command("restore", str(archive))
    assert [p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == ["someone-elses.pdf"]


def test_restore_over_a_database_in_use_is_refused_and_changes_nothing(archive: Path, settings: Any) -> None:
    from vetted.districts.models import User

    User.objects.create_user(username="late@elmstead.example", email="late@elmstead.example")
    with pytest.raises(CommandError, match="in use"):
        call_command("restore", str(archive))
    assert list(User.objects.values_list("email", flat=True)) == ["late@elmstead.example"]


def test_backup_without_a_key_is_refused_and_writes_nothing(db: Any, settings: Any, tmp_path: Path) -> None:
    settings.VETTED_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="VETTED_BACKUP_KEY is not set"):
        call_command("backup", str(tmp_path / "plain.backup"))
    settings.VETTED_BACKUP_KEY = "short"
    with pytest.raises(CommandError, match="too short"):
        call_command("backup", str(tmp_path / "plain.backup"))
    assert list(tmp_path.iterdir()) == []


def test_backup_never_overwrites_an_archive(db: Any, settings: Any, tmp_path: Path) -> None:
    settings.VETTED_BACKUP_KEY = KEY
    path = tmp_path / "kept.backup"
    path.write_bytes(b"yesterday's archive")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"yesterday's archive"


def test_memory_stays_flat_while_a_large_document_is_backed_up_and_restored(
    tenant: Any, settings: Any, tmp_path: Path
) -> None:
    """tracemalloc's peak (Python allocations) stays far below the 24 MiB document's size both ways."""
    from vetted.documents import storage

    settings.VETTED_BACKUP_KEY = KEY
    storage.store("agreements", bytes(range(256)) * (24 * 4096), suffix="pdf")  # 24 MiB
    path = tmp_path / "large.backup"
    tracemalloc.start()
    try:
        call_command("backup", str(path))
        backup_peak = tracemalloc.get_traced_memory()[1]
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT)
        tracemalloc.reset_peak()
        call_command("restore", str(path))
        restore_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert path.stat().st_size > 24 * 1024 * 1024
    assert backup_peak < 8 * 1024 * 1024, backup_peak
    assert restore_peak < 8 * 1024 * 1024, restore_peak
    print(f"peak traced memory: backup {backup_peak} bytes, restore {restore_peak} bytes")
