"""Ending an agreement starts one disposition obligation; its due time worked out by hand (calendar
days after the end's local date, due 23:59:59 in America/New_York): Vetted's default, the agreement's
own figure, a pack's figure, and the stricter of the two."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.clocks.services import start_clocks
from vetted.disposition.models import DispositionLink, DispositionObligation
from vetted.disposition.services.starting import start_disposition
from vetted.outbox.models import Message
from vetted.rules import loader

from .conftest import CONTACT, NY, at, end, reviewed_days

pytestmark = pytest.mark.django_db


def due(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 23, 59, 59, tzinfo=NY)


def test_terminating_starts_one_obligation_with_the_default_60_days(executed: Any, tenant: Any) -> None:
    end(executed, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    ob = DispositionObligation.objects.get(agreement=executed)
    # June 10 + 60 calendar days: 20 to June 30, 31 in July (51), 9 in August -> August 9.
    assert ob.due_at == due(2026, 8, 9)
    assert (ob.days, ob.basis, ob.ended_as, ob.status) == (60, "default", "terminated", "open")
    clock = Obligation.objects.get(subject_type="agreements.agreement", subject_id=str(executed.pk),
                                   kind="vendor_data_disposition")  # fmt: skip
    assert clock.due_at == ob.due_at and clock.chased_by == "disposition" and ob.obligation == clock
    # The vendor is reminded two weeks before: July 26, 23:59:59 in New York.
    assert ob.remind_at == due(2026, 7, 26) and clock.remind_at == ob.remind_at
    # The vendor's privacy contact got a link, queued in the same transaction.
    link = DispositionLink.objects.get(obligation=ob)
    assert link.sent_to == CONTACT and link.expires_at > ob.due_at
    assert Message.objects.filter(kind="disposition.link", to_email=CONTACT).count() == 1
    assert AuditEvent.objects.filter(event_type="disposition.started").count() == 1


def test_idempotent_one_per_agreement_ending(executed: Any, tenant: Any) -> None:
    end(executed, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    with transaction.atomic():
        start_clocks(executed.district, "agreement.terminated", at(2026, 6, 11, 9), subject=executed,
                     actor=tenant.user("admin"))  # fmt: skip
        again = start_disposition(executed, at=at(2026, 6, 12, 9), actor=tenant.user("admin"))
    assert DispositionObligation.objects.filter(agreement=executed).count() == 1
    assert again.due_at == due(2026, 8, 9)
    assert Obligation.objects.filter(kind="vendor_data_disposition").count() == 1
    assert DispositionLink.objects.count() == 1


def test_the_agreements_own_figure_from_its_reviewed_clause(executed: Any, tenant: Any) -> None:
    reviewed_days(executed, 30)
    end(executed, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    ob = DispositionObligation.objects.get(agreement=executed)
    # June 10 + 30: June 30 is day 20, July 10 is day 30.
    assert (ob.due_at, ob.days, ob.basis) == (due(2026, 7, 10), 30, "agreement")
    assert "30 days" in ob.citation


def test_expiry_late_in_the_evening_counts_from_the_local_day(executed: Any) -> None:
    # 23:30 in New York on December 31 is already January 1 in UTC: counting starts from Dec 31.
    end(executed, at(2026, 12, 31, 23, 30), how="expire")
    ob = DispositionObligation.objects.get(agreement=executed)
    assert ob.ended_as == "expired"
    assert ob.due_at == due(2027, 3, 1)  # Dec 31 + 60: Jan 31 is 31, Feb 28 is 59, Mar 1 is 60


TEST_PACK = """\
id: test-disposition-45
name: "Test district policy: disposition within 45 days"
kind: district
district: a test district
jurisdiction: US-CT
extends: us-ct
citations:
  - "Test policy, item 9"
deadlines:
  - id: vendor_data_disposition
    event: agreement.terminated
    actor: vendor
    recipient: district
    duration: 45
    unit: calendar_days
    description: The vendor disposes of student data and certifies it.
    citation: "Test policy, item 9: within 45 days of the end"
"""


@pytest.fixture
def pack_45(tmp_path: Path, monkeypatch: Any, tenant: Any) -> Any:
    root = tmp_path / "packs"
    (root / "districts").mkdir(parents=True)
    for path in loader.PACKS_DIR.glob("*.yaml"):
        (root / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for path in (loader.PACKS_DIR / "districts").glob("*.yaml"):
        (root / "districts" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "districts" / "test-disposition-45.yaml").write_text(TEST_PACK, encoding="utf-8")
    monkeypatch.setattr(loader, "PACKS_DIR", root)
    loader._load_builtin.cache_clear()
    tenant.district.policy_packs = ["test-disposition-45"]
    tenant.district.save(update_fields=["policy_packs"])
    yield tenant
    loader._load_builtin.cache_clear()


def test_a_pack_figure_when_the_agreement_names_none(pack_45: Any, make_executed: Any, tenant: Any) -> None:
    agreement = make_executed()
    end(agreement, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    ob = DispositionObligation.objects.get(agreement=agreement)
    # June 10 + 45: June 30 is 20, July 25 is 45.
    assert (ob.due_at, ob.days, ob.basis) == (due(2026, 7, 25), 45, "pack")
    assert ob.citation.startswith("Test policy, item 9")
    assert Obligation.objects.get(kind="vendor_data_disposition").decided_by == "test-disposition-45"


def test_the_stricter_of_pack_and_agreement(pack_45: Any, make_executed: Any, tenant: Any) -> None:
    looser, stricter = make_executed("Looser"), make_executed("Stricter")
    reviewed_days(looser, 90)  # a contract cannot loosen the district's 45 days
    reviewed_days(stricter, 30)  # but it may promise faster
    end(looser, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    end(stricter, at(2026, 6, 10, 15), actor=tenant.user("admin"))
    a, b = (DispositionObligation.objects.get(agreement=x) for x in (looser, stricter))
    assert (a.due_at, a.basis) == (due(2026, 7, 25), "pack")
    assert (b.due_at, b.basis) == (due(2026, 7, 10), "agreement")
    # The clock row the pack started was moved to the agreement's stricter time, and is chased here.
    clock = Obligation.objects.get(subject_id=str(stricter.pk), kind="vendor_data_disposition")
    assert clock.due_at == due(2026, 7, 10) and clock.chased_by == "disposition"
