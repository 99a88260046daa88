"""The audit trail: appended in the service's transaction, hash-chained, tamper-evident."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from vetted.audit.db_guards import SQLITE_FUNCTION, register_sqlite_function
from vetted.audit.models import AuditEvent
from vetted.audit.services import record, verify_district

pytestmark = pytest.mark.django_db


def _events(district: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(district=district).order_by("seq"))


def test_service_writes_chained_events(tenant: Any, catalog_item: Any) -> None:
    events = _events(tenant.district)
    assert [e.event_type for e in events] == [
        "vendor.created", "resource.created", "resource.decided", "obligation.started"  # its yearly review
    ]  # fmt: skip
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert events[2].actor == tenant.user("admin")
    assert events[2].details["status"] == "approved"
    assert verify_district(tenant.district).ok


def test_chains_are_per_district(tenant: Any, other_tenant: Any) -> None:
    with transaction.atomic():
        record(tenant.district, "test.one", actor=tenant.user("admin"))
        record(other_tenant.district, "test.one", actor=other_tenant.user("admin"))
    assert [e.seq for e in _events(other_tenant.district)] == [1]
    assert _events(other_tenant.district)[0].prev_hash == "0" * 64


@pytest.mark.django_db(transaction=True)
def test_record_outside_transaction_is_refused(tenant: Any) -> None:
    with pytest.raises(RuntimeError):
        record(tenant.district, "test.nothing")
    assert AuditEvent.objects.count() == 0


def test_orm_refuses_update_and_delete(tenant: Any, catalog_item: Any) -> None:
    event = _events(tenant.district)[0]
    event.event_type = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(event_type="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).event_type == "vendor.created"


def test_database_trigger_refuses_raw_update(tenant: Any, catalog_item: Any) -> None:
    event = _events(tenant.district)[0]
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET event_type = 'edited' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).event_type == "vendor.created"


def _tamper(sql: str, params: list[Any]) -> None:
    """Edit the trail behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can skip triggers for the session (ALTER TABLE would clash with deferred FKs).
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = origin")
        else:
            # SQLite: drop the UPDATE trigger; define the DELETE guard's function to say yes (db_guards.py).
            cursor.execute("DROP TRIGGER audit_event_no_update")
            connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: 1)
            cursor.execute(sql, params)
            register_sqlite_function(None, connection)


def test_verify_reports_first_broken_link_after_content_edit(tenant: Any, catalog_item: Any) -> None:
    second = _events(tenant.district)[1]
    _tamper("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"forged": true}', second.pk])
    result = verify_district(tenant.district)
    assert not result.ok
    assert result.broken_seq == 2
    assert "hash" in result.problem


def test_verify_reports_a_deleted_event(tenant: Any, catalog_item: Any) -> None:
    second = _events(tenant.district)[1]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    result = verify_district(tenant.district)
    assert (result.ok, result.broken_seq) == (False, 2)


@pytest.mark.django_db(transaction=True)  # committed, so the anchor file is written too
def test_audit_verify_command(tenant: Any, catalog_item: Any) -> None:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().strip().endswith("ok")
    assert "birchfield: ok (4 events)" in out.getvalue()
    _tamper("UPDATE audit_auditevent SET actor_label = %s WHERE seq = 3", ["someone-else@x.example"])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--district", "birchfield", stdout=out)
    assert "BROKEN at event #3" in out.getvalue()


def test_audit_verify_unknown_district(db: Any) -> None:
    with pytest.raises(CommandError, match="No district"):
        call_command("audit", "verify", "--district", "nowhere")
