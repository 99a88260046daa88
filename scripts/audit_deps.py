"""Check the locked dependency set (uv.lock) for known vulnerabilities with pip-audit.

pip-audit reads each package version's advisories from the package index
(https://pypi.org/pypi/<name>/<version>/json). Where that data cannot be reached (no network, or
an index mirror that serves no per-version data), `--if-reachable` says loudly that the audit was
NOT run and exits 0, so `make lint` stays usable offline; `make audit-deps` (no flag) fails instead.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKED = ROOT / "var" / "locked-requirements.txt"


def _export() -> None:
    LOCKED.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 — fixed arguments
        ["uv", "export",  # noqa: S607 — uv is on PATH wherever make runs (the Makefile installs it) "--quiet", "--locked", "--format", "requirements-txt", "--extra", "dev",
         "--no-emit-project", "-o", str(LOCKED)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,  # it echoes the file it writes
    )  # fmt: skip


def _probe() -> str | None:
    """None when the index answers per-version advisories; otherwise why it does not."""
    for line in LOCKED.read_text().splitlines():
        if line.startswith("django=="):
            version = line.split("==", 1)[1].split()[0]
            url = f"https://pypi.org/pypi/django/{version}/json"
            try:
                with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 — fixed https URL
                    return None if response.status == 200 else f"HTTP {response.status} from {url}"
            except (urllib.error.URLError, TimeoutError) as exc:
                return f"{url}: {exc}"
    return "django is not in the locked set"


def main() -> int:
    _export()
    if "--if-reachable" in sys.argv and (why := _probe()) is not None:
        print(f"WARNING: dependency audit NOT RUN: the index's advisory data is unreachable ({why}).")
        return 0
    audit = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--strict", "--disable-pip", "--require-hashes",
             "--progress-spinner", "off", "-r", str(LOCKED)]  # fmt: skip
    return subprocess.run(audit, check=False, cwd=ROOT).returncode  # noqa: S603 — fixed arguments


if __name__ == "__main__":
    sys.exit(main())
