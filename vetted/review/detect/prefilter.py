"""Literal prefilters read off a regex: strings every match must contain, checked before the regex.

Most rule searches find nothing, and a rule that starts with a wide alternation ("shall not|will
not|never|...") is tried at every position of the sentence. But every match of such a pattern
contains one of a few literal strings ("sell", "sold", "rent", ...). These needs are read off the
parsed pattern itself (`derive`), so they cannot drift from it: a sentence without any string of
one of a pattern's needs cannot match it, and the regex is not run. Skipping a search that would
have failed changes nothing else.

The cheap test works on three-letter pieces (tuples of three characters, quicker to make than
slices): each needed string stands for one of its pieces, a sentence for the set of all its pieces
(`pieces()`); when the sets are disjoint, none of the strings occurs. Then the strings themselves
are looked up, since pieces can be scattered. `Index` finds the few prefilters worth asking from a
sentence's pieces at once; `Screened` is a regex behind its prefilter. Derived prefilters are
stored in prefilter_cache.json (see `prefilter_of`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # the regex parser re.compile uses
_c: Any = importlib.import_module("re._constants")
_compiler: Any = importlib.import_module("re._compiler")  # its prefix finders, to see how a regex scans

_PRODUCT_LIMIT = 64  # strings kept when multiplying out a run of literals ("parent" + "s?")
_MAX_STRINGS = 40  # a need with more alternatives than this filters little and costs more
_MAX_NEEDS = 8  # checks are cheap (a set test each); more of them prune more
_SMALL_RANGE = 10  # a character class like [0-9] or [a-e] is multiplied out; wider ones are not
_ZERO_WIDTH = frozenset({""})


Piece = tuple[str, str, str]


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the node can match, when they are few and literal
    needs: tuple[frozenset[str], ...]  # each: any match of the node contains one of these strings


_OPEN = _Info(None, ())  # a node that constrains nothing we can read (\w, ., [^.;], a back-reference)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return frozenset(x + y for x in a for y in b)


def _sequence(items: Any) -> _Info:
    needs: list[frozenset[str]] = []
    run: frozenset[str] = _ZERO_WIDTH  # literal strings of the items since the last open one
    whole = True  # the sequence so far is one run
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= _PRODUCT_LIMIT:
            run = _product(run, info.exact)
            continue
        whole = False
        needs.append(run)
        needs.extend(info.needs)
        run = info.exact if info.exact is not None else _ZERO_WIDTH
    needs.append(run)
    return _Info(run if whole else None, tuple(n for n in needs if "" not in n))


def _best(needs: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    return min(needs, key=_cost) if needs else None


def _node(op: Any, av: Any) -> _Info:
    if op is _c.LITERAL:
        return _Info(frozenset({chr(av)}), ())
    if op is _c.IN:
        chars: list[str] = []
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.append(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < _SMALL_RANGE:
                chars.extend(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return _OPEN  # a negated class or a category (\s, \w, \d)
        return _Info(frozenset(chars), ())
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        return _OPEN if add_flags or del_flags else _sequence(pattern)  # (?i:...) would change case
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        branches = [_sequence(b) for b in av[1]]
        exact: frozenset[str] | None = None
        if all(b.exact is not None for b in branches):
            exact = frozenset().union(*(b.exact for b in branches if b.exact is not None))
            if len(exact) > _PRODUCT_LIMIT:
                exact = None
        # Every branch must name a string, or the alternation as a whole needs nothing.
        picks = [b.exact if b.exact is not None and "" not in b.exact else _best(b.needs) for b in branches]
        if any(p is None for p in picks):
            return _Info(exact, ())
        return _Info(exact, (frozenset().union(*(p for p in picks if p is not None)),))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, pattern = av
        inner = _sequence(pattern)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | _ZERO_WIDTH, ())  # "s?"
            return _OPEN
        if low == high == 1:
            return inner
        own = (inner.exact,) if inner.exact is not None and "" not in inner.exact else ()
        return _Info(None, inner.needs + own)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _Info(_ZERO_WIDTH, ())  # anchors and lookarounds consume nothing
    return _OPEN


def _share(piece: Piece) -> float:
    """How many development sentences hold the piece, as a share (unknown pieces are rare)."""
    return piece_shares().get("".join(piece), 0.0)


def _key(text: str) -> Piece:
    """The rarest three-letter piece of a string (all its pieces occur wherever it occurs)."""
    return min(pieces(text), key=lambda p: (_share(p), p))


def _cost(strings: frozenset[str]) -> float:
    """A rough chance that a sentence holds one of the strings (a string is no commoner than its
    rarest piece; one too short for a piece counts as common)."""
    return min(1.0, sum(_share(_key(s)) if len(s) >= 3 else 0.5 for s in strings))


@dataclass(frozen=True)
class Prefilter:
    """What a sentence must hold to match a pattern (see the module's doc); empty admits all."""

    required: frozenset[Piece] = frozenset()  # pieces every match holds
    # Each: one piece of each string of a need ("sell|sold|rent"); a match holds one of them.
    any_of: tuple[frozenset[Piece], ...] = ()
    # The needs themselves, looked up whole once the pieces are there (pieces can be scattered).
    strings: tuple[tuple[str, ...], ...] = ()
    # Needs of consecutive parts of the pattern, in its order: a match holds a string of each, each
    # one after the one before (see `in_order`). Empty unless there are two at least.
    order: tuple[tuple[str, ...], ...] = ()
    # The order's needs as one-scan finders, made once here (not looked up per sentence).
    _finders: tuple[tuple[re.Pattern[str], int], ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_finders", tuple(_finder_of(need) for need in self.order))

    def admits(self, norm: str, pieces: set[Piece]) -> bool:
        """Could the pattern match `norm` (with these pieces)? False means it surely cannot."""
        if not self.required <= pieces:
            return False
        for keys in self.any_of:
            if keys.isdisjoint(pieces):
                return False
        for need in self.strings:
            for s in need:
                if s in norm:
                    break
            else:
                return False
        return not self._finders or _found_in_order(norm, self._finders)

    def admits_text(self, text: str) -> bool:
        """`admits` by the strings alone, for a text whose pieces are not at hand."""
        for need in self.strings:
            for s in need:
                if s in text:
                    break
            else:
                return False
        return not self._finders or _found_in_order(text, self._finders)

    def anchors(self, count: int) -> list[frozenset[Piece]]:
        """Up to `count` sets of pieces, the rarest first; every admitted sentence holds a piece
        of each (for `Index`)."""
        options = [frozenset({p}) for p in self.required] + list(self.any_of)
        options.sort(key=lambda keys: (sum(_share(p) for p in keys), sorted(keys)))
        return options[:count]


class Index:
    """Which of many prefilters may admit a sentence, found from the sentence's pieces at once
    instead of asking each prefilter in turn. Sets of prefilters are bit masks (bit n: number n).

    Each prefilter is indexed by its two rarest anchors; it is a candidate only if the sentence
    holds a piece of both. `rest[n]` is prefilter n without the checks its anchors already made:
    for a candidate, it admits exactly what prefilter n admits."""

    def __init__(self, filters: list[Prefilter]) -> None:
        self._always = [0, 0]  # prefilters without a first or second anchor
        first: dict[Piece, int] = {}
        second: dict[Piece, int] = {}
        self.rest: list[Prefilter] = []
        for number, prefilter in enumerate(filters):
            anchors = prefilter.anchors(2)
            self.rest.append(
                replace(
                    prefilter,
                    required=prefilter.required
                    - {p for p in prefilter.required if frozenset({p}) in anchors},
                    any_of=tuple(keys for keys in prefilter.any_of if keys not in anchors),
                )
            )
            for layer, by_piece in enumerate((first, second)):
                if len(anchors) <= layer:
                    self._always[layer] |= 1 << number
                    continue
                for piece in anchors[layer]:
                    by_piece[piece] = by_piece.get(piece, 0) | 1 << number
        self._masks = {p: (first.get(p, 0), second.get(p, 0)) for p in first.keys() | second.keys()}
        self._indexed = frozenset(self._masks)

    def candidates(self, pieces: set[Piece]) -> int:
        """The prefilters that may admit a sentence with these pieces, as a bit mask."""
        first, second = self._always
        masks = self._masks
        for piece in pieces & self._indexed:
            a, b = masks[piece]
            first |= a
            second |= b
        return first & second


# Reading ~300 long patterns takes longer than reviewing a contract, so a process loads what
# `write_prefilter_cache` derived from them. Keyed by the pattern's own text, an entry can only be
# missing (derived then), never wrong for a pattern; a test keeps the file current.
CACHE_PATH = Path(__file__).with_name("prefilter_cache.json")
USE_CACHE = True  # tests derive afresh to compare
derived: dict[str, Prefilter] = {}  # what this process derived, for write_prefilter_cache


def cache_key(pattern: str, max_strings: int, flags: int) -> str:
    return hashlib.sha256(f"{max_strings}\x00{flags}\x00{pattern}".encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def _cache_file() -> dict[str, Any]:
    try:
        data = json.loads(CACHE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _cache() -> dict[str, Any]:
    entries = _cache_file().get("prefilters", {})
    return entries if isinstance(entries, dict) else {}


_shares_override: dict[str, float] | None = None  # set by write_prefilter_cache


def piece_shares() -> dict[str, float]:
    """Share of development sentences holding each common piece (from the cache file); only
    which strings a prefilter checks first depends on it, never whether it is sound."""
    if _shares_override is not None:
        return _shares_override
    shares = _cache_file().get("piece_shares", {})
    return shares if isinstance(shares, dict) else {}


def to_json(prefilter: Prefilter) -> dict[str, Any]:
    return {
        "required": sorted("".join(p) for p in prefilter.required),
        "any_of": [sorted("".join(p) for p in keys) for keys in prefilter.any_of],
        "strings": [list(need) for need in prefilter.strings],
        **({"order": [list(need) for need in prefilter.order]} if prefilter.order else {}),
    }


def _from_json(entry: dict[str, Any]) -> Prefilter:
    def piece(text: str) -> Piece:
        return (text[0], text[1], text[2])

    return Prefilter(
        frozenset(piece(p) for p in entry["required"]),
        tuple(frozenset(piece(p) for p in keys) for keys in entry["any_of"]),
        tuple(tuple(need) for need in entry["strings"]),
        tuple(tuple(need) for need in entry.get("order", ())),
    )


def prefilter_of(pattern: str, max_strings: int = _MAX_STRINGS, flags: int = 0) -> Prefilter:
    """What any match of `pattern` must hold (from the cache file when it has the pattern)."""
    key = cache_key(pattern, max_strings, flags)
    entry = _cache().get(key) if USE_CACHE else None
    if entry is not None:
        return _from_json(entry)
    prefilter = derive(pattern, max_strings, flags)
    derived[key] = prefilter
    return prefilter


def derive(pattern: str, max_strings: int = _MAX_STRINGS, flags: int = 0) -> Prefilter:
    """What any match of `pattern` must hold; an empty Prefilter when nothing can be read."""
    parsed = _parser.parse(pattern, flags)
    if parsed.state.flags & _c.SRE_FLAG_IGNORECASE:
        return Prefilter()  # the strings would have to be matched without case; not worth it here
    info = _sequence(parsed.data)
    found = set(info.needs)
    if info.exact is not None and "" not in info.exact:
        found.add(info.exact)
    required: set[Piece] = set()
    choices: list[frozenset[str]] = []
    for strings in found:
        if min(len(s) for s in strings) < 3:
            continue  # "ad", "s": too short for a piece; looked up whole below
        common = frozenset.intersection(*(frozenset(pieces(s)) for s in strings))
        if common:
            required |= common  # "disclose|discloses|disclosed" all hold "dis", "isc", ...
        if len(strings) > 1 and len(strings) <= max_strings:
            choices.append(strings)
    choices.sort(key=lambda n: (_cost(n), sorted(n)))  # the rarest needs are checked first
    whole = sorted((n for n in found if len(n) <= max_strings), key=lambda n: (_cost(n), sorted(n)))
    return Prefilter(
        frozenset(required),
        tuple(frozenset(_key(s) for s in n) for n in choices[:_MAX_NEEDS]),
        # Commonest string first: a sentence that holds one is found out soonest.
        tuple(tuple(sorted(n, key=lambda s: (-_cost(frozenset({s})), s))) for n in whole[:_MAX_NEEDS]),
        ordered_needs(parsed.data) if _scans_every_position(parsed) else (),
    )


def _scans_every_position(parsed: Any) -> bool:
    """Does the compiled regex lack a literal or first-character prefix to skip ahead with? Only
    then is a failing search slow enough for `in_order` to pay for itself."""
    flags = parsed.state.flags
    return not _compiler._get_literal_prefix(parsed, flags)[0] and not _compiler._get_charset_prefix(
        parsed, flags
    )


_ORDER_MAX_STRINGS = 80  # a wider need is left out of the order (fewer checks, still sound)


def ordered_needs(items: Any) -> tuple[tuple[str, ...], ...]:
    """One need for each top-level part of a pattern that has one, in the pattern's order (a run of
    literal parts counts as one part, its strings multiplied out). A match of the pattern is the
    matches of its parts one after another, so it holds a string of each need, in this order and
    without overlap. A string that holds another of its need is dropped: the shorter always ends
    first, which is all `in_order` asks."""
    needs: list[frozenset[str]] = []
    run: frozenset[str] = _ZERO_WIDTH
    for op, av in items:
        info = _node(op, av)
        if info.exact is not None and len(run) * len(info.exact) <= _PRODUCT_LIMIT:
            run = _product(run, info.exact)
            continue
        needs.append(run)
        if info.exact is not None:
            run = info.exact
            continue
        pick = _best(info.needs)
        if pick is not None:
            needs.append(pick)
        run = _ZERO_WIDTH
    needs.append(run)
    kept = [n for n in needs if "" not in n and len(n) <= _ORDER_MAX_STRINGS]
    if len(kept) < 2:
        return ()
    return tuple(tuple(sorted(s for s in need if not any(t != s and t in s for t in need))) for need in kept)


def in_order(text: str, order: tuple[tuple[str, ...], ...]) -> bool:
    """Could `text` hold a string of each need, each starting where the one before ended or later?
    The first occurrence of a need (leftmost start) ends no sooner than its start plus the need's
    shortest string, and no occurrence starts before it: the next need is looked for from there."""
    return _found_in_order(text, tuple(_finder_of(need) for need in order))


def _found_in_order(text: str, finders: tuple[tuple[re.Pattern[str], int], ...]) -> bool:
    """`in_order` with each need's finder and shortest length at hand."""
    cursor = 0
    for found, shortest in finders:
        m = found.search(text, cursor)
        if m is None:
            return False
        cursor = m.start() + shortest
    return True


# One regex per need, finding its strings in one scan (keyed by the need's strings, not by texts).
_finders: dict[tuple[str, ...], tuple[re.Pattern[str], int]] = {}


def _finder_of(need: tuple[str, ...]) -> tuple[re.Pattern[str], int]:
    finder = _finders.get(need)
    if finder is None:
        finder = _finders[need] = (
            re.compile("|".join(re.escape(s) for s in need)),
            min(len(s) for s in need),
        )
    return finder


def pieces(norm: str) -> set[Piece]:
    """Every three-letter piece of a sentence."""
    return set(zip(norm, norm[1:], norm[2:], strict=False))


def is_literal_alternation(pattern: str) -> bool:
    """Is the pattern a list of plain strings ("own|property|sub-?process")? Then it finds a match
    exactly when one of its strings occurs, which `Prefilter.admits` checks in full."""
    parsed = _parser.parse(pattern, 0)
    info = _sequence(parsed.data)
    return (
        not parsed.state.flags & _c.SRE_FLAG_IGNORECASE
        and _only_literals(parsed.data)
        and info.exact is not None
        and "" not in info.exact
        and len(info.exact) <= 1000
    )


def _only_literals(items: Any) -> bool:
    for op, av in items:
        if op is _c.LITERAL:
            continue
        if op is _c.IN and all(kind is _c.LITERAL for kind, _ in av):
            continue
        if op is _c.BRANCH and all(_only_literals(b) for b in av[1]):
            continue
        if op is _c.SUBPATTERN and not av[1] and not av[2] and _only_literals(av[3]):
            continue
        if op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1 and _only_literals(av[2]):
            continue
        return False
    return True


class Screened:
    """A regex that is run only on texts holding the strings every match needs (for the guards
    and filters asked about every sentence)."""

    instances: list[Screened] = []  # for write_prefilter_cache

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.prefilter = prefilter_of(pattern, flags=flags)
        self.pattern = pattern
        self.flags = flags
        Screened.instances.append(self)

    def _admits(self, text: str, pieces: set[Piece] | None) -> bool:
        if pieces is None:
            return self.prefilter.admits_text(text)
        return self.prefilter.admits(text, pieces)

    def search(self, text: str, pieces: set[Piece] | None = None) -> re.Match[str] | None:
        """`regex.search(text)`; `pieces` (of `text`, if at hand) make the screening quicker."""
        return self.regex.search(text) if self._admits(text, pieces) else None

    def finditer(self, text: str, pieces: set[Piece] | None = None) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self._admits(text, pieces) else iter(())
