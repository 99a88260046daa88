"""Whether a top-level alternation matches, asked of its plain-string branches first.

A trigger like "terminat|expir|end|...|(?:stops|ceases)\\s+using|..." is asked only whether it
matches anywhere. It does exactly when one of its branches does; a branch that is a plain string
("end", "cop(?:y|ies)") matches exactly when the string occurs, and `in` finds that far sooner than
the regex, which tries every branch at every position. Only when no string occurs is the regex of
the other branches run.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from .prefilter import _only_literals, _sequence

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

# Flags that change what a plain string matches (case, dot, anchors, spacing).
_CHANGING_FLAGS = _c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE | _c.SRE_FLAG_MULTILINE | _c.SRE_FLAG_DOTALL


def top_level_branches(pattern: str) -> list[str] | None:
    """The pattern's source split at its top-level '|' (None if it cannot be read safely)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            # A ']' right after '[' or '[^' is a literal member of the class.
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class Alternation:
    """`matches(text)` is `bool(re.search(pattern, text))`, plain strings looked up first."""

    strings: tuple[str, ...]  # every string a plain branch can match
    rest: re.Pattern[str] | None  # the other branches, or None if there are none

    def matches(self, text: str) -> bool:
        for s in self.strings:
            if s in text:
                return True
        return self.rest is not None and self.rest.search(text) is not None


def split(pattern: str) -> Alternation | None:
    """The pattern as plain strings and a regex of the rest; None when that would not help or the
    pattern's flags change what a string matches."""
    if _parser.parse(pattern, 0).state.flags & _CHANGING_FLAGS:
        return None
    branches = top_level_branches(pattern)
    if branches is None or len(branches) < 2:
        return None
    strings: list[str] = []
    others: list[str] = []
    for branch in branches:
        parsed = _parser.parse(branch, 0)
        exact = _sequence(parsed.data).exact if _only_literals(parsed.data) else None
        if exact is None or "" in exact or parsed.state.flags & _CHANGING_FLAGS:
            others.append(branch)
        else:
            strings.extend(s for s in sorted(exact) if s not in strings)
    if not strings:
        return None
    return Alternation(tuple(strings), re.compile("|".join(others)) if others else None)
