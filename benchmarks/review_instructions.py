"""Instructions per review of the benchmark PDF, and per PDFium text extraction of it, by valgrind.

Run: `.venv/bin/python benchmarks/review_instructions.py` (needs valgrind; about 3 minutes).

Wall times on a shared, loaded machine wander by 50% from run to run, which hides a 3% change.
The instructions a review executes do not depend on the load. Each figure is the difference
between a process that reviews (or extracts) twice and one that only warms up, halved, so imports
and warm-up cancel. PDFium's C code runs more instructions per second than Python, so the ratio of
instructions is not the ratio of times; compare it only with itself, before and after a change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import sys
sys.path.insert(0, "benchmarks"); sys.path.insert(0, ".")
from review_speed import build_pdf, pdfium_text
from vetted.review import Requirement, review_bytes
data = build_pdf(39)
req = [Requirement("breach_notification", {"hours": 48}, "bench", ("bench",))]
review_bytes(data, "warmup.pdf", requirements=req)
pdfium_text(data)
for _ in range(int(sys.argv[1])):
    review_bytes(data, "bench.pdf", requirements=req)
for _ in range(int(sys.argv[2])):
    pdfium_text(data)
"""


def instructions(reviews: int, extractions: int) -> int:
    argv = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    argv += [sys.executable, "-c", _CHILD, str(reviews), str(extractions)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if m is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(m.group(1).replace(",", ""))


def main() -> int:
    base = instructions(0, 0)
    review = (instructions(2, 0) - base) / 2
    pdfium = (instructions(0, 2) - base) / 2
    print(f"instructions per run: review={review / 1e9:.3f} G  pdfium_text={pdfium / 1e9:.3f} G  "
          f"ratio={review / pdfium:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
