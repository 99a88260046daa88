"""Every table Vetted keeps, in dependency order, and its rows as portable JSON lines.

Rows go through Django's own serializers (each field's `value_to_string` / `to_python`), so an
archive written on SQLite restores into PostgreSQL and back. Many-to-many links are their own
(auto-created) tables, dumped like any other. Primary keys are kept, so references stay valid.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder

Model = type[models.Model]
BATCH = 500


class _FullPrecision(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; the audit chain hashes microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[Model]:
    """Concrete tables, each after the tables it refers to (cycles are left to deferred constraints)."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    found.sort(key=lambda m: m._meta.label)
    ordered: list[Model] = []
    placed: set[Model] = set()
    visiting: set[Model] = set()

    def place(model: Model) -> None:
        if model in placed or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and target is not model and target in found:
                place(target)
        visiting.discard(model)
        placed.add(model)
        ordered.append(model)

    for model in found:
        place(model)
    return ordered


def model_by_label(label: str) -> Model:
    return apps.get_model(label)


def _field_names(model: Model) -> list[str]:
    return [f.name for f in model._meta.local_fields if not f.primary_key]


def row_lines(model: Model) -> Iterator[str]:
    """One JSON line per row, read in primary-key order with a server-side cursor where there is one."""
    rows = model._base_manager.order_by("pk").iterator(chunk_size=BATCH)
    batch: list[models.Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield from _serialize(batch, model)
            batch = []
    if batch:
        yield from _serialize(batch, model)


def _serialize(batch: list[models.Model], model: Model) -> Iterator[str]:
    text = serializers.serialize("jsonl", batch, fields=_field_names(model), cls=_FullPrecision)
    yield from text.splitlines(keepends=True)


def insert_rows(model: Model, lines: Iterable[str]) -> int:
    """INSERT the rows as they were (raw: no auto_now, no save() overrides, no UPDATE ever)."""
    fields = model._meta.local_concrete_fields
    manager: Any = model._base_manager
    count = 0
    batch: list[models.Model] = []
    for item in serializers.deserialize("jsonl", "".join(lines)):
        if type(item.object) is not model:
            raise ValueError(f"a {item.object._meta.label} row among {model._meta.label} rows")
        batch.append(item.object)
        if len(batch) == BATCH:
            count += _insert(manager, batch, fields)
            batch = []
    if batch:
        count += _insert(manager, batch, fields)
    return count


def _insert(manager: Any, batch: list[models.Model], fields: Any) -> int:
    size = max(1, connection.ops.bulk_batch_size(list(fields), batch))
    for start in range(0, len(batch), size):
        manager._insert(batch[start : start + size], fields=fields, raw=True, using=connection.alias)
    return len(batch)


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def count_rows(model: Model) -> int:
    return int(model._base_manager.count())
