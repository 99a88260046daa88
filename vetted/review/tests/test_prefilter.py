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
from vetted.review.extract.sections import is_title_like

CORPUS = Path(__file__).resolve().parents[3] / "evaluation" / "corpus"


def _admits(pattern: str, text: str) -> bool:
    return derive(pattern).admits(text, pieces(text))


def test_the_strings_a_match_needs_are_read_off_the_pattern() -> None:
    assert [set(n) for n in derive(r"\b(?:sell|sold)\b").strings] == [{"sell", "sold"}]
    optional_s = derive(r"\bparents?\s+may")
    assert {frozenset(n) for n in optional_s.strings} == {
        frozenset({"parents", "parent"}),
        frozenset({"may"}),
    }
    assert optional_s.required >= pieces("parent")  # every piece both spellings share
    assert {"organise", "organize"} in [set(n) for n in derive(r"organi[sz]e").strings]
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


def _hand_screened_texts() -> list[str]:
    made = [
        "IN WITNESS WHEREOF the parties sign.", "By: ____________", "Signature: Ada Vale",
        "Authorized Signatory", "Contents ........ 4", "Section 2 Data Use 7", "Terms \u2026\u2026 3",
        "Selling student data ........ never.", "Name:", "plain text 12", "no page here",
    ]  # fmt: skip
    paths = sorted(p for p in CORPUS.iterdir() if p.is_file())
    return made + [s.text for path in paths[::2] for s in extract(path.read_bytes(), path.name).sentences]


def test_hand_written_screens_agree_with_their_regex_on_development_sentences() -> None:
    from vetted.review.detect import filters
    from vetted.review.extract import documents

    for text in _hand_screened_texts():
        assert documents._signed(text) == bool(documents._SIGNATURE.search(text)), text
        toc = bool(filters._TOC_LEADER.search(text))
        if not toc:
            trailing = filters._TRAILING_PAGE.search(text)
            toc = trailing is not None and is_title_like(text[: trailing.start()])
        assert filters.is_toc_line(text) == (toc and len(text) <= 200), text
        leader = engine._LEADER.match(text.strip())
        assert (leader is None) or text.count(".") >= 4, text
