"""Score the review engine against the labelled corpus, each part on its own.

Run: `.venv/bin/python evaluation/harness.py [--part development|frozen|frozen2|both|all] [--json] [--misses]`.

Parts, never pooled: the **development** part (evaluation/corpus, evaluation/gold), which the
engine's authors read, and the **frozen** test parts (evaluation/frozen/, evaluation/frozen2/), written
by authors who never read the engine and never used for tuning. A frozen part is spent once its
figures have steered work; the next is written fresh by new blind authors (frozen2 is the second).
Without `--part` the harness reports every part that has a gold folder (`both` is development and
the first frozen part). `--misses` (which documents and provisions went wrong, with the evidence)
exists for the development part only.

For each part: precision/recall/F1 of `found` per provision, macro-F1, the same per document kind,
parameter accuracy (per parameter and overall), conflict detection, placeholder marks and the
detection of files that hold several documents. Every figure carries a 95% confidence interval: a
document-level bootstrap (the documents are resampled with replacement, BOOTSTRAP_RESAMPLES times,
with a fixed seed, so a run is repeatable) and, for accuracies, also the Wilson interval.

A document the engine refuses counts as a review that found nothing: leaving it out would flatter.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # allow running as a plain script
    sys.path.insert(0, str(HERE.parent))

from vetted.review import PROVISION_IDS  # noqa: E402
from vetted.review.states import is_placeholder, says_opposite  # noqa: E402

PARAM_IDS = ("breach_notification", "disposition_at_end", "governing_law")
PARTS = ("development", "frozen", "frozen2")
FROZEN_PARTS = ("frozen", "frozen2")
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 14
Z95 = 1.959963984540054
UNKNOWN_KIND = "unknown"
FROZEN_REFUSAL = (
    "--misses is for the development part only: the frozen test part is never inspected for tuning, "
    "so the harness reports only its figures."
)

Reviewer = Callable[[Path], Mapping[str, Any]]


def default_roots() -> dict[str, Path]:
    return {"development": HERE, "frozen": HERE / "frozen", "frozen2": HERE / "frozen2"}


# --------------------------------------------------------------------------- arithmetic


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1. With nothing to find and nothing claimed, all three are 1."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (0, 1) when nothing was judged."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def bootstrap(
    n: int,
    statistic: Callable[[Sequence[int]], float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """95% percentile interval of `statistic(indices)` over document resamples (fixed seed)."""
    if n == 0:
        return 0.0, 1.0
    rng = random.Random(seed)
    values = sorted(statistic([rng.randrange(n) for _ in range(n)]) for _ in range(resamples))
    low = values[int(0.025 * (resamples - 1))]
    high = values[int(math.ceil(0.975 * (resamples - 1)))]
    return low, high


# --------------------------------------------------------------------------- one document


@dataclass
class DocScore:
    """What one document contributes; every figure is a sum of these."""

    name: str
    kind: str
    counts: dict[str, tuple[int, int, int]]  # provision -> (tp, fp, fn) of `found`
    conflict: tuple[int, int, int]
    placeholder: tuple[int, int, int]
    params: dict[str, tuple[int, int]]  # parameter -> (judged, correct), judged 0 or 1
    false_params: int  # a value where the gold has none (and no placeholder); shown, not scored
    files_want: int
    files_got: int
    refused: str = ""
    misses: list[dict[str, Any]] = field(default_factory=list)


def _outcome(want: bool, got: bool) -> tuple[int, int, int]:
    return (int(want and got), int(got and not want), int(want and not got))


def score_document(
    gold: Mapping[str, Any], result: Mapping[str, Any] | None, name: str, refused: str = ""
) -> DocScore:
    """Compare one gold label with one result dict (None: the engine refused the file)."""
    by_id = {str(p.get("id")): p for p in (result or {}).get("provisions", [])}
    gold_found = gold.get("found", {})
    gold_conflicts = set(gold.get("conflict", []))
    gold_params = gold.get("params", {}) or {}
    gold_placeholders = set(gold.get("placeholder", []) or [])
    notes = gold.get("notes", {}) or {}
    counts: dict[str, tuple[int, int, int]] = {}
    conflict = [0, 0, 0]
    placeholder = [0, 0, 0]
    misses: list[dict[str, Any]] = []

    def miss(pid: str, what: str, entry: Mapping[str, Any]) -> None:
        misses.append({"doc": name, "provision": pid, "kind": what,
                       "evidence": list(entry.get("evidence") or [])[:2], "note": str(notes.get(pid, ""))})  # fmt: skip

    for pid in PROVISION_IDS:
        entry = by_id.get(pid, {})
        want, got = bool(gold_found.get(pid, False)), bool(entry.get("found"))
        counts[pid] = _outcome(want, got)
        if want != got:
            miss(pid, "missed" if want else "false positive", entry)
        want_c, got_c = pid in gold_conflicts, says_opposite(entry)
        conflict = [a + b for a, b in zip(conflict, _outcome(want_c, got_c), strict=True)]
        if want_c != got_c and want == got:
            miss(pid, "conflict missed" if want_c else "conflict false", entry)
        want_p, got_p = pid in gold_placeholders, is_placeholder(entry)
        placeholder = [a + b for a, b in zip(placeholder, _outcome(want_p, got_p), strict=True)]
        if want_p != got_p:
            miss(pid, "placeholder missed" if want_p else "placeholder false", entry)
    params: dict[str, tuple[int, int]] = {}
    false_params = 0
    for pid in PARAM_IDS:
        entry = by_id.get(pid, {})
        want_value, got_value = gold_params.get(pid), entry.get("param")
        if pid in gold_placeholders:
            ok = is_placeholder(entry) and got_value is None
            params[pid] = (1, int(ok))
            if not ok:
                miss(pid, f"param {got_value!r} != placeholder", entry)
        elif want_value is not None:
            ok = got_value == want_value
            params[pid] = (1, int(ok))
            if not ok:
                miss(pid, f"param {got_value!r} != {want_value!r}", entry)
        else:
            params[pid] = (0, 0)
            if got_value is not None:
                false_params += 1
                miss(pid, f"false param {got_value!r}", entry)
    files_want = int(gold.get("documents_in_file", 1) or 1)
    files_got = int((result or {}).get("documents_in_file", 1) or 1)
    if files_want != files_got:
        misses.append({"doc": name, "provision": "-", "kind": f"documents_in_file {files_got} != {files_want}",
                       "evidence": [], "note": ""})  # fmt: skip
    return DocScore(
        name, str(gold.get("kind") or UNKNOWN_KIND), counts, tuple(conflict), tuple(placeholder),  # type: ignore[arg-type]
        params, false_params, files_want, files_got, refused, misses,
    )  # fmt: skip


# --------------------------------------------------------------------------- figures over documents


def _sum3(triples: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for a, b, c in triples:
        tp, fp, fn = tp + a, fp + b, fn + c
    return tp, fp, fn


def macro_f1(docs: Sequence[DocScore], indices: Sequence[int] | None = None) -> float:
    chosen = [docs[i] for i in indices] if indices is not None else list(docs)
    return sum(prf(*_sum3(d.counts[pid] for d in chosen))[2] for pid in PROVISION_IDS) / len(PROVISION_IDS)


def param_accuracy(docs: Sequence[DocScore], pids: Sequence[str] = PARAM_IDS) -> tuple[int, int]:
    judged = sum(d.params[p][0] for d in docs for p in pids)
    correct = sum(d.params[p][1] for d in docs for p in pids)
    return correct, judged


def _ci(docs: Sequence[DocScore], stat: Callable[[Sequence[DocScore]], float], resamples: int) -> list[float]:
    low, high = bootstrap(len(docs), lambda idx: stat([docs[i] for i in idx]), resamples=resamples)
    return [round(low, 4), round(high, 4)]


def _prf_block(
    docs: Sequence[DocScore], get: Callable[[DocScore], tuple[int, int, int]], resamples: int
) -> dict[str, Any]:
    tp, fp, fn = _sum3(get(d) for d in docs)
    p, r, f = prf(tp, fp, fn)
    return {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "tp": tp, "fp": fp, "fn": fn, "empty": tp + fp + fn == 0,
        "f1_ci": _ci(docs, lambda ds: prf(*_sum3(get(d) for d in ds))[2], resamples),
    }  # fmt: skip


def _accuracy_block(
    correct: int, judged: int, docs: Sequence[DocScore], pids: Sequence[str], resamples: int
) -> dict[str, Any]:
    def acc(ds: Sequence[DocScore]) -> float:
        c, j = param_accuracy(ds, pids)
        return c / j if j else 1.0

    return {
        "accuracy": round(correct / judged, 4) if judged else None,
        "correct": correct, "judged": judged,
        "wilson_ci": [round(x, 4) for x in wilson(correct, judged)],
        "bootstrap_ci": _ci(docs, acc, resamples) if judged else [0.0, 1.0],
    }  # fmt: skip


def _counts_of(pid: str) -> Callable[[DocScore], tuple[int, int, int]]:
    return lambda d: d.counts[pid]


def summarize(docs: Sequence[DocScore], part: str, *, resamples: int = BOOTSTRAP_RESAMPLES) -> dict[str, Any]:
    """Every figure of one part, from its documents' scores alone."""
    per_provision = {pid: _prf_block(docs, _counts_of(pid), resamples) for pid in PROVISION_IDS}
    kinds: dict[str, list[DocScore]] = {}
    for d in docs:
        kinds.setdefault(d.kind, []).append(d)
    per_kind = {}
    for kind in sorted(kinds):
        group = kinds[kind]
        correct, judged = param_accuracy(group)
        per_kind[kind] = {
            "documents": len(group),
            "macro_f1": round(macro_f1(group), 4),
            "macro_f1_ci": _ci(group, macro_f1, resamples),
            "param_accuracy": _accuracy_block(correct, judged, group, PARAM_IDS, resamples),
        }
    per_param = {}
    for pid in PARAM_IDS:
        correct, judged = param_accuracy(docs, (pid,))
        per_param[pid] = _accuracy_block(correct, judged, docs, (pid,), resamples)
    correct, judged = param_accuracy(docs)
    files_right = sum(d.files_want == d.files_got for d in docs)
    files_multi = _prf_block(docs, lambda d: _outcome(d.files_want > 1, d.files_got > 1), resamples)
    return {
        "part": part,
        "documents": len(docs),
        "refused": [f"{d.name}: {d.refused}" for d in docs if d.refused],
        "macro_f1": round(macro_f1(docs), 4),
        "macro_f1_ci": _ci(docs, macro_f1, resamples),
        "per_provision": per_provision,
        "per_kind": per_kind,
        "param_accuracy": _accuracy_block(correct, judged, docs, PARAM_IDS, resamples),
        "per_param": per_param,
        "false_params": sum(d.false_params for d in docs),
        "conflicts": _prf_block(docs, lambda d: d.conflict, resamples),
        "placeholders": _prf_block(docs, lambda d: d.placeholder, resamples),
        "documents_in_file": {
            "exact": round(files_right / len(docs), 4) if docs else None,
            "right": files_right,
            "judged": len(docs),
            "wilson_ci": [round(x, 4) for x in wilson(files_right, len(docs))],
            "several_documents": files_multi,
        },
        "bootstrap": {"resamples": resamples, "seed": BOOTSTRAP_SEED, "unit": "document"},
    }


# --------------------------------------------------------------------------- running the engine


def review_file(path: Path) -> Mapping[str, Any]:
    from vetted.review import review_path

    return review_path(path).to_dict()


def score_part(root: Path, reviewer: Reviewer = review_file) -> tuple[list[DocScore], float]:
    """Review every document that has a gold file under root/gold; refusals score as nothing found."""
    from vetted.review import DocumentError

    docs: list[DocScore] = []
    seconds = 0.0
    for gold_path in sorted((root / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc_path = (root / gold["file"]).resolve()
        started = time.perf_counter()
        try:
            result: Mapping[str, Any] | None = reviewer(doc_path)
            refused = ""
        except DocumentError as exc:
            result, refused = None, f"{exc.code} {exc.message}"
        seconds += time.perf_counter() - started
        docs.append(score_document(gold, result, doc_path.name, refused))
    return docs, seconds


def resolve_parts(part: str | None, misses: bool, roots: Mapping[str, Path]) -> list[str]:
    """Which parts to report. Raises ValueError(FROZEN_REFUSAL) for --misses with the frozen part."""
    present = [p for p in PARTS if p in roots and (roots[p] / "gold").is_dir()]
    if part is None:
        part = "development" if misses else "all"
    chosen = {"both": ["development", "frozen"], "all": present}.get(part, [part])
    if misses and any(p in FROZEN_PARTS for p in chosen):
        raise ValueError(FROZEN_REFUSAL)
    return chosen


def evaluate(
    parts: Sequence[str],
    *,
    roots: Mapping[str, Path] | None = None,
    reviewer: Reviewer = review_file,
    resamples: int = BOOTSTRAP_RESAMPLES,
    keep_misses: bool = False,
) -> dict[str, dict[str, Any]]:
    """One report per part, computed separately. Misses are kept for the development part only."""
    roots = roots or default_roots()
    reports: dict[str, dict[str, Any]] = {}
    for part in parts:
        docs, seconds = score_part(roots[part], reviewer)
        report = summarize(docs, part, resamples=resamples)
        report["seconds"] = round(seconds, 2)
        if keep_misses and part == "development":
            report["misses"] = [m for d in docs for m in d.misses]
        reports[part] = report
    return reports


# --------------------------------------------------------------------------- printing


def _ci_text(ci: Sequence[float]) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]"


def print_report(report: Mapping[str, Any], out: Any = None) -> None:
    out = out or sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out)

    title = {"development": "DEVELOPMENT part (read by the engine's authors)",
             "frozen": "FROZEN test part (never used for tuning)",
             "frozen2": "FROZEN test part 2 (fresh; never used for tuning)"}.get(report["part"], report["part"])  # fmt: skip
    say(f"=== {title} ===")
    say(
        f"Documents: {report['documents']}  (refused: {len(report['refused'])}, {report.get('seconds', 0):.2f} s)"
    )
    for line in report["refused"]:
        say(f"  refused {line}")
    say(f"\n{'provision':26} {'P':>5} {'R':>5} {'F1':>5} {'95% CI':>13}   tp  fp  fn")
    for pid, b in report["per_provision"].items():
        say(f"{pid:26} {b['precision']:5.2f} {b['recall']:5.2f} {b['f1']:5.2f} {_ci_text(b['f1_ci']):>13}  "
            f"{b['tp']:3} {b['fp']:3} {b['fn']:3}")  # fmt: skip
    say(f"\nmacro-F1 (found):      {report['macro_f1']:.3f}  95% CI {_ci_text(report['macro_f1_ci'])}")
    pa = report["param_accuracy"]
    acc = "n/a" if pa["accuracy"] is None else f"{pa['accuracy']:.3f}"
    say(f"parameter accuracy:    {acc}  ({pa['correct']}/{pa['judged']}; Wilson {_ci_text(pa['wilson_ci'])}, "
        f"bootstrap {_ci_text(pa['bootstrap_ci'])}; {report['false_params']} value(s) where the gold has none)")  # fmt: skip
    for pid, b in report["per_param"].items():
        acc = "n/a" if b["accuracy"] is None else f"{b['accuracy']:.3f}"
        say(f"  {pid:24} {acc:>5}  ({b['correct']}/{b['judged']}; Wilson {_ci_text(b['wilson_ci'])})")
    for label, key in (("conflicts", "conflicts"), ("placeholder marks", "placeholders")):
        b = report[key]
        if b["empty"]:
            say(f"{label + ' P/R/F1:':22} n/a (none labelled, none reported)")
            continue
        say(f"{label + ' P/R/F1:':22} {b['precision']:.2f} / {b['recall']:.2f} / {b['f1']:.2f}  "
            f"95% CI {_ci_text(b['f1_ci'])}  (tp {b['tp']}, fp {b['fp']}, fn {b['fn']})")  # fmt: skip
    files = report["documents_in_file"]
    several = files["several_documents"]
    exact = "n/a" if files["exact"] is None else f"{files['exact']:.3f}"
    say(f"documents in file:     count right {exact} ({files['right']}/{files['judged']}; Wilson "
        f"{_ci_text(files['wilson_ci'])}); several-documents P/R {several['precision']:.2f} / {several['recall']:.2f}")  # fmt: skip
    say(f"\n{'document kind':24} {'docs':>4} {'macro-F1':>8} {'95% CI':>13} {'params':>7}")
    for kind, b in report["per_kind"].items():
        pa = b["param_accuracy"]
        acc = "  n/a" if pa["accuracy"] is None else f"{pa['accuracy']:.2f}"
        say(
            f"{kind:24} {b['documents']:4} {b['macro_f1']:8.3f} {_ci_text(b['macro_f1_ci']):>13} {acc:>7} ({pa['correct']}/{pa['judged']})"
        )
    boot = report["bootstrap"]
    say(
        f"\nIntervals: {boot['resamples']} bootstrap resamples of documents (seed {boot['seed']}); Wilson for accuracies."
    )
    if report.get("misses"):
        say("\nMisses:")
        for m in report["misses"]:
            say(f"- {m['doc']} :: {m['provision']} :: {m['kind']}")
            for ev in m["evidence"]:
                say(f"    used (p.{ev.get('page')}, {ev.get('section')}): {str(ev.get('quote', ''))[:200]}")
            if m["note"]:
                say(f"    gold: {m['note'][:200]}")


def main(argv: list[str] | None = None, *, roots: Mapping[str, Path] | None = None,
         reviewer: Reviewer = review_file, resamples: int = BOOTSTRAP_RESAMPLES) -> int:  # fmt: skip
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=(*PARTS, "both", "all"), default=None,
                        help="which part to score (default: every part with a gold folder); "
                             "the parts are reported separately, never pooled")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    parser.add_argument("--misses", action="store_true", help="list the misses (development part only)")
    parser.add_argument("--resamples", type=int, default=resamples, help="bootstrap resamples")
    args = parser.parse_args(argv)
    roots = roots or default_roots()
    try:
        parts = resolve_parts(args.part, args.misses, roots)
    except ValueError as exc:
        parser.error(str(exc))
    missing = [p for p in parts if not (roots[p] / "gold").is_dir()]
    if missing:
        parser.error(f"no gold labels for the {missing[0]} part ({roots[missing[0]] / 'gold'})")
    reports = evaluate(
        parts, roots=roots, reviewer=reviewer, resamples=args.resamples, keep_misses=args.misses
    )
    if args.json:
        print(json.dumps(reports, indent=2, default=str))
    else:
        for index, part in enumerate(parts):
            if index:
                print()
            print_report(reports[part])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
