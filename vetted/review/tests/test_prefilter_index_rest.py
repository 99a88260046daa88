"""The index's rest of a prefilter (its checks less the anchors the index made) admits, for every
candidate the index names, exactly what the whole prefilter admits."""

from __future__ import annotations

import random

from vetted.review.detect.engine import ALL_RULES, _lookup
from vetted.review.detect.prefilter import pieces


def test_rest_admits_what_the_whole_prefilter_admits_for_candidates() -> None:
    filters = [r.trigger_prefilter for r in ALL_RULES.values()]
    filters += [rule.prefilter for r in ALL_RULES.values() for rule in r.rules]
    index = _lookup().index
    # Words the prefilters look for, so that many sentences are candidates for many of them.
    words = sorted({s.strip() for f in filters for need in f.strings for s in need if s.strip()})
    words += ["the", "district", "shall", "not", "within", "days", "of", "data", "student"]
    rnd = random.Random(11)
    compared = 0
    for _ in range(400):
        norm = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 30)))
        grams = pieces(norm)
        candidates = index.candidates(grams)
        for number, prefilter in enumerate(filters):
            if candidates >> number & 1:
                assert index.rest[number].admits(norm, grams) == prefilter.admits(norm, grams), norm
                compared += 1
    assert compared > 1000
