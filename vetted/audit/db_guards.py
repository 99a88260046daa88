"""The database itself refuses to delete audit rows, on SQLite as on PostgreSQL; only `flush` (which
empties every table on purpose, e.g. between tests) may.

SQLite has no session settings, so its DELETE triggers ask a function this module registers on every
connection the app opens. Any other client (the sqlite3 shell) lacks the function, so its DELETE fails
too. PostgreSQL's TRUNCATE trigger reads a session setting that only `flush` turns on. Someone who may
drop triggers can still get past both; the signed checkpoints and the anchor file are what catch them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

SQLITE_FUNCTION = "vetted_audit_delete_allowed"
POSTGRES_SETTING = "vetted.audit_flush"
_flushing: ContextVar[bool] = ContextVar("vetted_audit_flushing", default=False)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(_flushing.get()))


@contextmanager
def flushing(database: str) -> Iterator[None]:
    """Let this thread's `flush` of `database` empty the audit tables."""
    connection = connections[database]
    token = _flushing.set(True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [POSTGRES_SETTING])
    try:
        yield
    finally:
        _flushing.reset(token)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [POSTGRES_SETTING])
