"""Inter-annotator agreement on the frozen test part: second labels (second/) against gold (gold/).

Plain Python, no engine imports. Run from the repository root:

    python evaluation/frozen/agreement.py            # Markdown tables on stdout
    python evaluation/frozen/agreement.py --list     # also list every disagreement
    python evaluation/frozen/agreement.py --part frozen2   # another frozen part (evaluation/<part>/)

For each of the 20 provisions, over all documents: raw agreement and Cohen's kappa on `found`
(true/false) and on `conflict` (listed/not listed), plus agreement on the three-way state
(found / conflict / absent). For the three parameters: agreement on the value where both labellers
found the provision (a placeholder counts as its own value). Kappa is undefined (shown as "n/a")
when both labellers gave the same single value to every document; raw agreement is then 100%.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PART = {"root": HERE}  # the part whose gold/ and second/ are compared (--part)
IDS = [
    "ownership", "use_limitation", "no_sale", "no_targeted_advertising", "no_profiling",
    "third_party_disclosure", "parent_access_correction", "student_content_transfer",
    "deletion_on_request", "disposition_at_end", "security_safeguards", "breach_notification",
    "ferpa_compliance", "other_laws_compliance", "governing_law", "severability", "audit_right",
    "deidentified_data", "general_offer", "employee_confidentiality",
]  # fmt: skip
PARAMS = ["breach_notification", "disposition_at_end", "governing_law"]


def load(folder: str) -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((PART["root"] / folder).glob("*.json"))
    }


def kappa(a: list, b: list) -> float | None:
    """Cohen's kappa for two equally long label lists (any hashable categories)."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    cats = set(a) | set(b)
    expected = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def fmt_k(k: float | None) -> str:
    return "n/a" if k is None else f"{k:.3f}"


def state(label: dict, pid: str) -> str:
    if label["found"][pid]:
        return "found"
    if pid in label["conflict"]:
        return "conflict"
    return "absent"


def param_value(label: dict, pid: str) -> object:
    if pid in label.get("placeholder", []):
        return "<placeholder>"
    return label["params"][pid]


def main(argv: list[str]) -> int:
    if "--part" in argv:
        PART["root"] = HERE.parent / argv[argv.index("--part") + 1]
    gold, second = load("gold"), load("second")
    stems = sorted(gold)
    missing = sorted(set(gold) ^ set(second))
    if missing:
        print(f"documents not labelled by both: {missing}", file=sys.stderr)
        return 1
    n = len(stems)
    out: list[str] = []
    out.append(f"Documents: {n}. Labeller A = gold/ (two authors), labeller B = second/ (independent).\n")
    out.append(
        "| provision | found A | found B | found agree | found kappa | conflict A | conflict B | conflict agree | conflict kappa | 3-way agree | 3-way kappa |"
    )
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    all_fa, all_fb, all_ca, all_cb, all_sa, all_sb = [], [], [], [], [], []
    disagreements: list[str] = []
    for pid in IDS:
        fa = [gold[s]["found"][pid] for s in stems]
        fb = [second[s]["found"][pid] for s in stems]
        ca = [pid in gold[s]["conflict"] for s in stems]
        cb = [pid in second[s]["conflict"] for s in stems]
        sa = [state(gold[s], pid) for s in stems]
        sb = [state(second[s], pid) for s in stems]
        all_fa += fa
        all_fb += fb
        all_ca += ca
        all_cb += cb
        all_sa += sa
        all_sb += sb
        agree_f = sum(x == y for x, y in zip(fa, fb, strict=True))
        agree_c = sum(x == y for x, y in zip(ca, cb, strict=True))
        agree_s = sum(x == y for x, y in zip(sa, sb, strict=True))
        out.append(
            f"| {pid} | {sum(fa)} | {sum(fb)} | {agree_f}/{n} | {fmt_k(kappa(fa, fb))} | {sum(ca)} | {sum(cb)} "
            f"| {agree_c}/{n} | {fmt_k(kappa(ca, cb))} | {agree_s}/{n} | {fmt_k(kappa(sa, sb))} |"
        )
        for s, x, y in zip(stems, sa, sb, strict=True):
            if x != y:
                disagreements.append(f"| {s} | {pid} | {x} | {y} |")
    total = len(all_fa)
    af = sum(x == y for x, y in zip(all_fa, all_fb, strict=True))
    ac = sum(x == y for x, y in zip(all_ca, all_cb, strict=True))
    as_ = sum(x == y for x, y in zip(all_sa, all_sb, strict=True))
    out.append(
        f"| **all (pooled)** | {sum(all_fa)} | {sum(all_fb)} | {af}/{total} ({af / total:.1%}) | {fmt_k(kappa(all_fa, all_fb))} "
        f"| {sum(all_ca)} | {sum(all_cb)} | {ac}/{total} ({ac / total:.1%}) | {fmt_k(kappa(all_ca, all_cb))} "
        f"| {as_}/{total} ({as_ / total:.1%}) | {fmt_k(kappa(all_sa, all_sb))} |"
    )
    kappas = [
        kappa([g["found"][p] for g in (gold[s] for s in stems)], [second[s]["found"][p] for s in stems])
        for p in IDS
    ]
    defined = [k for k in kappas if k is not None]
    out.append(
        f"\nMean per-provision kappa on found: {sum(defined) / len(defined):.3f} (over {len(defined)} provisions with kappa defined).\n"
    )

    out.append("| parameter | both found | value agrees | disagreements (document: A vs B) |")
    out.append("|---|---|---|---|")
    param_dis: list[str] = []
    for pid in PARAMS:
        both = [s for s in stems if gold[s]["found"][pid] and second[s]["found"][pid]]
        same = [s for s in both if param_value(gold[s], pid) == param_value(second[s], pid)]
        diffs = [
            f"{s}: {param_value(gold[s], pid)} vs {param_value(second[s], pid)}"
            for s in both
            if s not in same
        ]
        param_dis += [
            f"| {d.split(':')[0]} | {pid} (parameter) | {d.split(': ', 1)[1].split(' vs ')[0]} | {d.split(' vs ')[1]} |"
            for d in diffs
        ]
        out.append(f"| {pid} | {len(both)} | {len(same)}/{len(both)} | {'; '.join(diffs) or '-'} |")

    kind = sum(gold[s]["kind"] == second[s]["kind"] for s in stems)
    docs = sum(gold[s]["documents_in_file"] == second[s]["documents_in_file"] for s in stems)
    out.append(f"\nkind agrees on {kind}/{n} documents; documents_in_file agrees on {docs}/{n}.")
    kind_dis = [
        f"{s}: {gold[s]['kind']} vs {second[s]['kind']}"
        for s in stems
        if gold[s]["kind"] != second[s]["kind"]
    ]
    if kind_dis:
        out.append("kind differences (A vs B): " + "; ".join(kind_dis))
    out.append(
        f"\nProvision-level disagreements (three-way state): {len(disagreements)}; parameter disagreements: {len(param_dis)}."
    )
    if "--list" in argv:
        out.append("\n| document | provision | A (gold) | B (second) |")
        out.append("|---|---|---|---|")
        out += disagreements + param_dis
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
