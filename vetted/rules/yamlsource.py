"""YAML loading that remembers where every key and list item came from.

PyYAML's safe constructors throw the marks away; we keep them in dict/list
subclasses so validation errors can point at a line in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode

from .errors import PackError


class LineDict(dict[Any, Any]):
    """A mapping with ``line`` (its own first line) and ``lines`` (line of each key)."""

    line: int
    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence with ``line`` (its own first line) and ``lines`` (line of each item)."""

    line: int
    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            # PyYAML silently keeps the last duplicate; in a legal rule that hides a mistake.
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse ``path``; YAML syntax errors become a PackError naming file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise PackError(path.name, line, "(yaml)", problem) from exc
    except yaml.YAMLError as exc:
        raise PackError(path.name, None, "(yaml)", str(exc)) from exc


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """Line of the deepest node along ``loc`` (a pydantic error location) that we know."""
    line: int | None = getattr(data, "line", None)
    node = data
    for part in loc:
        in_dict = isinstance(node, LineDict) and part in node
        in_list = isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        line = node.lines[part]
        node = node[part]
    return line


def format_loc(loc: Sequence[str | int]) -> str:
    """``('deadlines', 3, 'unit')`` -> ``deadlines[3].unit``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"
