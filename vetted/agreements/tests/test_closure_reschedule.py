"""Adding or removing a closure day moves open business-day obligations that span it, and only those."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from vetted.agreements.models import Agreement
from vetted.audit.models import AuditEvent
from vetted.clocks import services as svc
from vetted.clocks.models import ClosureDay, Obligation

pytestmark = pytest.mark.django_db

SNOW_DAY = dt.date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def clocks(executed: Agreement, ct: Any) -> dict[str, Obligation]:
    """Executed Monday 2 March 2026 10:00 (the fixture), plus a breach the vendor found at the same time."""
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ct.district.tz)
    with transaction.atomic():
        svc.start_clocks(ct.district, "breach.discovered", at, subject=executed, actor="test")
    rows = Obligation.objects.filter(district=ct.district)
    return {
        "notice": rows.get(kind="family_notice_of_contract"),  # 5 business days (demo-ct-2017)
        "breach": rows.filter(kind="vendor_breach_notice_to_district")[0],  # 48 hours
    }


def _local(value: dt.datetime, ct: Any) -> dt.datetime:
    return value.astimezone(ct.district.tz)


def test_closure_moves_business_days_and_removal_moves_back(clocks: Any, ct: Any, client_as: Any) -> None:
    admin, tz = ct.user("admin"), ct.district.tz
    # Without closures: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 -> Mon 9 March 23:59:59.
    # Wed 4 closed: Tue 3, Thu 5, Fri 6, Mon 9, Tue 10 -> Tue 10 March 23:59:59.
    # 48 hours from Mon 2 March 10:00 EST is Wed 4 March 10:00 whatever is closed.
    nine, ten = (dt.datetime(2026, 3, d, 23, 59, 59, tzinfo=tz) for d in (9, 10))
    breach_due = dt.datetime(2026, 3, 4, 10, 0, tzinfo=tz)
    assert clocks["notice"].due_at == nine and clocks["breach"].due_at == breach_due

    client_as(admin).post(f"/manage/{ct.district.slug}/obligations/closures/", {"date": "2026-03-04"})
    notice, breach = (Obligation.objects.get(pk=o.pk) for o in (clocks["notice"], clocks["breach"]))
    assert notice.due_at == ten
    assert notice.remind_at == svc.remind_time(notice.event_at, ten)
    assert breach.due_at == breach_due
    moved = AuditEvent.objects.filter(event_type="obligation.rescheduled")
    kinds = sorted(e.details["kind"] for e in moved)
    assert kinds == ["contract_posting", "family_notice_of_contract"]  # both 5-business-day duties
    event = moved.get(subject_id=str(notice.pk))
    assert event.details["old_due_at"] == nine.isoformat() and _local(notice.due_at, ct) == ten

    day = ClosureDay.objects.get(district=ct.district, date=SNOW_DAY)
    client_as(admin).post(f"/manage/{ct.district.slug}/obligations/closures/{day.pk}/remove/")
    notice.refresh_from_db()
    assert notice.due_at == nine and not ClosureDay.objects.exists()
    assert AuditEvent.objects.filter(event_type="obligation.rescheduled").count() == 4
    assert AuditEvent.objects.filter(event_type="closure_day.removed").count() == 1


def test_sent_reminder_stays_sent_and_closed_or_unspanned_do_not_move(clocks: Any, ct: Any) -> None:
    admin, sent = ct.user("admin"), timezone.now()
    Obligation.objects.filter(pk=clocks["notice"].pk).update(reminded_at=sent)
    Obligation.objects.filter(kind="contract_posting").update(status="done")
    with transaction.atomic():
        svc.add_closure_day(ct.district, actor=admin, date=dt.date(2026, 3, 11))  # after the window
    assert AuditEvent.objects.filter(event_type="obligation.rescheduled").count() == 0
    with transaction.atomic():
        svc.add_closure_day(ct.district, actor=admin, date=SNOW_DAY)
    notice = Obligation.objects.get(pk=clocks["notice"].pk)
    assert notice.reminded_at == sent and _local(notice.due_at, ct).date() == dt.date(2026, 3, 10)
    posting = Obligation.objects.get(kind="contract_posting")
    assert _local(posting.due_at, ct).date() == dt.date(2026, 3, 9)  # done: left alone


def test_a_hand_changed_due_time_is_not_rewritten(clocks: Any, ct: Any) -> None:
    custom = dt.datetime(2026, 3, 20, 12, 0, tzinfo=ct.district.tz)
    Obligation.objects.filter(pk=clocks["notice"].pk).update(due_at=custom)
    with transaction.atomic():
        svc.add_closure_day(ct.district, actor=ct.user("admin"), date=SNOW_DAY)
    assert Obligation.objects.get(pk=clocks["notice"].pk).due_at == custom


@pytest.mark.parametrize(
    "who", ["technology_director", "reviewer", "staff", "auditor", "outsider", "anonymous"]
)
def test_only_admins_remove_closure_days(
    clocks: Any, ct: Any, other_tenant: Any, client_as: Any, who: str
) -> None:
    from conftest import denied_status, matrix_user

    with transaction.atomic():
        day = svc.add_closure_day(ct.district, actor=ct.user("admin"), date=SNOW_DAY)
    before = list(Obligation.objects.order_by("pk").values_list("due_at", flat=True))
    client = client_as(matrix_user(who, ct, other_tenant))
    response = client.post(f"/manage/{ct.district.slug}/obligations/closures/{day.pk}/remove/")
    assert response.status_code == denied_status(who, api=False)
    assert ClosureDay.objects.filter(pk=day.pk).exists()
    assert list(Obligation.objects.order_by("pk").values_list("due_at", flat=True)) == before
