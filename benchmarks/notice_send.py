"""Benchmark: render and queue one permission-request notice for 100,000 families (issue 11's figure:
under 60 s, the goal 21 s; the floor measured here for plain inserts of the same rows is ~7 s).

Builds a fresh database with one district, a resource approved with parental permission, and a
generated roster (fictional people on .example addresses): 100,000 guardians, 110,000 students (one
family in ten has two children), one in five families Spanish-speaking, one guardian in twenty
without an e-mail address (their families get letters). Then times `send_notice` — recipients,
exact texts, one outbox row per e-mail, all in one transaction — and prints the wall time and the
process's peak resident memory. Usage:

    python benchmarks/notice_send.py --db sqlite [--families 100000]
    python benchmarks/notice_send.py --db postgres
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.bench_db import fresh_database  # noqa: E402


def configure(db: str) -> None:
    fresh_database(db, "notice-send")


def build_world(families: int) -> tuple[object, object, object]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from vetted.catalog.models import DataElement, DecisionStatus, Resource, ResourceDecision, Vendor
    from vetted.districts.models import District, Membership
    from vetted.rosters.models import GuardianLink, Person

    district = District.objects.create(name="Bench Valley Schools", slug="bench-valley", state="CT")
    admin = get_user_model().objects.create_user(
        username="admin@bench-valley.example", email="admin@bench-valley.example", password=None
    )
    Membership.objects.create(user=admin, district=district, role="admin")
    vendor = Vendor.objects.create(legal_name="Bench Reading Co.")
    resource = Resource.objects.create(name="Bench Reader", vendor=vendor, description="Reading practice.",
                                       data_elements_recorded=True)  # fmt: skip
    resource.data_elements.add(*DataElement.objects.filter(code__in=["student-name", "in-app-performance"]))
    ResourceDecision.objects.create(
        district=district, resource=resource, status=DecisionStatus.APPROVED_WITH_CONSENT
    )
    batch = 5000
    with transaction.atomic():
        for start in range(0, families, batch):
            guardians, students = [], []
            for i in range(start, min(start + batch, families)):
                spanish = i % 5 == 0
                email = "" if i % 20 == 7 else f"family{i}@homes.example"
                guardians.append(Person(district=district, sourced_id=f"g{i}", role="guardian", given_name="Pat",
                                        family_name=f"Family{i}", email=email, language="es" if spanish else ""))  # fmt: skip
                for child in range(2 if i % 10 == 3 else 1):
                    students.append(Person(district=district, sourced_id=f"s{i}-{child}", role="student",
                                           given_name=f"Kid{child}", family_name=f"Family{i}", grade=3 + i % 6,
                                           language="es" if spanish else "en"))  # fmt: skip
            Person.objects.bulk_create(guardians)
            Person.objects.bulk_create(students)
            by_family = {g.family_name: g for g in guardians}
            GuardianLink.objects.bulk_create(
                [
                    GuardianLink(district=district, student=s, guardian=by_family[s.family_name])
                    for s in students
                ]
            )
    return district, resource, admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--families", type=int, default=100_000)
    args = parser.parse_args()
    configure(args.db)
    started = time.perf_counter()
    district, item, admin = build_world(args.families)
    print(
        f"[{args.db}] roster of {args.families:,} families built in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    from vetted.notices.models import Notice
    from vetted.notices.services.send import send_notice
    from vetted.outbox.models import Message

    notice = Notice.objects.create(district=district, kind="permission_request", resource=item,
                                   title="Bench Reader", description="Reading practice.",
                                   purpose="Daily reading in class.", include_students=False)  # fmt: skip
    from django.urls import reverse

    reverse("home")  # load the URL conf first, as a running server has (a one-time ~2 s import)
    started = time.perf_counter()
    send_notice(notice, actor=admin)
    elapsed = time.perf_counter() - started
    notice.refresh_from_db()
    peak_mb = resource_peak_mb()
    print(f"[{args.db}] send_notice for {args.families:,} families: {elapsed:.1f} s "
          f"({notice.counts['emails']:,} e-mails queued, {notice.counts['letters']:,} letters, "
          f"languages {notice.counts['languages']}); outbox rows {Message.objects.count():,}; "
          f"peak memory {peak_mb:.0f} MB")  # fmt: skip


def resource_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
