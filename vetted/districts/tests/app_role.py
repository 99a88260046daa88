"""Run a test's queries as the application's own PostgreSQL role, as production does.

The suite connects as `postgres`, a superuser, whom row security never binds. `as_app_role()`
creates a role with exactly the grants `vetted db_roles` gives (inside the test's transaction, so
the rollback removes it again) and `SET ROLE`s the connection to it for the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from vetted.districts import db_roles

POSTGRES_ONLY = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="roles and row-level security are PostgreSQL features; SQLite has neither",
)


def app_role_name() -> str:
    # One role per test database: engineers and xdist workers share the PostgreSQL server.
    return re.sub(r"[^a-z0-9_]", "_", f"{connection.settings_dict['NAME']}_app".lower())[:63]


@contextmanager
def as_app_role() -> Iterator[str]:
    role = app_role_name()
    with connection.cursor() as cursor:
        for sql in db_roles.app_role_sql(connection, role):
            cursor.execute(sql)
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
