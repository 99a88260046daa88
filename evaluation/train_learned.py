"""Train the review engine's learned layer on the development corpus, and measure what it adds.

Run: `.venv/bin/python evaluation/train_learned.py [--folds 5] [--no-write]`.

Deterministic and pure Python (no numpy, no scikit-learn, nothing downloaded):

1. Every development document (evaluation/gold/*.json; never evaluation/frozen/) is read once and
   run through the rules with a trace of each operative clause.
2. Labels per provision come from the gold notes: a clause that contains a quoted fragment of the
   provision's note is a positive; every clause of a document where the provision is absent (or a
   conflict) is a negative; other clauses of a document where it is present are left out.
   Only clauses the layer would be allowed to read (trigger words present, no guard) are used.
3. One logistic model per provision, trained by SGD over binary features (learned.features).
4. Document-level cross-validation: documents are split into folds; each fold is reviewed with a
   model trained on the other folds only, and the dev figures are printed with and without it.
5. The final model is trained on all development documents and written to
   vetted/review/detect/learned_weights.json (sorted keys, rounded weights).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from vetted.review import PROVISION_IDS  # noqa: E402
from vetted.review.detect.engine import SentenceTrace, _param, detect, eligible  # noqa: E402
from vetted.review.detect.learned import WEIGHTS_PATH, LearnedModel, features  # noqa: E402
from vetted.review.detect.lexicon import normalize  # noqa: E402
from vetted.review.extract import extract  # noqa: E402
from vetted.review.extract.model import Sentence  # noqa: E402

PARAM_IDS = ("breach_notification", "disposition_at_end", "governing_law")
SEED = 14
EPOCHS = 12
KEEP = 600  # strongest weights kept per provision
L2 = 1e-4
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]{6,})[\"\u201d]")


@dataclass
class Doc:
    name: str
    gold: dict
    sentences: list[Sentence]
    traces: list[SentenceTrace]
    feats: list[set[str]]


def load(gold_dir: Path) -> list[Doc]:
    docs = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        file = (gold_dir.parent / gold["file"]).resolve()
        document = extract(file.read_bytes(), file.name)
        traces: list[SentenceTrace] = []
        detect(document.sentences, trace=traces)
        feats = [features(t.norm, t.hits, t.user_subject) for t in traces]
        docs.append(Doc(file.name, gold, document.sentences, traces, feats))
    return docs


def _fragments(note: str) -> list[str]:
    out = []
    for quoted in _QUOTE.findall(note):
        for piece in re.split(r"\.\.\.|\u2026|\[page break\]", quoted):
            piece = normalize(piece).strip(" .,;:")
            if len(piece) >= 15:
                out.append(piece)
    return out


def examples(docs: list[Doc], pid: str) -> list[tuple[set[str], int]]:
    out: list[tuple[set[str], int]] = []
    for doc in docs:
        present = bool(doc.gold["found"].get(pid))
        fragments = _fragments(doc.gold.get("notes", {}).get(pid, "")) if present else []
        if present and not fragments:
            continue
        for t, f in zip(doc.traces, doc.feats, strict=True):
            if not eligible(t, pid):
                continue
            if not present:
                out.append((f, 0))
                continue
            own = normalize(doc.sentences[t.index].text)
            if any(fr in t.norm or (len(own) >= 25 and own in fr) for fr in fragments):
                out.append((f, 1))
    return out


def train_one(data: list[tuple[set[str], int]], seed: int) -> tuple[float, dict[str, float]]:
    positives = sum(y for _, y in data)
    if positives == 0 or positives == len(data):
        return (-4.0 if positives == 0 else 4.0), {}
    pos_weight = min(20.0, max(1.0, (len(data) - positives) / positives))
    rng = random.Random(seed)
    order = list(range(len(data)))
    w: dict[str, float] = {}
    bias = 0.0
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        lr = 0.3 / (1.0 + 0.5 * epoch)
        for i in order:
            feats, y = data[i]
            z = bias + sum(w.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * (pos_weight if y else 1.0)
            bias -= lr * g
            step = lr * g
            for f in feats:
                old = w.get(f, 0.0)
                w[f] = old - step - lr * L2 * old
    strongest = sorted(w.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:KEEP]
    return round(bias, 4), {k: round(v, 4) for k, v in sorted(strongest) if abs(v) >= 1e-4}


def train(docs: list[Doc], threshold: float) -> dict:
    weights, bias = {}, {}
    for n, pid in enumerate(PROVISION_IDS):
        bias[pid], weights[pid] = train_one(examples(docs, pid), SEED + n)
    return {
        "version": 1,
        "provisions": list(PROVISION_IDS),
        "bias": bias,
        "threshold": dict.fromkeys(PROVISION_IDS, threshold),
        "weights": weights,
        "trained_on": len(docs),
    }


@dataclass
class Outcome:
    """One document's rules-only result and, per open provision, the learned layer's best clause."""

    found: dict[str, bool]
    conflicting: dict[str, bool]
    params: dict[str, int | str | None]
    learned: dict[str, tuple[float, int | str | None]]  # pid -> (best score, its clause's value)


def outcome(doc: Doc, data: dict | None) -> Outcome:
    detections = detect(doc.sentences)
    out = Outcome(
        {pid: d.found for pid, d in detections.items()},
        {pid: d.conflicting for pid, d in detections.items()},
        {pid: (d.param if d.found else None) for pid, d in detections.items()},
        {},
    )
    if data is None:
        return out
    data = dict(data)
    data["threshold"] = dict.fromkeys(PROVISION_IDS, 0.0)
    model = LearnedModel.from_weights(data)
    open_ids = {pid for pid in PROVISION_IDS if not out.found[pid] and not out.conflicting[pid]}
    for t, f in zip(doc.traces, doc.feats, strict=True):
        wanted = [pid for pid in open_ids if eligible(t, pid) and t.hits.get(pid, ("", 0))[0] != "conflict"]
        if not wanted:
            continue
        scores = model.scores(f)
        for pid in wanted:
            if scores[pid] > out.learned.get(pid, (-1.0, None))[0]:
                out.learned[pid] = (scores[pid], _param(pid, t.norm))
    return out


def figures(docs: list[Doc], outcomes: dict[str, Outcome], thresholds: dict[str, dict[str, float]]) -> dict:
    """Harness-style figures: macro-F1 of `found` and parameter accuracy, for per-doc thresholds."""
    counts = {pid: [0, 0, 0] for pid in PROVISION_IDS}  # tp, fp, fn
    correct = judged = 0
    for doc in docs:
        o, th = outcomes[doc.name], thresholds.get(doc.name, {})
        for pid in PROVISION_IDS:
            got, got_param = o.found[pid], o.params[pid]
            if not got and pid in o.learned and o.learned[pid][0] >= th.get(pid, OFF):
                got, got_param = True, o.learned[pid][1]
            want = bool(doc.gold["found"].get(pid))
            if want and got:
                counts[pid][0] += 1
            elif got:
                counts[pid][1] += 1
            elif want:
                counts[pid][2] += 1
            if pid in PARAM_IDS:
                want_param = doc.gold.get("params", {}).get(pid)
                if want_param is None and got_param is None:
                    continue
                judged += 1
                correct += int(want_param == got_param)
    f1s = []
    for tp, fp, fn in counts.values():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return {
        "macro_f1": sum(f1s) / len(f1s),
        "param_accuracy": correct / judged if judged else 1.0,
        "per_provision": dict(zip(PROVISION_IDS, f1s, strict=True)),
    }


OFF = 2.0  # a threshold no probability reaches: the layer is off for that provision
CANDIDATES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, OFF)


def select(docs: list[Doc], outcomes: dict[str, Outcome]) -> dict[str, float]:
    """Per provision, the threshold that scores best on these documents (ties: the stricter one)."""
    chosen: dict[str, float] = {}
    for pid in PROVISION_IDS:
        best: tuple[int, float] | None = None
        for t in CANDIDATES:
            gain = 0
            for doc in docs:
                o = outcomes[doc.name]
                if o.found[pid] or pid not in o.learned or o.learned[pid][0] < t:
                    continue
                gain += 1 if doc.gold["found"].get(pid) else -1
            if best is None or gain > best[0] or (gain == best[0] and t > best[1]):
                best = (gain, t)
        assert best is not None
        chosen[pid] = best[1] if best[0] > 0 else OFF
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", type=Path, default=HERE / "gold")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if "frozen" in args.gold.parts:
        parser.error("the frozen test part is never used for training")
    docs = load(args.gold)
    fold_of = {d.name: i % args.folds for i, d in enumerate(docs)}
    # Out-of-fold outcomes: each document is scored by a model trained without its fold.
    oof: dict[str, Outcome] = {}
    for k in range(args.folds):
        data = train([d for d in docs if fold_of[d.name] != k], 0.5)
        for d in docs:
            if fold_of[d.name] == k:
                oof[d.name] = outcome(d, data)
    rules_only = figures(docs, oof, {})
    # Nested choice of thresholds: fold k's thresholds are chosen on the other folds' outcomes.
    per_doc = {}
    for k in range(args.folds):
        chosen = select([d for d in docs if fold_of[d.name] != k], oof)
        for d in docs:
            if fold_of[d.name] == k:
                per_doc[d.name] = chosen
    cv = figures(docs, oof, per_doc)
    print(f"documents: {len(docs)}  folds: {args.folds} (by document; never trained on the scored one)")
    print(
        f"rules only:           macro-F1 {rules_only['macro_f1']:.3f}  params {rules_only['param_accuracy']:.3f}"
    )
    print(f"rules + learned (CV): macro-F1 {cv['macro_f1']:.3f}  params {cv['param_accuracy']:.3f}")
    for pid in PROVISION_IDS:
        a, b = rules_only["per_provision"][pid], cv["per_provision"][pid]
        if abs(a - b) > 1e-9:
            print(f"  {pid:28} {a:.3f} -> {b:.3f}")
    final_thresholds = select(docs, oof)
    print("shipped thresholds:", {p: t for p, t in final_thresholds.items() if t < OFF} or "none (layer off)")
    if not args.no_write:
        final = train(docs, 0.5)
        final["threshold"] = final_thresholds
        final["cv"] = {
            "folds": args.folds,
            "documents": len(docs),
            "rules_only": {k: round(rules_only[k], 4) for k in ("macro_f1", "param_accuracy")},
            "with_learned": {k: round(cv[k], 4) for k in ("macro_f1", "param_accuracy")},
        }
        WEIGHTS_PATH.write_text(
            json.dumps(final, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        print(f"wrote {WEIGHTS_PATH.relative_to(HERE.parent)} ({WEIGHTS_PATH.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
