"""Two PostgreSQL roles: the owner runs migrations; the application connects as its own role.

The owner (VETTED_MIGRATE_DATABASE_URL) owns every table, sequence and trigger. The application role
(DATABASE_URL, e.g. `vetted_app`) is LOGIN only: not a superuser, no BYPASSRLS, owns nothing. So it
cannot disable or drop the audit trail's trigger (only an owner can), cannot TRUNCATE (not granted),
cannot set `session_replication_role` (superusers only), and row security binds it. It may SELECT,
INSERT, UPDATE and DELETE rows, except on append-only tables (SELECT and INSERT) and Django's
migration record (SELECT).
"""

from __future__ import annotations

import os
import re

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
READ_ONLY_TABLES = frozenset({"django_migrations"})
MIGRATE_URL = "VETTED_MIGRATE_DATABASE_URL"


def check_role_name(role: str) -> str:
    if not ROLE_NAME.match(role):
        raise ValueError(f"{role!r} is not a plain role name (lower-case letters, digits, underscores).")
    return role


def privileges(table: str) -> str:
    if table in READ_ONLY_TABLES:
        return "SELECT"
    if table in set(getattr(settings, "VETTED_APPEND_ONLY_TABLES", [])):
        return "SELECT, INSERT"
    return "SELECT, INSERT, UPDATE, DELETE"


def app_role_sql(conn: BaseDatabaseWrapper, role: str) -> list[str]:
    """Create the role if it is missing and grant it exactly what the app needs, table by table.

    Every grant is replaced (REVOKE ALL first), so running it again after a migration also takes
    back anything granted by hand. Run it as the owner; creating the role needs CREATEROLE (or
    create it yourself first: `CREATE ROLE vetted_app LOGIN PASSWORD '...'`)."""
    name = conn.ops.quote_name(check_role_name(role))
    statements = [
        # CREATE ROLE's defaults are NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS.
        # `role` matched ROLE_NAME, so it is safe inside the literal.
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "  # noqa: S608
        f"THEN CREATE ROLE {name} LOGIN; END IF; END $$",
        f"GRANT USAGE ON SCHEMA {conn.ops.quote_name(_schema(conn))} TO {name}",
    ]
    for table in sorted(conn.introspection.table_names(include_views=False)):
        quoted = conn.ops.quote_name(table)
        statements.append(f"REVOKE ALL ON TABLE {quoted} FROM {name}")
        statements.append(f"GRANT {privileges(table)} ON TABLE {quoted} TO {name}")
    for sequence in _sequences(conn):
        statements.append(f"GRANT USAGE, SELECT ON SEQUENCE {conn.ops.quote_name(sequence)} TO {name}")
    return statements


def problems(conn: BaseDatabaseWrapper, role: str) -> list[str]:
    """What makes `role` unfit to be the app's role (empty when it is fit)."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = %s", [role]
        )
        row = cursor.fetchone()
        if row is None:
            return [f"role {role} does not exist"]
        found = [
            text
            for flag, text in zip(row, ["is a superuser", "has BYPASSRLS", "has CREATEROLE"], strict=True)
            if flag
        ]
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
            [role],
        )
        owned = [r[0] for r in cursor.fetchall()]
    if owned:
        found.append(
            f"owns {len(owned)} tables or sequences (e.g. {owned[0]}), so it could disable their triggers"
        )
    return found


def apply(conn: BaseDatabaseWrapper, role: str) -> list[str]:
    """Run `app_role_sql` and return what is wrong with the role. An existing role that is unfit
    (a superuser, the owner) is left untouched: revoking an owner's rights would break migrations."""
    found = [p for p in problems(conn, role) if not p.endswith("does not exist")]
    if found:
        return found
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        row = cursor.fetchone()
    if row and row[0] == role:  # a role cannot grant itself anything: it would only "succeed" with warnings
        return [f"the grants must be run as the tables' owner ({MIGRATE_URL}), not as {role} itself"]
    with conn.cursor() as cursor:
        for sql in app_role_sql(conn, role):
            cursor.execute(sql)
    return problems(conn, role)


def use_owner_connection(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Point `alias` at VETTED_MIGRATE_DATABASE_URL (the owner) for this process, when it is set.

    The web server and the worker connect with DATABASE_URL (the app role); `vetted migrate` and
    `vetted db_roles` use this, so one environment serves both and the owner's password never
    reaches the web process's database settings."""
    url = os.environ.get(MIGRATE_URL, "").strip()
    if not url or alias != DEFAULT_DB_ALIAS:
        return False
    conn = connections[alias]
    owner = dj_database_url.parse(url)
    if owner["ENGINE"] != conn.settings_dict["ENGINE"]:
        raise ImproperlyConfigured(f"{MIGRATE_URL} must name the same kind of database as DATABASE_URL.")
    conn.close()
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        conn.settings_dict[key] = owner[key]
    return True


def _schema(conn: BaseDatabaseWrapper) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        row = cursor.fetchone()
    return str(row[0]) if row else "public"


def _sequences(conn: BaseDatabaseWrapper) -> list[str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' "
            "AND c.relnamespace = current_schema()::regnamespace ORDER BY 1"
        )
        return [r[0] for r in cursor.fetchall()]
