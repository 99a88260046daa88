"""A backup shows one moment: rows another connection commits while it runs are not in it.

Runs in a separate install (a SQLite file in WAL mode, or its own PostgreSQL database), because a
second connection that writes needs a database it can reach: the suite's SQLite database is in memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.backup.world import fresh_install, vetted

pytestmark = pytest.mark.django_db(transaction=True)

# Between the first and the second table the backup reads, another thread (its own connection)
# adds a district and a user and commits. Then the archive's summary is compared with the database.
SCRIPT = """
import json, threading
from pathlib import Path
from django.conf import settings
from django.db import connection
from vetted.districts.models import District, User
from vetted.kit.backup import dump, load, tables

def district(slug):
    return District.objects.create(slug=slug, name=slug.title(), state="CT", time_zone="America/New_York",
                                   public_contact_email=f"privacy@{slug}.example")

def write_meanwhile():
    district("during")
    User.objects.create_user(username="during@during.example", email="during@during.example")
    connection.close()

district("before")
User.objects.create_user(username="before@before.example", email="before@before.example")
real_row_lines, calls = tables.row_lines, []

def row_lines(model):
    if not calls:
        thread = threading.Thread(target=write_meanwhile)
        thread.start()
        thread.join()
    calls.append(model)
    yield from real_row_lines(model)

tables.row_lines = row_lines
path = Path(settings.VAR_DIR) / "during.backup"
dump.write_backup(path, settings.VETTED_BACKUP_KEY)
rows = load.check_archive(path, settings.VETTED_BACKUP_KEY).summary["rows"]
print(json.dumps({"archived": [rows.get("districts.District", 0), rows.get("districts.User", 0)],
                  "now": [District.objects.count(), User.objects.count()]}))
"""


def test_rows_committed_while_the_backup_runs_are_not_in_it(tmp_path: Path) -> None:
    with fresh_install(tmp_path) as env:
        out = vetted("shell", "-c", SCRIPT, env=env).stdout.strip().splitlines()[-1]
    facts: dict[str, Any] = json.loads(out)
    assert facts["now"] == [2, 2], "the other connection's rows were committed"
    assert facts["archived"] == [1, 1], "the archive shows the moment the backup began"
