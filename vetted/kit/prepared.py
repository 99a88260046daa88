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

A `window` statement reads a page: `build` also takes `start` and `stop` and slices with them, and
the LIMIT and OFFSET the ORM writes into the SQL are turned back into parameters, so every page of a
listing runs one statement ("first": the first page, which has no OFFSET; "later": any other).

`PreparedShapes` keeps one `Prepared` per shape of a family of statements whose SQL differs by which
filters are used (the registry's listing), made on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

# Two sets of markers: the statement is compiled with each, and a parameter that differs between the
# two is an argument's. Integer markers sit inside every integer column's range (Django drops a
# comparison with a value a column cannot hold, e.g. a negative id or grade), so a constant could
# equal one by chance; it cannot equal both.
_INT_MARKERS = (31_000, 32_000)
_TEXT_MARKER = "vetted~marker{}~{}~"
# A window's markers per round: (start of a later page, page size); unlike any number a query holds.
_WINDOW_MARKERS = ((9_100_001, 7_300_003), (9_200_001, 7_400_003))


def _lift_window(sql: str, size: int, start: int) -> tuple[str, list[tuple[int, str]]]:
    """`sql` with its literal LIMIT (and OFFSET) turned into placeholders, and where each new parameter
    goes among the others: [(index, "limit" | "offset")]."""
    inserted: list[tuple[int, str]] = []
    for keyword, value in (("LIMIT", size), ("OFFSET", start)):
        if keyword == "OFFSET" and not start:
            continue
        text = f"{keyword} {value}"
        if sql.count(text) != 1:
            raise ValueError(f"{keyword} not found once in the SQL: this window cannot be prepared")
        at = sql.index(text)
        inserted.append((sql[:at].count("%s"), keyword.lower()))
        sql = f"{sql[:at]}{keyword} %s{sql[at + len(text) :]}"
    return sql, inserted


class Prepared:
    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        *names: str,
        text: Iterable[str] = (),
        like: Iterable[str] = (),
        window: str | None = None,
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
        if window not in (None, "first", "later"):
            raise ValueError("window is None, 'first' or 'later'")
        self.window = window
        self.using = using
        self._local = threading.local()

    def _markers(self, round_: int) -> dict[str, int | str]:
        return {
            name: _TEXT_MARKER.format(round_, i)
            if name in self.text or name in self.like
            else _INT_MARKERS[round_] + i
            for i, name in enumerate(self.names)
        }

    def _slot(
        self, a: Any, b: Any, first: dict[str, Any], second: dict[str, Any]
    ) -> tuple[str, int, str, str] | None:
        """Where an argument goes in one parameter, from its values under the two marker sets:
        (kind, argument index, text before, text after), or None for a constant."""
        if a == b and type(a) is type(b):
            return None
        for index, name in enumerate(self.names):
            m, n = first[name], second[name]
            if isinstance(m, int):
                if a == m and b == n and isinstance(a, int) and not isinstance(a, bool):
                    return ("int", index, "", "")
            elif isinstance(a, str) and isinstance(b, str) and m in a and n in b:
                before, _, after = a.partition(m)
                if (before, after) != b.partition(n)[::2] or m in after:
                    break
                if name in self.like:
                    return ("like", index, before, after)
                if a == m:
                    return ("text", index, "", "")
                break
        raise ValueError("a marker reached the SQL changed: this query cannot be prepared")

    def _compiled(self) -> tuple[Any, str, tuple[Any, ...], list[Any], list[str]]:
        found = getattr(self._local, "compiled", None)
        if found is not None:
            return found  # type: ignore[no-any-return]
        first, second = self._markers(0), self._markers(1)
        windows = [self._window_markers(r) for r in (0, 1)]
        query = self.build(**first, **windows[0]).query
        compiler = query.get_compiler(using=self.using)
        try:
            sql, params = compiler.as_sql()
            other_sql, other_params = (
                self.build(**second, **windows[1]).query.get_compiler(using=self.using).as_sql()
            )
        except EmptyResultSet:  # the shape itself selects nothing: never a value
            found = (None, "", (), [], [])
            self._local.compiled = found
            return found
        inserted: list[tuple[int, str]] = []
        if self.window:
            sql, inserted = _lift_window(sql, *self._window_size_start(0))
            other_sql, _ = _lift_window(other_sql, *self._window_size_start(1))
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError("the SQL changes with the arguments' values: this query cannot be prepared")
        slots: list[Any] = [
            self._slot(a, b, first, second) for a, b in zip(params, other_params, strict=True)
        ]
        if {slot[1] for slot in slots if slot} != set(range(len(self.names))):
            raise ValueError(
                "a marker did not reach the SQL parameters unchanged: this query cannot be prepared"
            )
        params = list(params)
        for index, kind in inserted:
            params.insert(index, None)
            slots.insert(index, (kind, -1, "", ""))
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        found = (compiler, sql, tuple(params), slots, names)
        self._local.compiled = found
        return found

    def _window_size_start(self, round_: int) -> tuple[int, int]:
        start, size = _WINDOW_MARKERS[round_]
        return size, 0 if self.window == "first" else start

    def _window_markers(self, round_: int) -> dict[str, int]:
        if not self.window:
            return {}
        size, start = self._window_size_start(round_)
        return {"start": start, "stop": start + size}

    def values(self, **arguments: Any) -> list[dict[str, Any]]:
        """Run the statement with `arguments` (and, for a window, `start` and `stop`)."""
        if self.window:
            start, stop = int(arguments["start"]), int(arguments["stop"])
            if (start == 0) != (self.window == "first") or stop < start:
                raise ValueError("a window's start does not fit its kind (first page or later)")
            if stop == start:
                return []
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
            elif slot[0] == "limit":
                bound.append(stop - start)
            elif slot[0] == "offset":
                bound.append(start)
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
