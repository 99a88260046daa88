"""Score the review engine against the labelled corpus.

Run: `python -m evaluation.harness` or `.venv/bin/python evaluation/harness.py [--misses] [--json]`.
Reads evaluation/gold/*.json (written by the corpus builder, never by hand here), reviews each
document, and prints per-provision precision/recall/F1 of `found`, macro F1, parameter accuracy,
conflict detection, and the misses with the evidence the engine used.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # allow running as a plain script
    sys.path.insert(0, str(HERE.parent))

from vetted.review import PROVISION_IDS, DocumentError, review_path  # noqa: E402

PARAM_IDS = ("breach_notification", "disposition_at_end", "governing_law")


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(gold_dir: Path) -> dict[str, Any]:
    counts = {pid: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for pid in PROVISION_IDS}
    conflict_counts = {"tp": 0, "fp": 0, "fn": 0}
    params = {"correct": 0, "wrong": 0, "false": 0}
    misses: list[dict[str, Any]] = []
    refused: list[str] = []
    seconds = 0.0
    files = sorted(gold_dir.glob("*.json"))
    for gold_path in files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc_path = (gold_dir.parent / gold["file"]).resolve()
        name = doc_path.name
        started = time.perf_counter()
        try:
            result = review_path(doc_path).to_dict()
        except DocumentError as exc:
            refused.append(f"{name}: {exc.code} {exc.message}")
            continue
        seconds += time.perf_counter() - started
        by_id = {p["id"]: p for p in result["provisions"]}
        gold_conflicts = set(gold.get("conflict", []))
        for pid in PROVISION_IDS:
            want = bool(gold["found"].get(pid, False))
            entry = by_id[pid]
            got = bool(entry["found"])
            key = "tp" if want and got else "fp" if got else "fn" if want else "tn"
            counts[pid][key] += 1
            got_conflict = entry["status"] == "conflict" or (
                not got and entry["confidence"] > 0 and entry["evidence"]
            )
            got_conflict = got_conflict and not got
            if pid in gold_conflicts and got_conflict:
                conflict_counts["tp"] += 1
            elif pid in gold_conflicts:
                conflict_counts["fn"] += 1
            elif got_conflict:
                conflict_counts["fp"] += 1
            if key in ("fp", "fn") or (pid in gold_conflicts) != got_conflict:
                misses.append(
                    {
                        "doc": name,
                        "provision": pid,
                        "kind": "conflict " + ("missed" if pid in gold_conflicts else "false")
                        if key in ("tp", "tn")
                        else {"fp": "false positive", "fn": "missed"}[key],
                        "evidence": entry["evidence"][:2],
                        "note": gold.get("notes", {}).get(pid, ""),
                    }
                )
        for pid in PARAM_IDS:
            want_param = gold.get("params", {}).get(pid)
            got_param = by_id[pid]["param"]
            if want_param is None:
                if got_param is not None:
                    params["false"] += 1
                    misses.append({"doc": name, "provision": pid, "kind": f"false param {got_param!r}",
                                   "evidence": by_id[pid]["evidence"][:2], "note": ""})  # fmt: skip
            elif got_param == want_param:
                params["correct"] += 1
            else:
                params["wrong"] += 1
                misses.append({"doc": name, "provision": pid, "kind": f"param {got_param!r} != {want_param!r}",
                               "evidence": by_id[pid]["evidence"][:2], "note": gold.get("notes", {}).get(pid, "")})  # fmt: skip
    per_provision = {pid: _f1(c["tp"], c["fp"], c["fn"]) for pid, c in counts.items()}
    macro = sum(f for _, _, f in per_provision.values()) / len(per_provision)
    judged = params["correct"] + params["wrong"] + params["false"]
    return {
        "documents": len(files),
        "refused": refused,
        "per_provision": per_provision,
        "counts": counts,
        "macro_f1": macro,
        "param_accuracy": params["correct"] / judged if judged else 1.0,
        "params": params,
        "conflicts": dict(zip(("precision", "recall", "f1"), _f1(**conflict_counts), strict=True)),
        "conflict_counts": conflict_counts,
        "misses": misses,
        "seconds": seconds,
    }


def print_report(report: dict[str, Any], show_misses: bool) -> None:
    print(f"Documents: {report['documents']}  (refused: {len(report['refused'])}, {report['seconds']:.2f} s)")
    for line in report["refused"]:
        print(f"  refused {line}")
    print(f"\n{'provision':28} {'P':>5} {'R':>5} {'F1':>5}   tp fp fn tn")
    for pid, (p, r, f) in report["per_provision"].items():
        c = report["counts"][pid]
        print(f"{pid:28} {p:5.2f} {r:5.2f} {f:5.2f}   {c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}")
    pr = report["params"]
    cf = report["conflicts"]
    print(f"\nmacro F1 (found):     {report['macro_f1']:.3f}")
    print(f"parameter accuracy:   {report['param_accuracy']:.3f}  "
          f"({pr['correct']} correct, {pr['wrong']} wrong, {pr['false']} false)")  # fmt: skip
    print(
        f"conflict P/R/F1:      {cf['precision']:.2f} / {cf['recall']:.2f} / {cf['f1']:.2f}  {report['conflict_counts']}"
    )
    if show_misses and report["misses"]:
        print("\nMisses:")
        for m in report["misses"]:
            print(f"- {m['doc']} :: {m['provision']} :: {m['kind']}")
            for ev in m["evidence"]:
                print(f"    used (p.{ev['page']}, {ev['section']}): {ev['quote'][:200]}")
            if m["note"]:
                print(f"    gold: {m['note'][:200]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", type=Path, default=HERE / "gold")
    parser.add_argument("--no-misses", action="store_true", help="hide the confusion list")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(args.gold)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print_report(report, show_misses=not args.no_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
