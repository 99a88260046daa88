"""Write `prefilter_cache.json`: the prefilter of every rule, trigger and screened guard.

Run after changing a pattern: `.venv/bin/python -m vetted.review.detect.write_prefilter_cache`.
A pattern missing from the file is only slower to set up (its prefilter is derived at first use).
The file also holds how common each three-letter piece is in the development corpus's sentences
(`--corpus`; without one the shares already in the file are kept): rare pieces make the cheapest
first checks. Soundness never depends on them.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..extract import extract
from . import engine, prefilter, rules
from .answers import context_text
from .lexicon import normalize
from .params import mark_placeholders

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "evaluation" / "corpus"
_KEPT_PIECES = 4000  # the commonest pieces; any other counts as rare


def corpus_shares(folder: Path) -> dict[str, float]:
    """Share of the folder's sentences (as the rules read them) holding each common piece."""
    counts: Counter[str] = Counter()
    total = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        for s in extract(path.read_bytes(), path.name).sentences:
            if s.heading:
                continue
            norm = mark_placeholders(normalize(context_text(s.label, s.match_text)))
            counts.update("".join(p) for p in prefilter.pieces(norm))
            total += 1
    return {piece: round(n / total, 5) for piece, n in sorted(counts.most_common(_KEPT_PIECES))}


def all_prefilters(shares: dict[str, float]) -> dict[str, dict[str, object]]:
    """Every prefilter the review uses, derived afresh with these piece shares, by cache key."""
    prefilter.USE_CACHE = False
    prefilter._shares_override = shares
    prefilter.derived.clear()
    try:
        for provision in engine.ALL_RULES.values():
            prefilter.prefilter_of(provision.trigger.pattern, max_strings=rules.TRIGGER_MAX_STRINGS)
            for rule in provision.rules:
                prefilter.prefilter_of(rule.source)
        for screened in prefilter.Screened.instances:
            prefilter.prefilter_of(screened.pattern, flags=screened.flags)
        return {key: prefilter.to_json(p) for key, p in sorted(prefilter.derived.items())}
    finally:
        prefilter.USE_CACHE = True
        prefilter._shares_override = None


def _as_json(shares: dict[str, float], entries: dict[str, dict[str, object]]) -> str:
    """JSON with one line per prefilter (a pattern change shows as a changed line)."""
    lines = [f'{{"piece_shares": {json.dumps(shares, sort_keys=True)},', ' "prefilters": {']
    lines += [f"  {json.dumps(key)}: {json.dumps(value, sort_keys=True)}," for key, value in entries.items()]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join([*lines, "}}"]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    shares = corpus_shares(args.corpus) if args.corpus.is_dir() else prefilter.piece_shares()
    entries = all_prefilters(shares)
    prefilter.CACHE_PATH.write_text(_as_json(shares, entries), encoding="utf-8")
    print(f"wrote {len(entries)} prefilters and {len(shares)} piece shares to {prefilter.CACHE_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
