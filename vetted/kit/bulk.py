"""Insert many rows fast: plain tuples into one multi-row INSERT per ~30,000 values.

Django's bulk_create builds and compiles a model instance per row (most of the time of a notice to
100,000 families) and splits SQLite batches small. Here the caller names the columns it gives; every
other column gets the model's default once (auto_now/auto_now_add: now). `returning=True` gives the
new ids in insertion order (RETURNING, SQLite 3.35+ and PostgreSQL, as Django's own bulk_create
assumes); `ignore_conflicts=True` skips rows a unique constraint already holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

PARAMS = 30_000  # under SQLite's 32,766 bound parameters (3.32+) and PostgreSQL's 65,535


def _default(field: models.Field[Any, Any], now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = False,
    ignore_conflicts: bool = False,
) -> list[int]:
    """Insert `rows` (values in `columns` order, by attname) and return the new ids if asked."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = {name: i for i, name in enumerate(columns)}
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
    now = timezone.now()
    rest = [(f, f.get_db_prep_save(_default(f, now), connection)) for f in fields if f.attname not in given]
    prep = [next(f for f in fields if f.attname == name) for name in columns]
    plain = [not isinstance(f, models.JSONField | models.DateTimeField | models.DateField) for f in prep]
    qn = connection.ops.quote_name
    names = ", ".join(qn(str(f.column)) for f in [*prep, *(f for f, _ in rest)])
    width = len(prep) + len(rest)
    one = "(" + ", ".join(["%s"] * width) + ")"
    tail = [value for _, value in rest]
    suffix = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        pk = model._meta.pk
        assert pk is not None
        suffix += f" RETURNING {qn(str(pk.column))}"
    per_statement = max(1, PARAMS // width)
    ids: list[int] = []
    chunk: list[Any] = []
    count = 0

    def flush() -> None:
        nonlocal chunk, count
        if not count:
            return
        if connection.vendor == "postgresql":
            ids.extend(_copy(model, [str(f.column) for f in [*prep, *(f for f, _ in rest)]], chunk, width,
                             returning=returning, ignore_conflicts=ignore_conflicts))  # fmt: skip
            chunk, count = [], 0
            return
        # Only the model's own quoted table and column names are in the text; values are parameters.
        sql = f"INSERT INTO {qn(model._meta.db_table)} ({names}) VALUES {', '.join([one] * count)}{suffix}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
        chunk, count = [], 0

    for row in rows:
        for value, field, is_plain in zip(row, prep, plain, strict=True):
            chunk.append(value if is_plain else field.get_db_prep_save(value, connection))
        chunk.extend(tail)
        count += 1
        if count >= per_statement:
            flush()
    flush()
    return ids


def _copy(
    model: type[models.Model],
    columns: list[str],
    flat: list[Any],
    width: int,
    *,
    returning: bool,
    ignore_conflicts: bool,
) -> list[int]:
    """PostgreSQL: rows go by COPY (psycopg rewrites a 30,000-placeholder statement in Python, most of
    the time an insert took). New ids are taken from the table's sequence first; conflicts are
    skipped through a transaction-long staging table."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    rows = [flat[i : i + width] for i in range(0, len(flat), width)]
    ids: list[int] = []
    # ON COMMIT DROP: the staging table must live in a transaction, even when the caller has none.
    with transaction.atomic(), connection.cursor() as cursor:
        if returning:
            pk = model._meta.pk
            assert pk is not None
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, pk.column, len(rows)])  # fmt: skip
            ids = [row[0] for row in cursor.fetchall()]
            columns = [str(pk.column), *columns]
            rows = [[i, *row] for i, row in zip(ids, rows, strict=True)]
        names = ", ".join(qn(c) for c in columns)
        if not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return ids
        stage = copy_to_stage(cursor, model, columns, rows)
        sql = f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING"  # noqa: S608
        cursor.execute(sql)
    return ids


def copy_to_stage(
    cursor: Any, model: type[models.Model], columns: list[str], rows: Iterable[Sequence[Any]]
) -> str:
    """PostgreSQL: COPY `rows` into a staging table shaped like the model's table, made once per
    transaction (ON COMMIT DROP) and emptied on each use; returns its quoted name for an
    INSERT … SELECT. Call inside a transaction."""
    qn = connection.ops.quote_name
    table, stage = qn(model._meta.db_table), qn(f"stage_{model._meta.db_table}")
    names = ", ".join(qn(c) for c in columns)
    # Only the model's own quoted table and column names are in the text; rows go by COPY.
    make = (
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
    )
    cursor.execute(make)
    cursor.execute(f"TRUNCATE {stage}")
    with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return stage
