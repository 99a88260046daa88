"""`make bench`: every benchmark, each in its own process (each configures its own database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

RUNS = [
    [sys.executable, str(ROOT / "registry_search.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "registry_search.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "registry_http.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "registry_http.py"), "--db", "postgres"],
    # repeat visits (the link in a notice): the same server with the rendered-page cache on
    [
        sys.executable,
        str(ROOT / "registry_http.py"),
        "--db",
        "sqlite",
        "--page-cache",
        "--only",
        "listing p1,HTML detail,API detail,big: listing",
    ],  # fmt: skip
    [sys.executable, str(ROOT / "registry_suggest.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "registry_suggest.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "review_speed.py")],
    [sys.executable, str(ROOT / "roster_import.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "roster_import.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "notice_send.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "notice_send.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "outbox_delivery.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "outbox_delivery.py"), "--db", "postgres"],
    # letters (issue 11, item 5): the joining step alone, then whole notices of 2,000 and 10,000 letters
    [sys.executable, str(ROOT / "notice_letters.py"), "--join-only", "2000,10000,50000"],
    [sys.executable, str(ROOT / "notice_letters.py"), "--counts", "2000,10000"],
]


def main() -> int:
    failed = 0
    for command in RUNS:
        if not Path(command[1]).exists():
            continue
        print("==", " ".join(Path(c).name for c in command[1:]), flush=True)
        failed += subprocess.run(command, cwd=ROOT.parent, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
