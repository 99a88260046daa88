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
    [sys.executable, str(ROOT / "registry_suggest.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "registry_suggest.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "review_speed.py")],
    [sys.executable, str(ROOT / "roster_import.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "roster_import.py"), "--db", "postgres"],
    [sys.executable, str(ROOT / "notice_send.py"), "--db", "sqlite"],
    [sys.executable, str(ROOT / "notice_send.py"), "--db", "postgres"],
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
