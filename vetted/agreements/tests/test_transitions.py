"""Agreement transitions: the table allows, refuses, audits; executing starts the policy's clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc
from vetted.agreements.transitions import TRANSITIONS, available
from vetted.audit.models import AuditEvent
from vetted.clocks.selectors import about

from .gate import make_ready

pytestmark = pytest.mark.django_db


def _events(district: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(district=district).order_by("seq").values_list("event_type", flat=True)
    )


def test_happy_path_is_audited_and_sets_term(draft: Agreement, ct: Any) -> None:
    admin = ct.user("admin")
    svc.transition(draft, "send", actor=admin)
    svc.transition(draft, "vendor_sign", actor=admin)
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ct.district.tz)
    make_ready(draft, admin)
    done = svc.transition(draft, "execute", actor=admin, at=at)
    assert done.status == "fully_executed"
    assert done.executed_date == dt.date(2026, 3, 2) == done.effective_date
    assert done.expiry_date == dt.date(2029, 3, 2)  # three years unless set
    events = _events(ct.district)
    for name in ("agreement.created", "agreement.sent", "agreement.vendor_signed", "agreement.executed"):
        assert name in events


@pytest.mark.parametrize(
    ("status", "action"),
    [("draft", "execute"), ("sent_to_vendor", "send"), ("fully_executed", "vendor_sign"),
     ("terminated", "execute"), ("draft", "expire"), ("draft", "supersede"), ("draft", "nonsense")],
)  # fmt: skip
def test_refused_transitions_change_nothing(draft: Agreement, ct: Any, status: str, action: str) -> None:
    Agreement.objects.filter(pk=draft.pk).update(status=status)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        svc.transition(draft, action, actor=ct.user("admin"))
    draft.refresh_from_db()
    assert draft.status == status
    assert AuditEvent.objects.count() == before
    assert not about(draft).exists()


def test_system_only_transitions_are_not_buttons() -> None:
    assert [t.name for t in available("fully_executed")] == ["terminate"]
    assert not TRANSITIONS["expire"].by_person


def test_executing_under_demo_ct_2017_starts_five_business_day_notice(executed: Agreement, ct: Any) -> None:
    rows = {o.kind: o for o in about(executed)}
    notice = rows["family_notice_of_contract"]
    # Monday 2 March 2026 + 5 business days = Monday 9 March, end of day, district time.
    assert notice.due_at == dt.datetime(2026, 3, 9, 23, 59, 59, tzinfo=ct.district.tz)
    assert notice.decided_by == "demo-ct-2017"
    assert "five business days" in notice.citation
    assert notice.status == "open" and notice.recipient == "families"
    assert notice.event_at < notice.remind_at < notice.due_at
    assert "contract_posting" in rows  # the statute's own posting duty
    assert "obligation.started" in _events(ct.district)


def test_closure_days_push_the_due_time(draft: Agreement, ct: Any) -> None:
    from vetted.clocks.models import ClosureDay

    ClosureDay.objects.create(district=ct.district, date=dt.date(2026, 3, 4), reason="Snow day")
    svc.transition(draft, "vendor_sign", actor=ct.user("admin"))
    make_ready(draft, ct.user("admin"))
    svc.transition(
        draft, "execute", actor=ct.user("admin"), at=dt.datetime(2026, 3, 2, 10, tzinfo=ct.district.tz)
    )
    notice = about(draft).get(kind="family_notice_of_contract")
    assert notice.due_at.astimezone(ct.district.tz).date() == dt.date(2026, 3, 10)


def test_terminating_starts_disposition_clock(executed: Agreement, ct: Any) -> None:
    svc.transition(executed, "terminate", actor=ct.user("admin"), reason="Vendor closed the product")
    executed.refresh_from_db()
    assert executed.status == "terminated"
    assert "agreement.terminated" in _events(ct.district)
    # Every pack deadline for agreement.terminated starts here, and the data-disposition obligation
    # (vetted.disposition, through clocks.listeners) always does: one row, the pack's if it sets one.
    from vetted.clocks.calendar import due_times

    expected = due_times(ct.district, "agreement.terminated", dt.datetime.now(dt.UTC))
    kinds = {d.deadline_id for d in expected} | {"vendor_data_disposition"}
    started = about(executed).filter(event="agreement.terminated")
    assert sorted(started.values_list("kind", flat=True)) == sorted(kinds)


def test_renewal_supersedes_the_old_agreement_when_executed(executed: Agreement, ct: Any) -> None:
    admin = ct.user("admin")
    renewal = svc.renew(executed, actor=admin)
    assert renewal.supersedes == executed and renewal.status == "draft"
    assert renewal.effective_date == executed.expiry_date
    with pytest.raises(ValidationError):
        svc.renew(executed, actor=admin)  # one renewal at a time
    svc.transition(renewal, "vendor_sign", actor=admin)
    make_ready(renewal, admin)
    svc.transition(renewal, "execute", actor=admin, at=dt.datetime(2029, 2, 1, 9, tzinfo=ct.district.tz))
    executed.refresh_from_db()
    assert executed.status == "superseded"
    assert "agreement.superseded" in _events(ct.district)


def test_other_framework_needs_a_name(ct: Any, catalog_item: Any) -> None:
    with pytest.raises(ValidationError) as err:
        svc.create_agreement(ct.district, actor=ct.user("admin"), vendor=catalog_item.vendor,
                             data={"title": "X", "kind": "vendor", "security_framework": "other"})  # fmt: skip
    assert "security_framework_other" in err.value.message_dict
