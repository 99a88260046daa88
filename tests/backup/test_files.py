"""Files named by settings travel with the backup: the audit anchor file (AUDIT_ANCHOR_FILE, when set)
and VETTED_BACKUP_EXTRA_FILES. Restore puts them back where this install's settings say, never over
a file that already has content."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.backup.world import KEY

pytestmark = pytest.mark.django_db(transaction=True)

ANCHOR = b'{"district": 1, "seq": 7, "hash": "ab12"}\n{"district": 2, "seq": 3, "hash": "cd34"}\n'
NOTES = b"runbook: call the privacy officer of Birchfield, privacy@birchfield.example\n"


@pytest.fixture
def backed_up(tenant: Any, settings: Any, tmp_path: Path) -> Path:
    settings.VETTED_BACKUP_KEY = KEY
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "var" / "audit-anchor.jsonl")
    settings.VETTED_BACKUP_EXTRA_FILES = [str(tmp_path / "etc" / "notes.txt")]
    for path, data in ((settings.AUDIT_ANCHOR_FILE, ANCHOR), (settings.VETTED_BACKUP_EXTRA_FILES[0], NOTES)):
        Path(path).parent.mkdir(parents=True)
        Path(path).write_bytes(data)
    archive = tmp_path / "vetted.backup"
    call_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    for folder in ("var", "etc"):
        shutil.rmtree(tmp_path / folder)
    return archive


def test_anchor_file_and_extra_files_come_back_with_the_same_bytes(
    backed_up: Path, settings: Any, tmp_path: Path
) -> None:
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "elsewhere" / "anchor.jsonl")  # the new install's place
    call_command("restore", str(backed_up))
    assert Path(settings.AUDIT_ANCHOR_FILE).read_bytes() == ANCHOR
    assert (tmp_path / "etc" / "notes.txt").read_bytes() == NOTES


def test_restore_never_writes_over_an_anchor_file_with_content(
    backed_up: Path, settings: Any, tmp_path: Path
) -> None:
    from vetted.districts.models import District

    anchor = Path(settings.AUDIT_ANCHOR_FILE)
    anchor.parent.mkdir(parents=True)
    anchor.write_bytes(b'{"district": 9, "seq": 1}\n')
    with pytest.raises(CommandError, match="already exists and is not empty"):
        call_command("restore", str(backed_up))
    assert anchor.read_bytes() == b'{"district": 9, "seq": 1}\n'
    assert not District.objects.exists()


def test_an_install_without_the_anchor_setting_refuses_rather_than_dropping_the_anchor(
    backed_up: Path, settings: Any
) -> None:
    from vetted.districts.models import District

    del settings.AUDIT_ANCHOR_FILE
    with pytest.raises(CommandError, match="no place for"):
        call_command("restore", str(backed_up))
    assert not District.objects.exists()
