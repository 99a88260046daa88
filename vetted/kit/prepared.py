"""A hot read whose shape never changes, compiled once per thread instead of on every request.

Building a queryset and compiling it to SQL cost more than running it on the public registry's pages
(issue 15: a detail page's statement runs in 0.05 ms and took milliseconds to build). `Prepared`
builds the queryset once with markers in place of its arguments, compiles it, notes where the
markers sit among the parameters, and from then on runs the same SQL with the real values through
the same compiler, so Django's converters (dates, booleans) still apply.

Arguments are integers (ids) by default; names given in `text` are strings compared as they are
(an equality, a full-text expression), names in `like` are strings the ORM wraps in a LIKE pattern
(`__contains`): the value is escaped as Django escapes it and put where the marker was. A marker
must reach the parameters as the kind says; when it does not (a statement whose SQL would differ by
value), the query is refused at the first call rather than run wrong. Per thread, because a compiler
holds its thread's database connection.

`PreparedShapes` keeps one `Prepared` per shape of a family of statements whose SQL differs by which
filters are used or which page is read (the registry's listing), made on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

_MARKER_BASE = -7_345_000_000_000
_TEXT_MARKER = "vetted~marker~{}~"


class Prepared:
    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        *names: str,
        text: Iterable[str] = (),
        like: Iterable[str] = (),
        using: str = "default",
    ) -> None:
        """`build(**{name: marker})` returns a `.values(...)` queryset; `names` are its arguments."""
        self.build = build
        self.names = names
        self.text = frozenset(text)
        self.like = frozenset(like)
        unknown = (self.text | self.like) - set(names)
        if unknown or self.text & self.like:
            raise ValueError(f"text and like must be distinct argument names: {sorted(unknown)}")
        self.using = using
        self._local = threading.local()

    def _marker(self, index: int, name: str) -> int | str:
        if name in self.text or name in self.like:
            return _TEXT_MARKER.format(index)
        return _MARKER_BASE - index

    def _slot(self, value: Any, markers: dict[str, int | str]) -> tuple[str, int, str, str] | None:
        """Where an argument goes in one parameter: (kind, argument index, text before, text after)."""
        for index, (name, marker) in enumerate(markers.items()):
            if isinstance(marker, int):
                if isinstance(value, int) and not isinstance(value, bool) and value == marker:
                    return ("int", index, "", "")
            elif isinstance(value, str) and marker in value:
                before, _, after = value.partition(marker)
                if name in self.like and marker not in after:
                    return ("like", index, before, after)
                if value == marker and name in self.text:
                    return ("text", index, "", "")
                raise ValueError(f"{name}: the marker reached the SQL changed; this query cannot be prepared")
        return None

    def _compiled(self) -> tuple[Any, str, tuple[Any, ...], list[Any], list[str]]:
        found = getattr(self._local, "compiled", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
        markers = {name: self._marker(i, name) for i, name in enumerate(self.names)}
        qs = self.build(**markers)
        query = qs.query
        compiler = query.get_compiler(using=self.using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # the shape itself selects nothing (an empty slice): never a value
            found = (None, "", (), [], [])
            self._local.compiled = found
            return found
        slots = [self._slot(value, markers) for value in params]
        if {slot[1] for slot in slots if slot} != set(range(len(markers))):
            raise ValueError(
                "a marker did not reach the SQL parameters unchanged: this query cannot be prepared"
            )
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        found = (compiler, sql, tuple(params), slots, names)
        self._local.compiled = found
        return found

    def values(self, **arguments: Any) -> list[dict[str, Any]]:
        compiler, sql, params, slots, names = self._compiled()
        if compiler is None:
            return []
        ordered = [arguments[name] for name in self.names]
        escape = compiler.connection.ops.prep_for_like_query
        bound = []
        for param, slot in zip(params, slots, strict=True):
            if slot is None:
                bound.append(param)
            elif slot[0] == "int":
                bound.append(int(ordered[slot[1]]))
            elif slot[0] == "text":
                bound.append(str(ordered[slot[1]]))
            else:
                bound.append(f"{slot[2]}{escape(str(ordered[slot[1]]))}{slot[3]}")
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, tuple(bound))
            rows = cursor.fetchall()
        if not rows:
            return []
        return [
            dict(zip(names, row, strict=True)) for row in compiler.results_iter([rows], tuple_expected=True)
        ]


class PreparedShapes:
    """One `Prepared` per shape, made by `factory(shape)` on first use; at most `limit` are kept (the
    oldest are forgotten first), so shapes a visitor can vary (page numbers) cannot grow it forever."""

    def __init__(self, factory: Callable[[Any], Prepared], limit: int = 512) -> None:
        self.factory = factory
        self.limit = limit
        self._shapes: dict[Hashable, Prepared] = {}
        self._lock = threading.Lock()

    def values(self, shape: Hashable, **arguments: Any) -> list[dict[str, Any]]:
        prepared = self._shapes.get(shape)
        if prepared is None:
            with self._lock:
                prepared = self._shapes.get(shape)
                if prepared is None:
                    while len(self._shapes) >= self.limit:
                        self._shapes.pop(next(iter(self._shapes)))
                    prepared = self._shapes[shape] = self.factory(shape)
        return prepared.values(**arguments)
