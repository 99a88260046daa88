"""Pieces of the public registry's HTML built in Python: the parts the template engine repeated most
(the select options with one selected, and the table's rows) cost more to render as template loops
than the page's whole query (issue 15). The output is what the template said, every value escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

TURNED_OFF = " (turned off by the district)"

# Escaped (value, label) pairs per choices list: the taxonomy's lists live as long as its version, so
# a page escapes its ~100 options once per version, not on every request. Keyed by the list's id and
# checked by identity (a new list with a recycled id is escaped afresh).
_escaped: dict[int, tuple[Sequence[tuple[Any, Any]], list[tuple[str, str]]]] = {}


def _escaped_choices(choices: Sequence[tuple[Any, Any]]) -> list[tuple[str, str]]:
    found = _escaped.get(id(choices))
    if found is not None and found[0] is choices:
        return found[1]
    pairs = [(escape(str(value)), escape(str(label))) for value, label in choices]
    if len(_escaped) > 64:
        _escaped.clear()
    _escaped[id(choices)] = (choices, pairs)
    return pairs


def options(choices: Sequence[tuple[Any, Any]], selected: str | None) -> SafeString:
    """<option> elements for `choices` (value, label), the one whose value is `selected` marked."""
    chosen = None if selected is None else escape(str(selected))
    return mark_safe(  # noqa: S308 - values and labels are escaped
        "".join(
            f'<option value="{value}"{" selected" if value == chosen else ""}>{label}</option>'
            for value, label in _escaped_choices(choices)
        )
    )


def data_cell(row: dict[str, Any]) -> str:
    """The listing's "data it collects" (escaped HTML): the first elements by name (turned-off ones
    said so), then "and N more"; or, with none listed, "Collects none" or "Not yet recorded"."""
    shown = row["elements_shown"]
    if not shown:
        words = "Collects none" if row["recorded"] else "Not yet recorded"
        text = f'<span class="muted">{words}</span>'
    else:
        text = ", ".join(escape(e["name"]) + (TURNED_OFF if e["off"] else "") for e in shown)
    if row["elements_more"]:
        text += f", and {int(row['elements_more'])} more"
    return text


def rows(page_rows: Sequence[dict[str, Any]], detail_base: str) -> SafeString:
    """The listing table's rows: name and vendor, status badge, grades, data collected."""
    base = escape(detail_base)
    out = []
    for d in page_rows:
        out.append(
            "<tr>"
            f'<td data-label="Resource"><a href="{base}{int(d["resource_id"])}/">{escape(d["name"])}</a>'
            f'<br><span class="muted">{escape(d["vendor"])}</span></td>'
            f'<td data-label="Status"><span class="badge status-{escape(d["status"])}">'
            f"{escape(str(d['status_label']))}</span></td>"
            f'<td data-label="Grades">{escape(str(d["grades"]))}</td>'
            f'<td data-label="Data it collects">{data_cell(d)}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value is escaped above
