"""Identity check for contract review: one SHA-256 per document of everything the review returns.

Run: `.venv/bin/python benchmarks/review_identity.py [--save FILE | --check FILE]`.

Speed work on `vetted/review` must not change a single result. This script reviews every document of
`evaluation/corpus/`, `evaluation/frozen/corpus/`, `evaluation/frozen2/corpus/` (if present) and the
39-page benchmark PDF of `review_speed.py`, and hashes the canonical JSON (sorted keys) of:

- the whole `ReviewResult` as dataclasses (the extracted document with every sentence, every
  provision's detection with all its evidence, param, placeholder and note, every judgement),
- `ReviewResult.to_dict()` (what the command line and the web page show),
- the detector's per-sentence trace (each operative sentence's rule hits and triggered provisions,
  which feed the learned layer), so a change the learned layer happens to hide still shows.

The frozen parts are a blind test set: their documents are named here only by position
("frozen/07"), and nothing but a hash is ever printed or saved for them.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reportlab import rl_config  # noqa: E402
from review_speed import build_pdf  # noqa: E402

from vetted.review import DocumentError, Limits, Requirement, review_bytes  # noqa: E402
from vetted.review.detect import engine  # noqa: E402
from vetted.review.detect.learned import shipped_model  # noqa: E402
from vetted.review.extract import extract  # noqa: E402

PARTS = (
    ("development", ROOT / "evaluation" / "corpus"),
    ("frozen", ROOT / "evaluation" / "frozen" / "corpus"),
    ("frozen2", ROOT / "evaluation" / "frozen2" / "corpus"),
)
BENCH_REQUIREMENTS = [Requirement("breach_notification", {"hours": 48}, "bench", ("bench",))]


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_plain, ensure_ascii=False)


def review_digest(data: bytes, filename: str, requirements: list[Requirement]) -> str:
    """SHA-256 of everything the review of one file returns (or of the refusal)."""
    try:
        result = review_bytes(data, filename, requirements=requirements)
    except DocumentError as error:
        return hashlib.sha256(
            _canonical({"error": error.code, "message": error.message}).encode()
        ).hexdigest()
    trace: list[engine.SentenceTrace] = []
    engine.detect(extract(data, filename, Limits()).sentences, trace=trace, learned=shipped_model())
    payload = {
        "result": dataclasses.asdict(result),
        "dict": result.to_dict(),
        "trace": [dataclasses.asdict(t) for t in trace],
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def benchmark_pdf() -> bytes:
    """The benchmark PDF without its creation time and random file id, so its hash is stable."""
    rl_config.invariant = 1
    return build_pdf(39)


def documents() -> list[tuple[str, Path | None]]:
    """(label, path) for every document; the benchmark PDF has no path."""
    out: list[tuple[str, Path | None]] = []
    for part, folder in PARTS:
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.iterdir() if p.is_file())
        for i, path in enumerate(files, 1):
            out.append((path.name if part == "development" else f"{part}/{i:02d}", path))
    out.append(("benchmark/review_speed_39_pages.pdf", None))
    return out


def digests() -> dict[str, str]:
    out = {}
    for label, path in documents():
        if path is None:
            out[label] = review_digest(benchmark_pdf(), "bench.pdf", BENCH_REQUIREMENTS)
        else:
            out[label] = review_digest(path.read_bytes(), path.name, [])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, help="write the hashes to this JSON file (the baseline)")
    group.add_argument("--check", type=Path, help="compare with a saved baseline; exit 1 on any difference")
    args = parser.parse_args()
    current = digests()
    if args.save:
        args.save.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"saved {len(current)} hashes to {args.save}")
        return 0
    if not args.check:
        for label, digest in current.items():
            print(f"{digest}  {label}")
        return 0
    baseline = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [
        label for label in sorted(set(baseline) | set(current)) if baseline.get(label) != current.get(label)
    ]
    for label in differ:
        print(f"DIFFERS  {label}")
    print(f"{len(current) - len(differ)} of {len(current)} equal" + ("" if differ else " (all hashes equal)"))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
