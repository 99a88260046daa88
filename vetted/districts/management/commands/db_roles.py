"""`vetted db_roles --app-role vetted_app [--apply]`: the application's own PostgreSQL role.

Prints the SQL (create the role if missing; grant it rows, not tables) or, with --apply, runs it as
the owner (VETTED_MIGRATE_DATABASE_URL, else DATABASE_URL) and checks the role: not a superuser,
no BYPASSRLS or CREATEROLE, owns nothing. Exits non-zero when the role is unfit.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from vetted.districts import db_roles


class Command(BaseCommand):
    help = "Print or apply the grants of the application's own PostgreSQL role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", default="vetted_app", help="the role DATABASE_URL connects as")
        parser.add_argument("--apply", action="store_true", help="run the SQL and check the role")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        db_roles.use_owner_connection(options["database"])
        conn = connections[options["database"]]
        if conn.vendor != "postgresql":
            raise CommandError(
                "Database roles and row security are PostgreSQL features; this database is not."
            )
        role = options["app_role"]
        try:
            statements = db_roles.app_role_sql(conn, role)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not options["apply"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        found = db_roles.apply(conn, role)
        if found:
            raise CommandError(f"Refused for role {role}: " + "; ".join(found) + ".")
        self.stdout.write(f"Role {role}: rows only, no superuser, no BYPASSRLS, owns nothing.")
