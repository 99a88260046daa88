"""Prefilters only spare searches that would fail: whatever a pattern matches, its prefilter admits."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from vetted.review.detect import engine, prefilter
from vetted.review.detect.answers import context_text
from vetted.review.detect.lexicon import normalize
from vetted.review.detect.params import mark_placeholders
from vetted.review.detect.prefilter import Screened, derive, pieces
from vetted.review.detect.write_prefilter_cache import all_prefilters
from vetted.review.extract import extract

CORPUS = Path(__file__).resolve().parents[3] / "evaluation" / "corpus"


def _admits(pattern: str, text: str) -> bool:
    return derive(pattern).admits(text, pieces(text))


def test_the_strings_a_match_needs_are_read_off_the_pattern() -> None:
    assert derive(r"\b(?:sell|sold)\b").strings == (("sell", "sold"),)
    optional_s = derive(r"\bparents?\s+may")
    assert set(optional_s.strings) == {("parents", "parent"), ("may",)}
    assert optional_s.required >= pieces("parent")  # every piece both spellings share
    assert ("organise", "organize") in derive(r"organi[sz]e").strings
    assert derive(r"(?i)sell").strings == ()  # without case, strings prove nothing
    assert derive(r"a|(?:)").strings == ()  # an empty branch needs nothing
    assert derive(r"(?!never)\w+").strings == ()


def test_a_sentence_without_the_strings_is_refused_and_one_with_them_admitted() -> None:
    pattern = r"\b(?:shall|will)\s+not\s+(?:sell|rent)\b[^.]{0,40}\bdata"
    assert not _admits(pattern, "the provider shall not share student data")
    assert _admits(pattern, "the provider shall not sell student data")
    assert not _admits(pattern, "the provider may sell")  # no "data", no "not"


def test_random_patterns_never_refuse_a_text_they_match() -> None:
    rng = random.Random(14)
    atoms = ["ab", "ba", "abc", "a", "b", "c", " ", "[ab]", r"\w", ".", r"\s", "-"]

    def piece(depth: int) -> str:
        roll = rng.random()
        if depth > 2 or roll < 0.45:
            return rng.choice(atoms)
        if roll < 0.65:
            return "(?:" + "|".join(piece(depth + 1) for _ in range(rng.randint(1, 3))) + ")"
        if roll < 0.8:
            return piece(depth + 1) + rng.choice(["?", "*", "+", "{1,3}", "{2}", "{0,2}?"])
        if roll < 0.9:
            return rng.choice([r"\b", "(?=a)", "(?!b)", "(?<=a)"]) + piece(depth + 1)
        return piece(depth + 1) + piece(depth + 1)

    for _ in range(600):
        pattern = "".join(piece(0) for _ in range(rng.randint(1, 4)))
        try:
            compiled = re.compile(pattern)
        except re.error:
            continue  # "a?*": the generator is not careful about repeats
        rule = derive(pattern)
        for _ in range(20):
            text = "".join(rng.choice("abc -.") for _ in range(rng.randint(0, 12)))
            if compiled.search(text):
                assert rule.admits(text, pieces(text)), (pattern, text)


def _corpus_sentences(limit: int) -> list[str]:
    paths = sorted(p for p in CORPUS.iterdir() if p.is_file())
    out: list[str] = []
    for path in paths[::3]:
        for s in extract(path.read_bytes(), path.name).sentences:
            if not s.heading:
                text = context_text(s.label, s.match_text)
                out.append(mark_placeholders(normalize(text)))
    return out[:: max(1, len(out) // limit)]


def test_every_rule_match_in_development_sentences_is_admitted() -> None:
    # The cached prefilters as the review uses them, on real sentences the rules do match.
    sentences = _corpus_sentences(400)
    matched = 0
    for norm in sentences:
        grams = pieces(norm)
        for rules in engine.ALL_RULES.values():
            if rules.trigger.search(norm):
                assert rules.trigger_prefilter.admits(norm, grams), (rules.provision, norm)
            for rule in rules.rules:
                if rule.pattern.search(norm):
                    matched += 1
                    assert rule.prefilter.admits(norm, grams), (rule.source[:80], norm)
        for screened in Screened.instances:
            if screened.regex.search(norm):
                assert screened.prefilter.admits_text(norm), (screened.pattern[:80], norm)
    assert matched > 150  # the sample holds plenty of real matches


def test_the_cache_file_holds_what_the_patterns_give_today() -> None:
    on_disk = json.loads(prefilter.CACHE_PATH.read_text(encoding="utf-8"))
    fresh = all_prefilters(on_disk["piece_shares"])
    assert fresh == on_disk["prefilters"], "run: python -m vetted.review.detect.write_prefilter_cache"
