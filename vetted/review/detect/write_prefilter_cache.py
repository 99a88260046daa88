"""Write `prefilter_cache.json`: the prefilter of every rule, trigger and screened guard.

Run after changing a pattern: `.venv/bin/python -m vetted.review.detect.write_prefilter_cache`.
A pattern missing from the file is only slower to set up (its prefilter is derived at first use).
"""

from __future__ import annotations

import json

from . import engine, prefilter, rules


def all_prefilters() -> dict[str, dict[str, object]]:
    """Every prefilter the review uses, derived afresh, by cache key."""
    prefilter.USE_CACHE = False
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


def main() -> int:
    entries = all_prefilters()
    prefilter.CACHE_PATH.write_text(json.dumps(entries, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} prefilters to {prefilter.CACHE_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
