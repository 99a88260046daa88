"""An audit event as a person reads it in the list: the reason given, what changed (before -> after),
and the remaining details, in plain key: value form. The stored JSON is untouched (the CSV has it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import AuditEvent

REASON_KEYS = ("reason", "note", "question", "answer", "excerpt")


@dataclass
class Readable:
    reason: list[tuple[str, str]] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)
    other: list[tuple[str, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ")


def readable(event: AuditEvent) -> Readable:
    details: dict[str, Any] = dict(event.details or {})
    out = Readable()
    for key in REASON_KEYS:
        if details.get(key) not in (None, ""):
            out.reason.append((_label(key), _text(details.pop(key))))
    for before_key, after_key, what in (("before", "after", ""), ("from", "to", "status")):
        if before_key in details and after_key in details:
            before, after = details.pop(before_key), details.pop(after_key)
            if isinstance(before, dict) and isinstance(after, dict):
                for k in [*before, *(k for k in after if k not in before)]:
                    if before.get(k) != after.get(k):
                        out.changes.append((_label(k), _text(before.get(k)), _text(after.get(k))))
            else:
                out.changes.append((what, _text(before), _text(after)))
    for key in [k for k in details if k.startswith("old_") and f"new_{k[4:]}" in details]:
        out.changes.append((_label(key[4:]), _text(details.pop(key)), _text(details.pop(f"new_{key[4:]}"))))
    changed = details.get("changed")
    if isinstance(changed, dict) and all(isinstance(v, list) and len(v) == 2 for v in changed.values()):
        details.pop("changed")
        out.changes += [(_label(k), _text(v[0]), _text(v[1])) for k, v in changed.items()]
    out.other = [(_label(k), _text(v)) for k, v in details.items()]
    return out
