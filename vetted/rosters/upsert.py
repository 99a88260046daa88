"""Create-or-update many roster rows by (district, sourcedId) in one prepared statement.

Django's bulk_create(update_conflicts=True) builds a model instance per row and splits SQLite
batches to a few dozen rows (its bound-parameter limit). Here plain tuples go into one multi-row
`INSERT … ON CONFLICT DO UPDATE … RETURNING` per ~30,000 values: one round trip per batch on
PostgreSQL (executemany would send one statement per row), the new ids with it, on SQLite (3.35+)
and PostgreSQL alike.
A new row gets every column (the model's defaults where the file said nothing); an existing row
has only the columns the file gave updated, so a 1.2 users file (no role column) keeps the roles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models

from vetted.kit.bulk import copy_to_stage

# Values per INSERT: well under SQLite's 32,766 bound parameters (3.32+) and PostgreSQL's 65,535.
PARAMS = 30_000
KEYS = ("district_id", "sourced_id")


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField | models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _assign(model: type[models.Model], column: str) -> str:
    """`col = excluded.col`, or, for a column the model keeps while a flag is set (a language an admin
    recorded), the existing value when the row's flag is true."""
    qn = connection.ops.quote_name
    flag = getattr(model, "UPSERT_KEEP", {}).get(column)
    if flag is None:
        return f"{qn(column)} = excluded.{qn(column)}"
    table = qn(model._meta.db_table)
    return f"{qn(column)} = CASE WHEN {table}.{qn(flag)} THEN {table}.{qn(column)} ELSE excluded.{qn(column)} END"


def upsert(model: type[models.Model], rows: list[dict[str, Any]]) -> dict[str, int]:
    """`rows`: attname -> value, each with district_id and sourced_id. Returns sourcedId -> id of every
    row written (RETURNING, so no second query finds the new ids)."""
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
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, PARAMS // len(fields))
    written: dict[str, int] = {}
    for given, params in groups.items():
        updated = [str(f.column) for f in fields if f.attname in given and f.attname not in KEYS]
        # DO UPDATE even with nothing to change, so RETURNING gives the existing row's id too.
        sets = updated or ["sourced_id"]
        action = "DO UPDATE SET " + ", ".join(_assign(model, c) for c in sets)
        if connection.vendor == "postgresql":
            written.update(_copy_then_insert(model, [str(f.column) for f in fields], params, action))
            continue
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            # Only the model's own (quoted) table and column names are in the text; values are parameters.
            sql = (
                f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))} "  # noqa: S608
                f"ON CONFLICT ({qn('district_id')}, {qn('sourced_id')}) {action} "
                f"RETURNING {qn('sourced_id')}, {qn('id')}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [value for row in chunk for value in row])
                written.update(cursor.fetchall())
    return written


def _copy_then_insert(
    model: type[models.Model], columns: list[str], params: list[list[Any]], action: str
) -> dict[str, int]:
    """PostgreSQL: COPY the batch into a temporary table, then one INSERT … SELECT … ON CONFLICT.
    psycopg splits a 30,000-placeholder statement in Python (most of the time a batch took); COPY
    sends the rows as data. The staging table lives for the transaction only (ON COMMIT DROP)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        stage = copy_to_stage(cursor, model, columns, params)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "  # noqa: S608
            f"ON CONFLICT ({qn('district_id')}, {qn('sourced_id')}) {action} RETURNING {qn('sourced_id')}, {qn('id')}"
        )
        return dict(cursor.fetchall())
