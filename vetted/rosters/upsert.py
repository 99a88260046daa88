"""Create-or-update many roster rows by (district, sourcedId) in one prepared statement.

Django's bulk_create(update_conflicts=True) builds a model instance per row and splits SQLite
batches to a few dozen rows (its bound-parameter limit); one `INSERT … ON CONFLICT DO UPDATE` run
with executemany over plain tuples is many times faster, on SQLite (3.24+) and PostgreSQL alike.
A new row gets every column (the model's defaults where the file said nothing); an existing row
has only the columns the file gave updated, so a 1.2 users file (no role column) keeps the roles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models

CHUNK = 900  # ids fetched per query (SQLite's classic 999 bound-parameter limit)
KEYS = ("district_id", "sourced_id")


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField | models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def upsert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """`rows`: attname -> value, each with district_id and sourced_id."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    adapt = [_adapter(f) for f in fields]
    qn = connection.ops.quote_name
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for row in rows:
        values = [
            a(row[f.attname] if f.attname in row else defaults[f.attname])
            for f, a in zip(fields, adapt, strict=True)
        ]
        groups.setdefault(tuple(sorted(row)), []).append(values)
    columns = ", ".join(qn(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    for given, params in groups.items():
        updated = [str(f.column) for f in fields if f.attname in given and f.attname not in KEYS]
        action = (
            "DO UPDATE SET " + ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in updated)
            if updated
            else "DO NOTHING"
        )
        # Only the model's own (quoted) table and column names are in the text; values are parameters.
        sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
            f"ON CONFLICT ({qn('district_id')}, {qn('sourced_id')}) {action}"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def ids_of(model: type[models.Model], district_id: int, sids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    manager = model._default_manager
    for start in range(0, len(sids), CHUNK):
        rows = manager.filter(district_id=district_id, sourced_id__in=sids[start : start + CHUNK])
        found.update(rows.values_list("sourced_id", "pk"))
    return found
