"""Turn pydantic validation errors into PackErrors that name file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import PackError
from .yamlsource import format_loc, line_of

M = TypeVar("M", bound=BaseModel)


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        # pydantic says "Input should be 'a', 'b' or 'c'"; a lawyer wants the list.
        options = str(ctx["expected"]).replace(" or ", ", ").replace("'", "")
        return f"must be one of {options} (got {err.get('input')!r})"
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "string_too_short":
        return "must not be empty"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def validate_document(model: type[M], path: Path, raw: Any, context: dict[str, Any] | None = None) -> M:
    """Validate ``raw`` (from ``load_yaml``) as ``model``; the first error becomes a PackError."""
    if not isinstance(raw, dict):
        raise PackError(path.name, getattr(raw, "line", 1), "(document)", "must be a YAML mapping")
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        # Report where the offending value is written; a missing field is reported at its parent.
        raise PackError(path.name, line_of(raw, loc), format_loc(loc), _message(err)) from exc
