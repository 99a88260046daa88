"""What a provision entry of `ReviewResult.to_dict()` says, in four plain states.

Shared by the review page, the red flags on staff requests and the evaluation harness, so they can
never disagree. Newer keys (`conflict`, `placeholder`) are read with `.get()`: a result stored before
they existed still reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FOUND, ABSENT, CONFLICT, PLACEHOLDER = "found", "absent", "conflict", "placeholder"

STATE_WORDS = {
    FOUND: "The document has it",
    ABSENT: "Not in the document",
    CONFLICT: "The document says the opposite",
    PLACEHOLDER: "Placeholder — the template's blank was never filled",
}

# judge.py's reason for a provision no pack requires but the document contradicts.
_OPPOSITE = "says the opposite"


def says_opposite(entry: Mapping[str, Any]) -> bool:
    """The document reserves the contrary (and does not also promise it)."""
    if entry.get("found"):
        return False
    if "conflict" in entry:
        return bool(entry.get("conflict"))
    if entry.get("status") == "conflict":
        return True
    if "reason" in entry:
        return _OPPOSITE in str(entry.get("reason") or "")
    return bool(entry.get("evidence"))  # a bare entry (no reason): evidence without a finding


def is_placeholder(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("placeholder"))


def state_of(entry: Mapping[str, Any]) -> str:
    if is_placeholder(entry):
        return PLACEHOLDER
    if entry.get("found"):
        return FOUND
    return CONFLICT if says_opposite(entry) else ABSENT
