"""A split alternation answers exactly as its regex does: the plain strings only answer sooner."""

from __future__ import annotations

import random
import re

from vetted.review.detect import engine
from vetted.review.detect.alternation import split, top_level_branches
from vetted.review.tests.test_prefilter import _corpus_sentences


def test_branches_are_split_only_at_the_top_level() -> None:
    assert top_level_branches(r"ab|c(?:d|e)|[|(]x|\|y|[]|]z") == ["ab", "c(?:d|e)", "[|(]x", r"\|y", "[]|]z"]
    assert top_level_branches("a(b") is None
    assert top_level_branches("a)b") is None


def test_plain_branches_become_strings_and_the_rest_stays_a_regex() -> None:
    alternation = split(r"end|cop(?:y|ies)|\bads?\b|(?:stops|ceases)\s+using")
    assert alternation is not None
    assert set(alternation.strings) == {"end", "copy", "copies"}
    assert alternation.rest is not None and alternation.rest.pattern == r"\bads?\b|(?:stops|ceases)\s+using"
    assert split("(?i)end|stop") is None  # without case the strings would not do
    assert split(r"\bads?\b") is None


def test_split_triggers_agree_with_their_regex_on_development_sentences() -> None:
    tests = engine._lookup().trigger_tests
    assert any(t is not None for t in tests)
    for norm in _corpus_sentences(2000):
        for (_pid, rules), test in zip(engine._lookup().provisions, tests, strict=True):
            if test is not None:
                assert test.matches(norm) == bool(rules.trigger.search(norm)), (rules.provision, norm)


def test_split_agrees_with_the_regex_on_random_patterns() -> None:
    rng = random.Random(14)
    atoms = ["a", "ab", "b?c", r"\ba", "(?:a|bc)", "[ab]c", "a-?b", r"c\s+a", "", "(?=a)b", "[^a]"]
    for _ in range(400):
        pattern = "|".join(rng.choice(atoms) + rng.choice(atoms) for _ in range(rng.randint(2, 4)))
        alternation = split(pattern)
        if alternation is None:
            continue
        compiled = re.compile(pattern)
        for _ in range(20):
            text = "".join(rng.choice("abc -") for _ in range(rng.randint(0, 8)))
            assert alternation.matches(text) == bool(compiled.search(text)), (pattern, text)
