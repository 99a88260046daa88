"""Data worth backing up, and a fresh install to restore into (its own database, via the `vetted` command)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

KEY = "a-long-backup-passphrase-for-tests"
VETTED = str(Path(sys.executable).parent / "vetted")


@dataclass
class World:
    documents: dict[str, bytes]  # path under MEDIA_ROOT -> bytes
    events: int


def make_world(tenant: Any, other_tenant: Any, catalog_item: Any) -> World:
    from vetted.agreements.services import agreements as svc
    from vetted.agreements.services.documents import add_document
    from vetted.agreements.tests.files import pdf_bytes
    from vetted.audit.models import AuditEvent
    from vetted.documents import storage

    admin = tenant.user("admin")
    agreement = svc.create_agreement(
        tenant.district, actor=admin, vendor=catalog_item.vendor, resources=[catalog_item],
        data={"title": "Quillstone DPA 2026", "kind": "standard", "general_offer": True,
              "vendor_signatory_name": "Odalys Prentiss", "vendor_signatory_title": "CEO"},
    )  # fmt: skip
    pdf = pdf_bytes("Backup round trip: Quillstone agreement")
    document = add_document(
        agreement, SimpleUploadedFile("signed.pdf", pdf), actor=admin, label="signed copy", review=False
    )
    # Bigger than one archive frame and one encryption chunk, so both are crossed.
    big = os.urandom(3 * 1024 * 1024 + 17)
    stored = storage.store("requests", big, suffix="bin")
    return World(
        documents={f"agreements/{document.stored_name}": pdf, stored.relative_path: big},
        events=AuditEvent.objects.count(),
    )


def vetted(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([VETTED, *args], env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def postgres_params() -> dict[str, Any] | None:
    """The suite's PostgreSQL server, or the usual one on loopback if it answers; else None."""
    if connection.vendor == "postgresql":
        return dict(settings.DATABASES["default"])
    try:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2):
            pass
    except psycopg.OperationalError:
        return None
    return {"HOST": "127.0.0.1", "PORT": 5432, "USER": "postgres"}


@contextmanager
def fresh_install(tmp_path: Path, vendor: str = "") -> Iterator[dict[str, str]]:
    """A second, migrated, empty install (by default of the test database's backend); dropped afterwards."""
    var = tmp_path / "restored-var"
    env = {
        **os.environ,
        "VETTED_VAR_DIR": str(var),
        "VETTED_MEDIA_ROOT": str(var / "media"),
        "VETTED_BACKUP_KEY": KEY,
    }
    if (vendor or connection.vendor) == "postgresql":
        params = postgres_params()
        assert params, "no PostgreSQL server to restore into"
        own = connection.vendor == "postgresql"  # else a SQLite suite restoring across: a name per process
        name = (
            f"{connection.settings_dict['NAME']}_restore"
            if own
            else f"test_vetted_cross_restore_{os.getpid()}"
        )
        password = params.get("PASSWORD") or ""
        admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
        admin += f" password={password}" if password else ""
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
        login = f"{params['USER']}:{quote(password)}" if password else params["USER"]
        env["DATABASE_URL"] = f"postgres://{login}@{params['HOST']}:{params['PORT']}/{name}"
    else:
        name = admin = ""
        env["DATABASE_URL"] = f"sqlite:///{var / 'restored.sqlite3'}"
    try:
        vetted("migrate", "--noinput", env=env)
        yield env
    finally:
        if name:
            with psycopg.connect(admin, autocommit=True) as pg:
                pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restored_facts(env: dict[str, str]) -> dict[str, Any]:
    """What the restored install holds, read by its own `vetted shell`."""
    code = (
        "import json; from vetted.audit.models import AuditEvent; "
        "from vetted.agreements.models import AgreementDocument as D; from vetted.districts.models import User; "
        "print(json.dumps({'events': AuditEvent.objects.count(), 'users': User.objects.count(), "
        "'documents': {f'agreements/{d.stored_name}': d.sha256 for d in D.objects.all()}}))"
    )
    return dict(json.loads(vetted("shell", "-c", code, env=env).stdout.strip().splitlines()[-1]))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
