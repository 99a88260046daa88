"""`vetted migrate`: Django's migrate, as the owner, then PostgreSQL row security and the app's grants.

- With VETTED_MIGRATE_DATABASE_URL set, it connects as that role (the tables' owner) instead of
  DATABASE_URL's (the app's role, which may not create or alter tables).
- On PostgreSQL it then puts every table with a `district_id` under the district policy
  (vetted/districts/row_security.py), so a table a migration adds is covered at once.
- With VETTED_DB_APP_ROLE set, it re-grants that role what it needs (`vetted db_roles`).
The test suite's database is made through this command too, so its tables carry the policies.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

from vetted.districts import db_roles, row_security


class Command(migrate.Command):
    help = migrate.Command.help + " Then applies PostgreSQL row security and the app role's grants."

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        db_roles.use_owner_connection(alias)
        super().handle(*args, **options)
        conn = connections[alias]
        if conn.vendor != "postgresql" or options["plan"] or options["check_unapplied"]:
            return  # --plan and --check change nothing
        tables = row_security.apply_row_security(conn)
        if options["verbosity"] >= 2:
            self.stdout.write(f"Row security on {len(tables)} district tables.")
        role = getattr(settings, "VETTED_DB_APP_ROLE", "")
        if role:
            for problem in db_roles.apply(conn, role):
                self.stderr.write(self.style.WARNING(f"App role {role}: {problem}"))
