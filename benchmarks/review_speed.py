"""End-to-end speed of contract review on a 40-page text PDF built with reportlab.

Run: `.venv/bin/python benchmarks/review_speed.py [--pages 40]`.
Targets: < 2 s end to end, >= 20 pages/s, < 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from vetted.review import Requirement, review_bytes  # noqa: E402

_CLAUSES = [
    "The Provider shall use Student Data solely to provide the Services described in Exhibit A and for",
    "no other purpose. The Provider shall not sell, rent or trade Student Data, and shall not use Student",
    "Data to direct targeted advertising at students. The Provider shall notify the LEA within seventy-",
    "two (72) hours of discovering any unauthorized access to Student Data. Within sixty (60) days after",
    "the Service Agreement ends, the Provider shall destroy all Student Data. This DPA is governed by the",
    "laws of the state in which the LEA is located. If any term is held invalid, the remaining terms",
    "stay in force. The LEA may audit the Provider's security controls once per year on notice.",
]


def build_pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for page in range(pages):
        y = 740
        c.drawString(72, y, f"ARTICLE {page + 1}: TERMS OF SERVICE PART {page + 1}")
        y -= 20
        index = page  # start each page at a different line, as real pages do
        while y > 80:
            c.drawString(72, y, _CLAUSES[index % len(_CLAUSES)])
            index += 1
            y -= 14
        c.drawString(280, 40, f"Page {page + 1} of {pages}")
        c.showPage()
    c.save()
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    data = build_pdf(args.pages)
    requirements = [Requirement("breach_notification", {"hours": 48}, "bench", ("bench",))]
    review_bytes(data[:0] + data, "warmup.pdf", requirements=requirements)  # import + PDFium init
    started = time.perf_counter()
    result = review_bytes(data, "bench.pdf", requirements=requirements)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    doc = result.document
    found = sum(1 for p in result.provisions if p.detection.found)
    print(f"pages={doc.pages} chars={doc.characters:,} sentences={len(doc.sentences)} found={found}/20")
    print(f"seconds={seconds:.3f} pages_per_second={doc.pages / seconds:.1f} peak_rss_mb={peak_mb:.0f}")
    ok = seconds < 2 and doc.pages / seconds >= 20 and peak_mb < 300
    print("targets met" if ok else "TARGETS MISSED (< 2 s, >= 20 pages/s, < 300 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
