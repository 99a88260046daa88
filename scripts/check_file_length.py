"""Fail when a source file under vetted/ passes 800 lines: split it into a package first.

Run by `make lint`. Migrations are generated and are not counted.
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 800
ROOT = Path(__file__).resolve().parent.parent / "vetted"


def too_long(root: Path = ROOT, limit: int = LIMIT) -> list[tuple[Path, int]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        with path.open(encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
        if lines > limit:
            found.append((path, lines))
    return found


def main() -> int:
    found = too_long()
    for path, lines in found:
        print(f"{path.relative_to(ROOT.parent)}: {lines} lines (limit {LIMIT}); split it into a package")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
