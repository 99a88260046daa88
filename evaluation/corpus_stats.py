"""Print statistics of the labelled evaluation corpus as Markdown tables.

Usage::

    python evaluation/corpus_stats.py            # print the tables
    python evaluation/corpus_stats.py --check    # also fail unless the coverage targets hold
    python evaluation/corpus_stats.py --readme   # rewrite the stats section of evaluation/README.md

The coverage targets are the ones the corpus was written to: at least 44 documents; at least
4 HTML, 6 DOCX and 6 PDF files; every provision present in at least 12 documents and absent in
at least 8; a conflict somewhere for no_sale, no_targeted_advertising, deidentified_data,
disposition_at_end and third_party_disclosure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from vetted.rules import PROVISION_IDS

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"
README = HERE / "README.md"
START, END = "<!-- stats:start -->", "<!-- stats:end -->"

PROVISIONS = list(PROVISION_IDS)
MUST_CONFLICT = [
    "no_sale",
    "no_targeted_advertising",
    "deidentified_data",
    "disposition_at_end",
    "third_party_disclosure",
]


def load_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def page_count(path: Path) -> int | None:
    if path.suffix != ".pdf":
        return None
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - optional
        return None
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def param_label(gold: dict, key: str) -> str:
    """A found parameter's value as shown in the table: its value, "placeholder" or "null"."""
    if key in gold.get("placeholder", []):
        return "placeholder"
    value = gold["params"][key]
    return "null" if value is None else str(value)


def render(golds: list[dict]) -> str:
    lines: list[str] = []
    formats = Counter(Path(g["file"]).suffix.lstrip(".") for g in golds)
    lines.append(f"Documents: {len(golds)}")
    lines.append("")
    lines.append("| format | documents |")
    lines.append("|---|---:|")
    for fmt in ("md", "txt", "html", "docx", "pdf"):
        lines.append(f"| {fmt} | {formats.get(fmt, 0)} |")
    lines.append(f"| **total** | **{len(golds)}** |")
    lines.append("")
    kinds = Counter(g.get("kind", "unlabelled") for g in golds)
    lines.append("| kind | documents |")
    lines.append("|---|---:|")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {kind} | {count} |")
    bundles = sum(g.get("documents_in_file", 1) > 1 for g in golds)
    placeholders = sum(bool(g.get("placeholder")) for g in golds)
    lines.append("")
    lines.append(
        f"Files bundling several documents: {bundles}. Files with template placeholders: {placeholders}."
    )
    lines.append("")
    lines.append("| provision | present | absent | of which conflict |")
    lines.append("|---|---:|---:|---:|")
    for pid in PROVISIONS:
        present = sum(g["found"][pid] for g in golds)
        conflict = sum(pid in g["conflict"] for g in golds)
        lines.append(f"| `{pid}` | {present} | {len(golds) - present} | {conflict} |")
    lines.append("")
    lines.append("| parameter | values in the gold labels (value: documents) |")
    lines.append("|---|---|")
    for key in ("breach_notification", "disposition_at_end", "governing_law"):
        values = Counter(param_label(g, key) for g in golds if g["found"][key])
        shown = ", ".join(f"{v}: {n}" for v, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"| `{key}` | {shown} |")
    lines.append("")
    pages = {Path(g["file"]).name: page_count(HERE / g["file"]) for g in golds}
    pdf_pages = {k: v for k, v in pages.items() if v is not None}
    if pdf_pages:
        lines.append("| PDF | pages |")
        lines.append("|---|---:|")
        for name, count in sorted(pdf_pages.items()):
            lines.append(f"| {name} | {count} |")
    return "\n".join(lines)


def check(golds: list[dict]) -> list[str]:
    problems: list[str] = []
    formats = Counter(Path(g["file"]).suffix for g in golds)
    if len(golds) < 44:
        problems.append(f"only {len(golds)} documents")
    for fmt, minimum in ((".html", 4), (".docx", 6), (".pdf", 6)):
        if formats[fmt] < minimum:
            problems.append(f"only {formats[fmt]} {fmt} documents")
    for pid in PROVISIONS:
        present = sum(g["found"][pid] for g in golds)
        if present < 12:
            problems.append(f"{pid}: present in only {present} documents")
        if len(golds) - present < 8:
            problems.append(f"{pid}: absent in only {len(golds) - present} documents")
    for pid in MUST_CONFLICT:
        if not any(pid in g["conflict"] for g in golds):
            problems.append(f"{pid}: no document has it as a conflict")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="statistics of the evaluation corpus")
    parser.add_argument("--check", action="store_true", help="fail unless the coverage targets hold")
    parser.add_argument("--readme", action="store_true", help="rewrite the stats section of README.md")
    args = parser.parse_args(argv)
    golds = load_gold()
    table = render(golds)
    print(table)
    if args.readme:
        text = README.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    if args.check:
        problems = check(golds)
        for problem in problems:
            print(f"TARGET NOT MET: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
