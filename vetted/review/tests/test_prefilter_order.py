"""The order check only rejects texts a pattern cannot match: its parts' strings come in order."""

from __future__ import annotations

import importlib
import random
import re
from typing import Any

from vetted.review.detect.prefilter import derive, in_order, ordered_needs

_parser: Any = importlib.import_module("re._parser")


def _order(pattern: str) -> tuple[tuple[str, ...], ...]:
    return ordered_needs(_parser.parse(pattern, 0).data)


def test_the_needs_follow_the_pattern() -> None:
    order = _order(r"\b(?:never|shall\s+not)\b[^.]{0,40}?\b(?:sell|sold|selling)\b")
    assert len(order) == 2 and order[0][0] == "never"  # and "shall" or "not", the rarer
    assert order[1] == ("sell", "sold")  # "selling" holds "sell"
    assert in_order("we shall not sell it", order)
    assert not in_order("we sell it and shall not stop", order)


def test_a_regex_that_skips_ahead_by_its_prefix_gets_no_order() -> None:
    assert derive(r"(?:upon|after)\s+the\s+end[^.]{0,40}?delete").order == ()
    assert derive(r"\b(?:never|shall\s+not)\b[^.]{0,40}?\bsell").order != ()


def test_in_order_admits_every_match_of_random_patterns() -> None:
    rng = random.Random(7)
    atoms = ["ab", "b?c", r"\ba", "(?:a|bc)", "[ab]c", "c-?a", r"\s+", "[^.]{0,3}?", "(?:ab|ca|b)+", "(?=a)"]
    for _ in range(500):
        pattern = "".join(rng.choice(atoms) for _ in range(rng.randint(2, 5)))
        order = _order(pattern)
        compiled = re.compile(pattern)
        for _ in range(25):
            text = "".join(rng.choice("abc -.") for _ in range(rng.randint(0, 14)))
            if compiled.search(text):
                assert in_order(text, order), (pattern, text, order)
