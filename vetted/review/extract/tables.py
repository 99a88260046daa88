"""Two-column table rows read as one statement: the left cell labels what the right cell says."""

from __future__ import annotations

from .model import RawLine

_MAX_LABEL = 160


def label_row(cells: list[list[RawLine]]) -> None:
    """Give the right cell's lines the left cell's text as their label, in place.

    Only two-cell rows whose left cell is one short line: wider tables (data inventories) and
    rows of two full clauses are left alone.
    """
    cells = [c for c in cells if any(line.text.strip() for line in c)]
    if len(cells) != 2:
        return
    left, right = cells
    texts = [line.text.strip() for line in left if line.text.strip()]
    if len(texts) != 1 or len(texts[0]) > _MAX_LABEL:
        return
    for line in right:
        if line.text.strip():
            line.label = texts[0]
