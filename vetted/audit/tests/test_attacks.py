"""Attacks on the audit trail by someone who can write to the database (a superuser, or a stolen
copy of the SQLite file) but does not hold the audit key. Each one must make `vetted audit verify`
fail. On PostgreSQL the attacker skips triggers with session_replication_role; on SQLite they define
the guard function their own client lacks (db_guards.py)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from vetted.audit.chain import event_hash, sign_checkpoint
from vetted.audit.db_guards import SQLITE_FUNCTION, register_sqlite_function
from vetted.audit.models import AuditCheckpoint, AuditEvent
from vetted.audit.services import record

pytestmark = pytest.mark.django_db


@dataclass
class Trail:
    district: Any
    anchor_file: Path
    # What an attacker could have copied after event #3: the checkpoint row and the anchor file.
    checkpoint_at_3: dict[str, Any]
    anchors_at_3: str


@pytest.fixture
def trail(tenant: Any, django_capture_on_commit_callbacks: Any) -> Trail:
    """Five committed events in Birchfield (the on-commit callbacks run, so the anchor file is written)."""

    def add(n: int) -> None:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record(tenant.district, "test.step", actor=tenant.user("admin"), details={"n": n})

    for n in (1, 2, 3):
        add(n)
    anchor_file = Path(settings.AUDIT_ANCHOR_FILE)
    saved: dict[str, Any] = dict(AuditCheckpoint.objects.values().get(district=tenant.district))
    snapshot = Trail(tenant.district, anchor_file, saved, anchor_file.read_text())
    for n in (4, 5):
        add(n)
    return snapshot


@contextmanager
def attacker() -> Iterator[Any]:
    """A cursor that gets past the database's own append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: 1)
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                register_sqlite_function(None, connection)


def verify(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def _delete_events(trail: Trail, where: str = "") -> None:
    with attacker() as cursor:
        cursor.execute(f"DELETE FROM audit_auditevent WHERE district_id = %s {where}", [trail.district.pk])  # noqa: S608


def _put_back_checkpoint_at_3(trail: Trail) -> None:
    values = {k: v for k, v in trail.checkpoint_at_3.items() if k != "district_id"}
    with attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditcheckpoint SET seq=%s, hash=%s, count=%s, at=%s, signature=%s, alg=%s "
            "WHERE district_id=%s",
            [values["seq"], values["hash"], values["count"], values["at"], values["signature"], values["alg"],
             trail.district.pk],
        )  # fmt: skip


def test_an_untouched_trail_verifies(trail: Trail) -> None:
    ok, out = verify()
    assert ok, out
    assert "birchfield: ok (5 events)" in out
    lines = [json.loads(line) for line in trail.anchor_file.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    assert {"alg", "district", "seq", "hash", "count", "at", "sig"} == set(lines[-1])


def test_a_middle_event_deleted_is_detected(trail: Trail) -> None:
    _delete_events(trail, "AND seq = 3")
    ok, out = verify("--district", "birchfield")
    assert not ok
    assert "BROKEN at event #3: event #3 is missing" in out


def test_the_newest_events_deleted_are_detected(trail: Trail) -> None:
    _delete_events(trail, "AND seq > 3")
    ok, out = verify()
    assert not ok
    assert "BROKEN at event #4" in out and "the newest events were deleted" in out


def test_the_newest_events_deleted_and_an_older_checkpoint_put_back_are_caught_by_the_anchor_file(
    trail: Trail,
) -> None:
    _delete_events(trail, "AND seq > 3")
    _put_back_checkpoint_at_3(trail)
    ok, out = verify()
    assert not ok
    assert "the anchor file names event #5 but the trail ends at #3" in out


def test_the_newest_events_deleted_with_the_local_anchors_rewound_are_caught_by_the_shipped_copy(
    trail: Trail, tmp_path: Path
) -> None:
    shipped = tmp_path / "shipped-anchors.jsonl"
    shutil.copy(trail.anchor_file, shipped)
    _delete_events(trail, "AND seq > 3")
    _put_back_checkpoint_at_3(trail)
    trail.anchor_file.write_text(trail.anchors_at_3)
    assert verify()[0], "the local copy alone cannot tell: that is why the operator ships it elsewhere"
    ok, out = verify("--anchors", str(shipped))
    assert not ok
    assert "the newest events were deleted" in out


def test_a_forged_checkpoint_without_the_key_is_detected(trail: Trail) -> None:
    _delete_events(trail, "AND seq > 3")
    third = AuditEvent.objects.get(district=trail.district, seq=3)
    with attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditcheckpoint SET seq=3, count=3, hash=%s, signature=%s WHERE district_id=%s",
            [third.hash, "f" * 64, trail.district.pk],
        )
    ok, out = verify()
    assert not ok
    assert "the checkpoint is not signed with the audit key" in out


def test_the_whole_trail_deleted_is_detected(trail: Trail) -> None:
    _delete_events(trail)
    ok, out = verify()
    assert not ok
    assert "names 5 events but the trail is empty: the whole trail was deleted" in out


def test_the_whole_trail_and_its_checkpoint_deleted_are_caught_by_the_anchor_file(trail: Trail) -> None:
    _delete_events(trail)
    with attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditcheckpoint WHERE district_id = %s", [trail.district.pk])
    ok, out = verify()
    assert not ok
    assert "the anchor file names 5 events but the trail is empty" in out


def test_a_district_deleted_with_its_whole_trail_is_caught_by_the_anchor_file(trail: Trail) -> None:
    _delete_events(trail)
    with attacker() as cursor:
        for table in ("audit_auditcheckpoint", "districts_membership"):
            cursor.execute(f"DELETE FROM {table} WHERE district_id = %s", [trail.district.pk])  # noqa: S608
        cursor.execute("DELETE FROM districts_district WHERE id = %s", [trail.district.pk])
    ok, out = verify()
    assert not ok
    assert f"the anchor file names district #{trail.district.pk}, which is no longer in the database" in out


def test_the_trail_truncated_is_detected(trail: Trail) -> None:
    with attacker() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts leave FK checks pending
            cursor.execute("TRUNCATE audit_auditevent, audit_auditcheckpoint")
        else:  # SQLite's TRUNCATE: an unqualified DELETE
            cursor.execute("DELETE FROM audit_auditevent")
            cursor.execute("DELETE FROM audit_auditcheckpoint")
    ok, out = verify()
    assert not ok
    assert "birchfield: BROKEN: the anchor file names 5 events but the trail is empty" in out


def test_events_rewritten_and_rechained_without_the_key_are_detected(trail: Trail) -> None:
    """The attack that passed before: rewrite #2's actor and details, delete #2..#5 and insert them again
    with hashes recomputed (here with a guessed key), and re-sign the checkpoint the same way."""
    events: list[dict[str, Any]] = [
        dict(ev)
        for ev in AuditEvent.objects.filter(district=trail.district, seq__gte=2).order_by("seq").values()
    ]
    _delete_events(trail, "AND seq >= 2")
    prev = AuditEvent.objects.get(district=trail.district, seq=1).hash
    for ev in events:
        ev.pop("id")
        if ev["seq"] == 2:
            ev.update(actor_id=None, actor_label="someone-else@elsewhere.example", details={"n": 99})
        fields: dict[str, Any] = {k: ev[k] for k in ("district_id", "seq", "event_type", "actor_id", "actor_label",
                                     "subject_type", "subject_id", "subject_label", "details", "created_at")}  # fmt: skip
        ev["prev_hash"], ev["hash"] = prev, event_hash(key=b"a guess", prev_hash=prev, **fields)
        AuditEvent.objects.create(**ev)
        prev = ev["hash"]
    checkpoint = AuditCheckpoint.objects.get(district=trail.district)
    checkpoint.hash = prev
    signature = sign_checkpoint(b"a guess", checkpoint.payload())
    with attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditcheckpoint SET hash=%s, signature=%s WHERE district_id=%s",
            [prev, signature, trail.district.pk],
        )
    ok, out = verify()
    assert not ok
    assert "BROKEN at event #2: content does not match its keyed hash" in out


def test_a_line_forged_into_the_anchor_file_is_detected(trail: Trail) -> None:
    line = json.loads(trail.anchor_file.read_text().splitlines()[-1])
    line.update(seq=9, count=9)
    with trail.anchor_file.open("a") as handle:
        handle.write(json.dumps(line) + "\n")
    ok, out = verify()
    assert not ok
    assert "BROKEN: line 6 of the anchor file is not signed with the audit key" in out


def test_the_anchor_file_deleted_is_detected(trail: Trail) -> None:
    trail.anchor_file.unlink()
    ok, out = verify()
    assert not ok
    assert f"there is no anchor file at {trail.anchor_file}" in out


def test_the_database_refuses_to_delete_audit_rows(trail: Trail) -> None:
    for sql in ("DELETE FROM audit_auditevent WHERE seq = 5", "DELETE FROM audit_auditcheckpoint"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.filter(district=trail.district).count() == 5
    assert AuditCheckpoint.objects.filter(district=trail.district).exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_truncate(trail: Trail) -> None:
    for table in ("audit_auditevent", "audit_auditcheckpoint"):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts leave FK checks pending
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.filter(district=trail.district).count() == 5


@pytest.mark.django_db(transaction=True)
def test_only_flush_may_empty_the_audit_tables(tenant: Any) -> None:
    """A deliberate wipe of every table (test teardown uses it) still works; a DELETE does not."""
    with transaction.atomic():
        record(tenant.district, "test.step")
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AuditCheckpoint.objects.exists()
    assert Path(settings.AUDIT_ANCHOR_FILE).read_text().count("\n") == 1, "committed, so anchored"
