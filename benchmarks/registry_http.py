"""Benchmark: the public registry over real HTTP, against the server as `make run` starts it.

Builds a database of DECISIONS decisions spread over districts of 500 each (the generator of
registry_search.py) plus one district with 20,000 decisions (`bench-big`), starts gunicorn with the
same config file `make run` uses (gunicorn.conf.py: 2 workers x 4 threads), warms it, then for each
request shape measures:

- sequential: one client, keep-alive, p50/p95/p99 over --requests requests;
- concurrent: --clients client threads, req/s and p95;
- the bare SQL floor: the statements the same requests run (captured in-process with Django's
  CaptureQueriesContext) replayed through a plain DB-API connection, timed the same way; and the
  ratio of the HTTP p50/p95 to it.

    python benchmarks/registry_http.py --db sqlite [--decisions 100000] [--requests 200]
    python benchmarks/registry_http.py --db postgres
    VETTED_GC_FREEZE=0 python benchmarks/registry_http.py ...   # without the collector tuning
    python benchmarks/registry_http.py --page-cache ...  # with the rendered-page cache (repeat visits)

The server runs with the page cache (vetted/site/page_cache.py) off unless --page-cache is given:
the main figures are of rendering every request, which is what the SQL floor is compared with.

The database is built once per database kind and size and reused (var/bench/, vetted_bench_http_<N>).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import registry_search as gen  # noqa: E402  (the shared data generator)

BIG_SLUG, BIG_DECISIONS = "bench-big", 20_000


def configure(db: str, decisions: int) -> str:
    if db == "postgres":
        base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/vetted_bench_http")
        url = f"{base}_{decisions}"
        gen._ensure_pg_database(url)
    else:
        path = ROOT / "var" / "bench" / f"registry-http-{decisions}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ["VETTED_DEMO_MODE"] = "1"
    # The SQL floor is captured in this process by rendering each request: never from kept pages.
    os.environ["VETTED_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    os.environ.setdefault("VETTED_API_RATE_ANON", "100000000/minute")
    import django

    django.setup()
    return url


def generate(decisions: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from vetted.catalog.models import Resource, ResourceDecision
    from vetted.districts.models import District

    call_command("migrate", verbosity=0)
    gen.DISTRICTS = max(1, decisions // gen.DECISIONS_PER_DISTRICT)
    have_big = District.objects.filter(slug=BIG_SLUG).exists()
    if not have_big or ResourceDecision.objects.count() < gen.DISTRICTS * gen.DECISIONS_PER_DISTRICT:
        District.objects.filter(slug=BIG_SLUG).delete()
        gen.generate()  # migrates; (re)builds the catalogue and the districts of 500
    if District.objects.filter(slug=BIG_SLUG).exists():
        return
    rng = random.Random(20_000)
    grades = dict(Resource.objects.values_list("id", "grade_min"))
    grades_max = dict(Resource.objects.values_list("id", "grade_max"))
    with transaction.atomic():
        big = District.objects.create(slug=BIG_SLUG, name="Big Bench District", state="CT")
        ResourceDecision.objects.bulk_create(
            (
                ResourceDecision(district=big, resource_id=r, status=rng.choice(gen.STATUSES),
                                 grade_min=grades[r], grade_max=grades_max[r])
                for r in rng.sample(list(grades), min(BIG_DECISIONS, len(grades)))
            ),
            batch_size=5_000,
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"district {BIG_SLUG}: {min(BIG_DECISIONS, len(grades)):,} decisions")


# --- the request shapes ---------------------------------------------------------------------------

Request = tuple[str, dict[str, str]]


def shapes(rng: random.Random, districts: int = 300) -> dict[str, Callable[[], Request]]:
    from vetted.catalog.models import DataElement, ResourceDecision
    from vetted.districts.models import District

    slugs = list(
        District.objects.filter(slug__startswith="bench-")
        .exclude(slug=BIG_SLUG)
        .values_list("slug", flat=True)
    )
    elements = list(DataElement.objects.values_list("code", flat=True))
    sample = [rng.choice(slugs) for _ in range(districts)]
    pairs = list(
        ResourceDecision.objects.filter(district__slug__in=sample[:60]).values_list(
            "district__slug", "resource_id"
        )[: max(2000 * districts // 300, 10)]
    )
    big_pairs = list(
        ResourceDecision.objects.filter(district__slug=BIG_SLUG).values_list("resource_id", flat=True)[:2000]
    )
    d = lambda: rng.choice(sample)  # noqa: E731
    hx = {"HX-Request": "true"}
    json_accept = {"Accept": "application/json"}

    def detail() -> Request:
        slug, rid = rng.choice(pairs)
        return f"/d/{slug}/resources/{rid}/", {}

    def api_detail() -> Request:
        slug, rid = rng.choice(pairs)
        return f"/api/v1/districts/{slug}/registry/{rid}/", json_accept

    return {
        "listing p1": lambda: (f"/d/{d()}/resources/", {}),
        "listing page N": lambda: (f"/d/{d()}/resources/?page={rng.randint(2, 20)}", {}),
        "search": lambda: (f"/d/{d()}/resources/?q={rng.choice(gen.WORDS)}", {}),
        "element filter": lambda: (f"/d/{d()}/resources/?element={rng.choice(elements)}", {}),
        "HX fragment": lambda: (f"/d/{d()}/resources/?q={rng.choice(gen.WORDS)}", hx),
        "HTML detail": detail,
        "API listing": lambda: (f"/api/v1/districts/{d()}/registry/", json_accept),
        "API detail": api_detail,
        "big: listing": lambda: (f"/d/{BIG_SLUG}/resources/?page={rng.randint(1, 50)}", {}),
        "big: search": lambda: (f"/d/{BIG_SLUG}/resources/?q={rng.choice(gen.WORDS)}", {}),
        "big: API listing": lambda: (f"/api/v1/districts/{BIG_SLUG}/registry/", json_accept),
        "big: detail": lambda: (f"/d/{BIG_SLUG}/resources/{rng.choice(big_pairs)}/", {}),
        # Not a registry page: every middleware and one `SELECT 1`, the least any request here costs
        # over HTTP. Beside it, a detail page's ratio to its own SQL floor reads for what it is.
        "floor: /healthz": lambda: ("/healthz", {}),
    }


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, page_cache: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "VETTED_ACCESS_LOG": "",
           "VETTED_PAGE_CACHE": "1" if page_cache else "0"}  # fmt: skip
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


class Http:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str, headers: dict[str, str]) -> float:
        t0 = time.perf_counter()
        try:
            self.conn.request("GET", path, headers=headers)
            response = self.conn.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return self.get(path, headers)
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status not in (200, 304):
            raise SystemExit(f"{path}: HTTP {response.status}")
        return elapsed


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def sequential(port: int, requests: list[Request]) -> list[float]:
    client = Http(port)
    return [client.get(path, headers) for path, headers in requests]


def concurrent(port: int, requests: list[Request], clients: int) -> tuple[float, float]:
    timings: list[float] = []
    lock = threading.Lock()
    chunks = [requests[i::clients] for i in range(clients)]

    def run(chunk: list[Request]) -> None:
        mine = sequential(port, chunk)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return len(timings) / wall, pct(timings, 95)


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) of gunicorn's master and workers so far, from /proc (Linux): the
    server's own cost per request, whatever else the machine (the benchmark's clients) is doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


# --- the SQL floor ------------------------------------------------------------------------------


def capture(requests: list[Request]) -> list[list[str]]:
    """The statements each request runs, as Django sent them (parameters inlined)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    captured = []
    for path, headers in requests:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, (path, response.status_code)
        captured.append(
            [
                q["sql"]
                for q in ctx.captured_queries
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
        )
    return captured


def replay(db: str, url: str, statements: list[list[str]], n: int) -> list[float]:
    if db == "postgres":
        import psycopg

        conn: Any = psycopg.connect(url, autocommit=True)
    else:
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    timings = []
    try:
        for i in range(n):
            t0 = time.perf_counter()
            cursor = conn.cursor()
            for sql in statements[i % len(statements)]:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
    return timings


# --- what the collector does to a request, in-process --------------------------------------------


def gc_report(make: Callable[[], Request], n: int) -> None:
    """Requests through Django's test client with the collector as gunicorn.conf.py leaves it, and
    untouched: how many collections of each generation, their pauses, and the request p99."""
    import gc
    import runpy

    from django.test import Client

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    client = Client()
    for _ in range(100):
        path, headers = make()
        client.get(path, headers=headers)

    def run(label: str) -> None:
        pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        started: list[float] = []

        def callback(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started.append(time.perf_counter())
            elif started:
                pauses[info["generation"]].append((time.perf_counter() - started.pop()) * 1000)

        gc.callbacks.append(callback)
        timings = []
        try:
            for _ in range(n):
                path, headers = make()
                t0 = time.perf_counter()
                client.get(path, headers=headers)
                timings.append((time.perf_counter() - t0) * 1000)
        finally:
            gc.callbacks.remove(callback)
        counts = " ".join(
            f"gen{g}: {len(p)} ({max(p, default=0):.1f} ms max, {sum(p):.0f} ms total)"
            for g, p in pauses.items()
        )
        print(
            f"  {label:<28} p50 {statistics.median(timings):6.1f}  p99 {pct(timings, 99):6.1f} ms | {counts}"
        )

    print(f"collector, in-process, {n} requests of one shape:")
    before = gc.get_threshold()
    run("default collector")
    silent = type("W", (), {"log": type("L", (), {"info": staticmethod(lambda *a: None)})})()
    for gen0 in (700, 10_000, 50_000):
        gc.collect()
        conf["GEN0_THRESHOLD"] = gen0
        conf["post_worker_init"].__globals__["GEN0_THRESHOLD"] = gen0
        conf["post_worker_init"](silent)
        try:
            run(f"frozen {gc.get_freeze_count():,}, gen0 {gc.get_threshold()[0]:,}")
        finally:
            gc.unfreeze()
            gc.set_threshold(*before)


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="per shape, sequential")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--only", help="comma-separated shape names")
    parser.add_argument("--page-cache", action="store_true", help="serve with the rendered-page cache on")
    parser.add_argument("--districts", type=int, default=300,
                        help="how many districts the requests visit (few: repeat visits of the same links)")  # fmt: skip
    parser.add_argument(
        "--gc-report", type=int, metavar="N", help="only: N in-process listing requests, collector on/off"
    )
    args = parser.parse_args()
    url = configure(args.db, args.decisions)
    generate(args.decisions)
    rng = random.Random(7)
    all_shapes = shapes(rng, args.districts)
    if args.gc_report:
        gc_report(all_shapes["listing p1"], args.gc_report)
        return
    wanted = [s.strip() for s in args.only.split(",")] if args.only else list(all_shapes)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_server(port, page_cache=args.page_cache)
    results: list[dict[str, Any]] = []
    freeze = os.environ.get("VETTED_GC_FREEZE", "1") != "0"
    print(
        f"{args.db}, {args.decisions:,} decisions + {BIG_SLUG}; gunicorn.conf.py, gc freeze {'on' if freeze else 'off'}, "
        f"page cache {'on' if args.page_cache else 'off'}"
    )
    print(
        f"{'shape':<18}{'p50':>7}{'p95':>7}{'p99':>7} | {'SQL p50':>7}{'p95':>6}{'ratio50':>8}{'ratio95':>8} | {args.clients} clients req/s   p95  srv ms"
    )
    try:
        warm = Http(port)
        for name in wanted:
            for _ in range(30):
                warm.get(*all_shapes[name]())
        for name in wanted:
            make = all_shapes[name]
            reqs = [make() for _ in range(args.requests)]
            seq = sequential(port, reqs)
            burst = [make() for _ in range(args.requests * 2)]
            cpu_before = server_cpu_seconds(server.pid)
            rps, cp95 = concurrent(port, burst, args.clients)
            server_ms = (server_cpu_seconds(server.pid) - cpu_before) * 1000 / len(burst)
            sql = replay(args.db, url, capture(reqs[:40]), args.requests)
            row = {
                "shape": name,
                "p50_ms": statistics.median(seq),
                "p95_ms": pct(seq, 95),
                "p99_ms": pct(seq, 99),
                "sql_p50_ms": statistics.median(sql),
                "sql_p95_ms": pct(sql, 95),
                "clients": args.clients,
                "req_per_s": rps,
                "concurrent_p95_ms": cp95,
                "server_cpu_ms_per_request": server_ms,
            }
            row["ratio_p50"] = row["p50_ms"] / row["sql_p50_ms"]
            row["ratio_p95"] = row["p95_ms"] / row["sql_p95_ms"]
            results.append(row)
            print(
                f"{name:<18}{row['p50_ms']:7.1f}{row['p95_ms']:7.1f}{row['p99_ms']:7.1f} | "
                f"{row['sql_p50_ms']:7.2f}{row['sql_p95_ms']:6.2f}{row['ratio_p50']:7.1f}x{row['ratio_p95']:7.1f}x | "
                f"{rps:17.0f}{cp95:7.1f}{server_ms:8.2f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if freeze else "_nofreeze"
    (out / f"registry_http_{args.db}_{args.decisions}{suffix}.json").write_text(
        json.dumps(
            {"database": args.db, "decisions": args.decisions, "gc_freeze": freeze, "shapes": results},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
