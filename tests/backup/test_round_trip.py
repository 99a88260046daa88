"""`vetted backup` on this database, `vetted restore` into a second, fresh one, then `vetted audit verify`.

Runs on the backend the suite runs on: SQLite by default, PostgreSQL with DATABASE_URL (the restore
target is then its own database, created and dropped here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.backup.world import KEY, fresh_install, make_world, restored_facts, sha256, vetted

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_restores_into_a_fresh_install_with_the_trail_and_the_documents_intact(
    tenant: Any, other_tenant: Any, catalog_item: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VETTED_BACKUP_KEY = KEY
    world = make_world(tenant, other_tenant, catalog_item)
    archive = tmp_path / "vetted.backup"
    call_command("backup", str(archive))
    for data in world.documents.values():  # encrypted: no stored byte run shows through
        assert data[1000:1064] not in archive.read_bytes()

    with fresh_install(tmp_path) as env:
        restored = vetted("restore", str(archive), env=env)
        assert "restored" in restored.stdout
        verify = vetted("audit", "verify", env=env)
        assert verify.stdout.strip().splitlines()[-1] == "ok"
        assert f"{tenant.district.slug}: ok (" in verify.stdout

        facts = restored_facts(env)
        assert facts["events"] == world.events > 0
        assert facts["users"] == 2 * len(tenant.users)
        media = Path(env["VETTED_MEDIA_ROOT"])
        for relative, data in world.documents.items():
            copy = (media / relative).read_bytes()
            assert copy == data
            if relative in facts["documents"]:
                assert facts["documents"][relative] == sha256(copy)
        assert set(facts["documents"]) <= set(world.documents) and facts["documents"]
        assert not list(media.glob(".restore-*")), "no staging folder left behind"

        again = vetted("restore", str(archive), env=env, check=False)
        assert again.returncode != 0 and "in use" in again.stderr


def test_an_archive_restores_across_backends(
    tenant: Any, other_tenant: Any, catalog_item: Any, settings: Any, tmp_path: Path
) -> None:
    """SQLite to PostgreSQL, or PostgreSQL to SQLite: the archive's rows are portable JSON lines."""
    from django.db import connection

    from tests.backup.world import postgres_params

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    if other == "postgresql" and postgres_params() is None:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432 to restore into")
    settings.VETTED_BACKUP_KEY = KEY
    world = make_world(tenant, other_tenant, catalog_item)
    archive = tmp_path / "vetted.backup"
    call_command("backup", str(archive))
    with fresh_install(tmp_path, vendor=other) as env:
        vetted("restore", str(archive), env=env)
        assert vetted("audit", "verify", env=env).stdout.strip().splitlines()[-1] == "ok"
        facts = restored_facts(env)
        assert facts["events"] == world.events
        for relative, digest in facts["documents"].items():
            assert sha256((Path(env["VETTED_MEDIA_ROOT"]) / relative).read_bytes()) == digest
