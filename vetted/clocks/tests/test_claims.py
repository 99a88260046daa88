"""claim_due(): each due row is handled once; a failing handler leaves its row due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vetted.clocks.models import Obligation, ObligationStatus
from vetted.kit.claims import claim, claim_due

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


def _obligation(tenant: Any, n: int) -> Obligation:
    return Obligation.objects.create(
        district=tenant.district, kind="records_access_response", description="Answer the request.",
        subject_type="tests.thing", subject_id=str(n), subject_label=f"Thing {n}", event="rights_request.received",
        event_at=NOW - dt.timedelta(days=10), due_at=NOW - dt.timedelta(days=1), remind_at=NOW - dt.timedelta(days=2),
        citation="Test citation", actor="district", recipient="families", decided_by="us-ct",
    )  # fmt: skip


def _due() -> Any:
    return Obligation.objects.filter(status=ObligationStatus.OPEN, due_at__lte=NOW)


def test_a_row_is_handled_once_however_often_it_is_claimed(tenant: Any) -> None:
    o = _obligation(tenant, 1)
    seen: list[int] = []
    assert claim_due(_due(), "escalated_at", NOW, lambda row: seen.append(row.pk)) == 1
    assert claim_due(_due(), "escalated_at", NOW, lambda row: seen.append(row.pk)) == 0
    assert seen == [o.pk]
    o.refresh_from_db()
    assert o.escalated_at == NOW
    assert not claim(_due(), o.pk, "escalated_at", NOW)  # a racing worker's compare-and-swap loses


def test_a_handler_that_raises_rolls_its_claim_back(tenant: Any) -> None:
    bad, good = _obligation(tenant, 1), _obligation(tenant, 2)

    def handle(row: Obligation) -> None:
        Obligation.objects.filter(pk=row.pk).update(note="handled")  # rolled back with the claim
        if row.pk == bad.pk:
            raise RuntimeError("mail server on fire")

    with pytest.raises(RuntimeError, match="on fire"):
        claim_due(_due().order_by("pk"), "escalated_at", NOW, handle)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.escalated_at, bad.note) == (None, "")  # due again next time
    assert (good.escalated_at, good.note) == (NOW, "handled")  # the bad row did not hold it back
    assert claim_due(_due(), "escalated_at", NOW, lambda row: None) == 1


def test_a_row_that_stops_being_due_is_not_claimed(tenant: Any) -> None:
    first, second = _obligation(tenant, 1), _obligation(tenant, 2)
    seen: list[int] = []

    def handle(row: Obligation) -> None:
        seen.append(row.pk)
        Obligation.objects.filter(pk=second.pk).update(status=ObligationStatus.DONE)  # closed meanwhile

    assert claim_due(_due().order_by("pk"), "escalated_at", NOW, handle) == 1
    assert seen == [first.pk]
    second.refresh_from_db()
    assert second.escalated_at is None


def test_false_spends_the_claim_without_counting_it(tenant: Any) -> None:
    o = _obligation(tenant, 1)
    assert claim_due(_due(), "escalated_at", NOW, lambda row: False) == 0
    o.refresh_from_db()
    assert o.escalated_at == NOW


def test_batch_limits_one_run(tenant: Any) -> None:
    for n in range(3):
        _obligation(tenant, n)
    assert claim_due(_due(), "escalated_at", NOW, lambda row: None, batch=2) == 2
    assert claim_due(_due(), "escalated_at", NOW, lambda row: None, batch=2) == 1
