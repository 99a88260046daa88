"""Benchmark: public registry search at consortium scale.

Generates 2,000 districts, 20,000 resources and 1,000,000 district decisions (once per database,
reused on later runs), then times warm registry search requests through Django's test client and
reports p50/p95. Usage:

    python benchmarks/registry_search.py --db sqlite
    python benchmarks/registry_search.py --db postgres

`--districts N` generates a smaller data set (N districts x 500 decisions over 10*N resources) in
its own database, for a shared machine: `--db sqlite --districts 200`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DISTRICTS, RESOURCES, DECISIONS_PER_DISTRICT = 2_000, 20_000, 500
WORDS = ["writing", "math", "science", "reading", "maps", "music", "coding", "studio", "lab", "quiz", "video",
         "library", "portfolio", "tutor", "games", "planner", "journal", "flashcards", "history", "art"]  # fmt: skip
STATUSES = ["approved", "approved_with_parental_consent", "pending", "not_approved", "retired"]


def configure(db: str, districts: int = 2_000) -> str:
    global DISTRICTS, RESOURCES
    suffix = "" if districts == 2_000 else f"_{districts}"
    DISTRICTS, RESOURCES = districts, max(districts * 10, DECISIONS_PER_DISTRICT)
    if db == "postgres":
        url = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/vetted_bench{suffix}")
        _ensure_pg_database(url)
    else:
        path = ROOT / "var" / "bench" / f"registry{suffix}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    # Hundreds of anonymous API calls a minute, run after run: the throttle would answer 429.
    os.environ.setdefault("VETTED_API_RATE_ANON", "1000000/minute")
    import django

    django.setup()
    return url


def _ensure_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate() -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from vetted.catalog.models import (
        DataElement,
        Resource,
        ResourceDecision,
        Subject,
        Vendor,
        build_search_text,
    )
    from vetted.districts.models import District

    call_command("migrate", verbosity=0)
    if ResourceDecision.objects.count() >= DISTRICTS * DECISIONS_PER_DISTRICT:
        print("data already generated")
        return
    rng = random.Random(42)
    t0 = time.perf_counter()
    with transaction.atomic():
        ResourceDecision.objects.all().delete()
        Resource.data_elements.through.objects.all().delete()
        Resource.subjects.through.objects.all().delete()
        Resource.objects.all().delete()
        Vendor.objects.all().delete()
        District.objects.filter(slug__startswith="bench-").delete()
        District.objects.bulk_create(
            District(slug=f"bench-{i:04d}", name=f"Bench District {i:04d}", state="CT")
            for i in range(DISTRICTS)
        )
        Vendor.objects.bulk_create(
            Vendor(legal_name=f"Vendor {i:04d} {rng.choice(WORDS).title()} Inc.") for i in range(2_000)
        )
        vendor_ids = list(Vendor.objects.values_list("id", flat=True))
        vendor_names = dict(Vendor.objects.values_list("id", "legal_name"))

        def make(i: int) -> Resource:
            name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i:05d}"
            vendor_id = rng.choice(vendor_ids)
            description = f"An online {rng.choice(WORDS)} resource for {rng.choice(WORDS)}."
            low = rng.choice([None, -1, 0, 3, 6, 9])
            return Resource(
                name=name, vendor_id=vendor_id, description=description,
                search_text=build_search_text(name, vendor_names[vendor_id], description),
                grade_min=low, grade_max=None if low is None else rng.randint(max(low, 0), 12),
            )  # fmt: skip

        Resource.objects.bulk_create((make(i) for i in range(RESOURCES)), batch_size=5_000)
        resource_ids = list(Resource.objects.values_list("id", flat=True))
        element_ids = list(DataElement.objects.values_list("id", flat=True))
        subject_ids = list(Subject.objects.values_list("id", flat=True))
        through_e, through_s = Resource.data_elements.through, Resource.subjects.through
        through_e.objects.bulk_create(
            (
                through_e(resource_id=r, dataelement_id=e)
                for r in resource_ids
                for e in rng.sample(element_ids, 6)
            ),
            batch_size=10_000,
        )
        through_s.objects.bulk_create(
            (
                through_s(resource_id=r, subject_id=s)
                for r in resource_ids
                for s in rng.sample(subject_ids, 2)
            ),
            batch_size=10_000,
        )
    print(f"catalogue generated in {time.perf_counter() - t0:.1f}s")
    district_ids = list(District.objects.filter(slug__startswith="bench-").values_list("id", flat=True))
    grades = dict(Resource.objects.values_list("id", "grade_min"))
    grades_max = dict(Resource.objects.values_list("id", "grade_max"))
    t0 = time.perf_counter()
    for n, district_id in enumerate(district_ids):
        with transaction.atomic():
            ResourceDecision.objects.bulk_create(
                (
                    ResourceDecision(district_id=district_id, resource_id=r, status=rng.choice(STATUSES),
                                     grade_min=grades[r], grade_max=grades_max[r])
                    for r in rng.sample(resource_ids, DECISIONS_PER_DISTRICT)
                ),
                batch_size=5_000,
            )  # fmt: skip
        if n % 400 == 0:
            print(f"  decisions: {n * DECISIONS_PER_DISTRICT:,}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{DISTRICTS * DECISIONS_PER_DISTRICT:,} decisions generated in {time.perf_counter() - t0:.1f}s")


def queries(rng: random.Random) -> list[str]:
    from vetted.catalog.models import DataElement, Subject

    elements = list(DataElement.objects.values_list("code", flat=True))
    subjects = list(Subject.objects.values_list("slug", flat=True))
    shapes = [
        lambda: "",
        lambda: f"q={rng.choice(WORDS)}",
        lambda: f"q={rng.choice(WORDS)}&status={rng.choice(STATUSES)}",
        lambda: f"grade={rng.choice(['K', '3', '7', '11'])}",
        lambda: f"element={rng.choice(elements)}",
        lambda: f"subject={rng.choice(subjects)}&grade={rng.randint(1, 12)}",
        lambda: f"vendor=vendor+{rng.randint(0, 1999):04d}",
        lambda: f"q={rng.choice(WORDS)}&element={rng.choice(elements)}&status=approved",
        lambda: f"page={rng.randint(2, 10)}",
    ]
    return [
        f"/d/bench-{rng.randint(0, DISTRICTS - 1):04d}/resources/?{rng.choice(shapes)()}" for _ in range(600)
    ]


def measure(db: str) -> dict[str, float | int | str]:
    from django.test import Client

    client = Client()
    rng = random.Random(7)
    urls = queries(rng)
    for url in urls[:100]:  # warm: connections, template cache, database pages
        assert client.get(url).status_code == 200, url
    from django.db import connection

    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    timings = []
    with connection.execute_wrapper(count):
        for url in urls[100:]:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, url
    html_statements, statements[0] = statements[0], 0
    api_timings = []
    with connection.execute_wrapper(count):
        for url in urls[100:300]:
            api_url = url.replace("/d/", "/api/v1/districts/").replace("/resources/", "/registry/")
            t0 = time.perf_counter()
            response = client.get(api_url)
            api_timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code in (200, 404), api_url  # 404: a page past the end
    timings.sort()
    api_timings.sort()
    return {
        "database": db,
        "requests": len(timings),
        "html_p50_ms": round(statistics.median(timings), 2),
        "html_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "api_p50_ms": round(statistics.median(api_timings), 2),
        "api_p95_ms": round(api_timings[int(len(api_timings) * 0.95) - 1], 2),
        "html_queries_per_request": round(html_statements / len(timings), 2),
        "api_queries_per_request": round(statements[0] / len(api_timings), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--districts", type=int, default=2_000, help="2,000: the full data set")
    args = parser.parse_args()
    configure(args.db, args.districts)
    generate()
    result = measure(args.db)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.districts == 2_000 else f"_{args.districts}"
    (out / f"registry_search_{args.db}{suffix}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
