"""Audit rows cannot be deleted on SQLite either, and TRUNCATE is refused on PostgreSQL; `flush` is the
one exception (vetted/audit/db_guards.py). Checkpoints are rewritten (one per district) but never
deleted."""

from django.db import migrations

SQLITE = [
    f"""CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {table}
        WHEN vetted_audit_delete_allowed() = 0
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""
    for name, table in [("audit_event", "audit_auditevent"), ("audit_checkpoint", "audit_auditcheckpoint")]
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete;",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
       BEGIN
         IF coalesce(current_setting('vetted.audit_flush', true), '') <> 'on' THEN
           RAISE EXCEPTION 'audit events are append-only';
         END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();""",
    """CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_auditcheckpoint
       FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();""",
    """CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete ON audit_auditcheckpoint;",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_auditcheckpoint;",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
    "DROP FUNCTION IF EXISTS audit_no_truncate();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_checkpoints")]
    operations = [migrations.RunPython(forwards, backwards)]
