"""Benchmark: a notice's printed letters (issue 11, item 5): seconds and peak memory for 2,000 and
10,000 letters, to show memory does not grow with the count.

Each count runs in a child process of its own (peak RSS only ever rises within a process): it migrates
a fresh SQLite database under var/bench/, makes a district, N fictional students and a sent permission
request with one letter per student (English and Spanish alternating, each with a reply slip), then
prints them with `vetted.notices.services.letters.print_letters` and reports the wall time, the pages,
the file's size, the process's peak resident memory before printing and after, and the Python heap's
peak while printing (tracemalloc, when --tracemalloc is given; it slows printing). Usage:

    python benchmarks/notice_letters.py [--counts 2000,10000] [--kind permission_request] [--tracemalloc]
    python benchmarks/notice_letters.py --join pdfium   # the same files joined with pypdfium2, to compare
    python benchmarks/notice_letters.py --join-only 2000,10000,50000   # the joining step alone

`--join-only` renders one chunk of CHUNK letters once, then joins that chunk file repeated to make the
given numbers of letters, each in a child process that does nothing else (no Django, no WeasyPrint),
with the streaming joiner and with PDFium's import_pages: the memory of the joining step by itself.
Rendering is bounded by construction (one WeasyPrint document per chunk, freed before the next).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM (Linux; reset by exec, unlike ru_maxrss, which a child
    started by a big parent inherits), else getrusage."""
    with suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def configure(count: int) -> None:
    path = ROOT / "var" / "bench" / f"letters-{count}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["VETTED_MEDIA_ROOT"] = str(ROOT / "var" / "bench" / "media")
    os.environ.setdefault("VETTED_DEMO_MODE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_notice(count: int, kind: str) -> object:
    """A sent notice with `count` letters (its texts rendered from the shipped wording)."""
    from django.utils import timezone

    from vetted.catalog.models import Resource, Vendor
    from vetted.districts.models import District
    from vetted.notices import links, wording
    from vetted.notices.models import Notice, NoticeText, Recipient, RecipientStudent
    from vetted.notices.services.send import common_values
    from vetted.rosters.models import Person

    district = District.objects.create(name="Bench Public Schools", slug="bench", state="CT",
                                       public_contact_email="privacy@bench.example")  # fmt: skip
    vendor = Vendor.objects.create(legal_name="Quillstone Learning Inc.")
    resource_ = Resource.objects.create(vendor=vendor, name="Quillstone Reader")
    notice = Notice.objects.create(
        district=district, kind=kind, resource=resource_, title="Quillstone Reader", status="sent",
        description="An online reading program.", purpose="Daily reading practice in class.",
        sent_at=timezone.now(),
    )  # fmt: skip
    for code in ("en", "es"):
        lang, src = wording.language(code), wording.shipped_wording(code, kind)
        assert src is not None
        values = common_values(notice, lang)
        subject = wording.render(wording.compile_text(src.subject), values, keep=wording.PER_RECIPIENT)
        body = wording.render(wording.compile_text(src.body), values, keep=wording.PER_RECIPIENT)
        NoticeText.objects.create(notice=notice, language=code, subject=subject, body=body,
                                  sha256=wording.version_hash(subject, body))  # fmt: skip
    batch = 2000
    for start in range(0, count, batch):
        people = Person.objects.bulk_create(
            [Person(district=district, sourced_id=f"s-{i}", role="student", given_name=f"Student{i}",
                    family_name=f"Family{i}") for i in range(start, min(count, start + batch))]
        )  # fmt: skip
        rows = Recipient.objects.bulk_create(
            [Recipient(district=district, notice=notice, channel="letter", name=f"{p.given_name} {p.family_name}",
                       language="es" if i % 2 else "en", token_nonce=links.new_nonce())
             for i, p in enumerate(people, start)]
        )  # fmt: skip
        RecipientStudent.objects.bulk_create(
            [
                RecipientStudent(district=district, recipient=r, student=p)
                for r, p in zip(rows, people, strict=True)
            ]
        )
    return notice


def join_with_pdfium(paths: list[Path], target: Path) -> None:
    """For comparison: PDFium's import_pages into one document, then save (the whole output in memory)."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    for path in paths:
        src = pypdfium2.PdfDocument(str(path))
        out.import_pages(src)
        src.close()
    out.save(str(target))
    out.close()


def child(count: int, kind: str, trace: bool, join: str) -> dict[str, object]:
    configure(count)
    notice = make_notice(count, kind)
    from vetted.notices.services import letters

    before = peak_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    if join == "pdfium":
        import tempfile

        words = letters._Wording(notice)  # type: ignore[arg-type]
        pages = 0
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for batch in letters._chunks(notice, letters.CHUNK):  # type: ignore[arg-type]
                target = Path(folder) / f"{len(paths):06d}.pdf"
                pages += letters.render_chunk(notice, [words.letter(r, n) for r, n in batch], target)  # type: ignore[arg-type]
                paths.append(target)
            rendered = time.perf_counter()
            out = Path(folder) / "all.pdf"
            join_with_pdfium(paths, out)
            size = out.stat().st_size
        result: dict[str, object] = {"pages": pages, "size_mb": round(size / 2**20, 1),
                                     "join_seconds": round(time.perf_counter() - rendered, 1)}  # fmt: skip
    else:
        printed = letters.print_letters(notice)  # type: ignore[arg-type]
        result = {"pages": printed.pages, "size_mb": round(printed.stored.size / 2**20, 1)}
    seconds = time.perf_counter() - started
    if trace:
        import tracemalloc

        result["python_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    result.update(letters=count, seconds=round(seconds, 1), letters_per_second=round(count / seconds, 1),
                  rss_before_mb=round(before, 1), peak_rss_mb=round(peak_mb(), 1), join=join)  # fmt: skip
    return result


def join_child(method: str, chunk_file: Path, copies: int) -> dict[str, object]:
    target = ROOT / "var" / "bench" / f"letters-joined-{method}.pdf"
    started = time.perf_counter()
    if method == "pdfium":
        join_with_pdfium([chunk_file] * copies, target)
    else:
        from vetted.notices.pdfjoin import join

        with target.open("wb") as out:
            for block in join([chunk_file] * copies):
                out.write(block)
    seconds, peak = time.perf_counter() - started, peak_mb()  # before PDFium opens the result
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(target))
    pages = len(pdf)
    pdf.close()
    size = target.stat().st_size
    target.unlink()
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak, 1), "pages": pages,
            "size_mb": round(size / 2**20, 1)}  # fmt: skip


def join_only(counts: list[int], kind: str) -> int:
    configure(100)
    from vetted.notices.services import letters

    chunk_file = ROOT / "var" / "bench" / f"letters-chunk-{kind}.pdf"
    if not chunk_file.exists():
        notice = make_notice(letters.CHUNK, kind)
        words = letters._Wording(notice)  # type: ignore[arg-type]
        batch = next(letters._chunks(notice, letters.CHUNK))  # type: ignore[arg-type]
        letters.render_chunk(notice, [words.letter(r, n) for r, n in batch], chunk_file)  # type: ignore[arg-type]
    for count in counts:
        copies = max(1, count // letters.CHUNK)
        for method in ("stream", "pdfium"):
            command = [sys.executable, __file__, "--join-child", method, "--copies", str(copies),
                       "--chunk-file", str(chunk_file)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"join {copies * letters.CHUNK:>6} letters ({copies} chunk files, {method}): {r['pages']} pages, "
                  f"{r['size_mb']} MB, {r['seconds']} s; peak RSS {r['peak_rss_mb']} MB", flush=True)  # fmt: skip
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="2000,10000")
    parser.add_argument(
        "--kind", default="permission_request", choices=["permission_request", "contract_executed"]
    )
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--join", default="stream", choices=["stream", "pdfium"])
    parser.add_argument("--join-only", default="")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--join-child", help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--chunk-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.join_child:
        print(json.dumps(join_child(args.join_child, Path(args.chunk_file), args.copies)), flush=True)
        return 0
    if args.join_only:
        return join_only([int(c) for c in args.join_only.split(",") if c.strip()], args.kind)
    if args.child:
        print(json.dumps(child(args.child, args.kind, args.tracemalloc, args.join)), flush=True)
        return 0
    for count in [int(c) for c in args.counts.split(",") if c.strip()]:
        command = [sys.executable, __file__, "--child", str(count), "--kind", args.kind, "--join", args.join]
        command += ["--tracemalloc"] if args.tracemalloc else []
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        heap = f", Python heap peak {r['python_heap_peak_mb']} MB" if "python_heap_peak_mb" in r else ""
        extra = f" (join {r['join_seconds']} s)" if "join_seconds" in r else ""
        print(f"{r['letters']:>6} letters ({args.kind}, join={r['join']}): {r['pages']} pages, "
              f"{r['size_mb']} MB, {r['seconds']} s{extra} ({r['letters_per_second']}/s); peak RSS "
              f"{r['peak_rss_mb']} MB (after setup {r['rss_before_mb']} MB){heap}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
