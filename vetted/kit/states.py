"""One small state-machine helper that every app's `states` module builds its table on.

An app keeps its states and transitions as data:

    MACHINE = Machine(
        [Transition("submit", {"draft": "submitted"}, verb="submitted"),
         Transition.between("withdraw", {"draft", "submitted"}, "withdrawn", verb="withdrawn")],
        subject="request",
    )

and asks it: `MACHINE.allowed("submit", state)`, `MACHINE.target("submit", state)` (the next state,
or TransitionRefused with a sentence a person can read), `MACHINE.available(state)` (the buttons).
Pure Python: no Django, no project app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class TransitionRefused(Exception):
    """The action is not allowed from the current state. Views answer 409 or show the message."""

    def __init__(self, action: str, state: str, message: str = "") -> None:
        self.action, self.state = action, str(state)
        super().__init__(message or f"“{action}” is not allowed while it is {_words(self.state)}.")


def _words(state: str) -> str:
    return str(state).replace("_", " ")


@dataclass(frozen=True, eq=False)
class Transition:
    """A named move: from each source state to its target state (usually one target)."""

    name: str
    moves: Mapping[str, str]
    label: str = ""  # the button a person presses
    verb: str = ""  # for refusals: "A request that is decided cannot be <verb>."
    audit_event: str = ""
    by_person: bool = True  # False: only the system does it (the worker, or another service)
    _moves: Mapping[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_moves", MappingProxyType({str(k): str(v) for k, v in self.moves.items()}))

    @classmethod
    def between(
        cls,
        name: str,
        sources: Iterable[str],
        target: str,
        *,
        label: str = "",
        verb: str = "",
        audit_event: str = "",
        by_person: bool = True,
    ) -> Transition:
        """A transition with one target, from any of `sources`."""
        moves = dict.fromkeys(sources, target)
        return cls(name, moves, label=label, verb=verb, audit_event=audit_event, by_person=by_person)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self._moves)

    @property
    def target(self) -> str:
        """The one target state (for transitions built with `between`)."""
        targets = set(self._moves.values())
        if len(targets) != 1:
            raise ValueError(f"Transition {self.name!r} has {len(targets)} targets; ask target_from(state).")
        return targets.pop()

    def allowed(self, state: str) -> bool:
        return str(state) in self._moves

    def target_from(self, state: str) -> str | None:
        return self._moves.get(str(state))

    def __contains__(self, state: object) -> bool:
        return str(state) in self._moves

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Transition) and (self.name, dict(self._moves)) == (
            other.name,
            dict(other._moves),
        )


class Machine(Mapping[str, Transition]):
    """A table of transitions by name. Unknown names are a programming error (KeyError)."""

    def __init__(
        self,
        transitions: Iterable[Transition],
        *,
        subject: str,
        state_label: Callable[[str], str] = _words,
        error: type[TransitionRefused] = TransitionRefused,
    ) -> None:
        self._table = {t.name: t for t in transitions}
        self.subject, self.state_label, self.error = subject, state_label, error

    def __getitem__(self, name: str) -> Transition:
        return self._table[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def allowed(self, name: str, state: str) -> bool:
        return self._table[name].allowed(state)

    def target(self, name: str, state: str) -> str:
        """The state after `name` from `state`, or TransitionRefused."""
        target = self._table[name].target_from(state)
        if target is None:
            raise self.refused(name, state)
        return target

    def available(self, state: str, *, by_person: bool = True) -> list[Transition]:
        """Transitions possible from `state`; by default only those a person may press."""
        return [t for t in self._table.values() if t.allowed(state) and (t.by_person or not by_person)]

    def message(self, name: str, state: str) -> str:
        step = self._table.get(name)
        verb = (step.verb if step else "") or _words(name)
        article = "An" if self.subject[:1].lower() in "aeiou" else "A"
        return f"{article} {self.subject} that is {self.state_label(state)} cannot be {verb}."

    def refused(self, name: str, state: str) -> TransitionRefused:
        return self.error(name, state, self.message(name, state))
