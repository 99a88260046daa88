"""Pieces of the public registry's HTML built in Python: the parts the template engine repeated most
(a select's options with one selected, and each row's "data it collects" cell) cost more to render
as template loops than the page's whole query (issue 15). The output is what the template said."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TURNED_OFF = " (turned off by the district)"


def options(choices: Iterable[tuple[str, str]], selected: str | None) -> SafeString:
    """<option> elements for `choices` (value, label), the one whose value is `selected` marked."""
    parts = []
    for value, label in choices:
        mark = " selected" if selected is not None and str(value) == str(selected) else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


def data_cell(row: dict[str, Any]) -> SafeString:
    """The listing's "data it collects": the first elements by name (turned-off ones said so), then
    "and N more"; or, with none listed, "Collects none" or "Not yet recorded"."""
    shown = row["elements_shown"]
    if not shown:
        words = "Collects none" if row["recorded"] else "Not yet recorded"
        text = f'<span class="muted">{words}</span>'
    else:
        text = ", ".join(escape(e["name"]) + (TURNED_OFF if e["off"] else "") for e in shown)
    if row["elements_more"]:
        text += f", and {int(row['elements_more'])} more"
    return mark_safe(text)  # noqa: S308 - element names are escaped above
