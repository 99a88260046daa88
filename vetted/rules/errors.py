"""Errors raised while loading rule packs or computing deadlines."""

from __future__ import annotations


class PackError(Exception):
    """A rule pack (or the provision library) is broken or breaks a layering rule.

    The message always names the file, the line and the field, so a lawyer editing
    YAML can find the problem without reading Python: ``us-ct.yaml line 42:
    deadlines[3].unit: must be one of hours, calendar_days, business_days``.
    """

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        where = f"{file} line {line}" if line is not None else file
        super().__init__(f"{where}: {field}: {message}")


class UnknownEventError(ValueError):
    """An event name outside the documented set (see ``vetted.rules.events``)."""
