"""The worker: each reminder and escalation once, even when the job runs twice; expiry reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from vetted.agreements.models import Agreement
from vetted.agreements.services import agreements as svc
from vetted.agreements.tasks.expiry import run_agreement_expiry
from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.clocks.selectors import about
from vetted.clocks.services import close_obligation
from vetted.clocks.tasks import run_obligation_reminders

from .gate import make_ready

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit mail really runs


def _tick(job: Any) -> int:
    return job(timezone.now())


def test_reminder_then_escalation_each_once(executed: Agreement, ct: Any) -> None:
    notice = about(executed).get(kind="family_notice_of_contract")
    others = about(executed).exclude(pk=notice.pk)
    close_obligation(others.get(), actor=ct.user("admin"), status="done", reason="")
    with time_machine.travel(notice.remind_at - dt.timedelta(minutes=1), tick=False):
        assert _tick(run_obligation_reminders) == 0
    with time_machine.travel(notice.remind_at + dt.timedelta(minutes=1), tick=False):
        assert _tick(run_obligation_reminders) == 1
        assert _tick(run_obligation_reminders) == 0  # second run: nothing new
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.endswith("Due soon: Family notice of contract")
    assert mail.outbox[0].to == [ct.user("admin").email]
    assert "five business days" in mail.outbox[0].body
    with time_machine.travel(notice.due_at + dt.timedelta(seconds=1), tick=False):
        assert _tick(run_obligation_reminders) == 1
        assert _tick(run_obligation_reminders) == 0
    # One message per person (each an outbox row with its own status).
    assert len(mail.outbox) == 3 and all("OVERDUE" in m.subject for m in mail.outbox[1:])
    assert {m.to[0] for m in mail.outbox[1:]} == {
        ct.user("admin").email,
        ct.user("technology_director").email,
    }
    notice.refresh_from_db()
    assert notice.reminded_at and notice.escalated_at
    kinds = AuditEvent.objects.filter(district=ct.district).values_list("event_type", flat=True)
    assert list(kinds).count("obligation.reminded") == 1 and list(kinds).count("obligation.escalated") == 1


def test_closed_obligations_are_not_chased(executed: Agreement, ct: Any) -> None:
    for o in Obligation.objects.all():
        close_obligation(o, actor=ct.user("admin"), status="waived", reason="Handled on paper")
    with time_machine.travel(dt.datetime(2027, 1, 1, tzinfo=dt.UTC), tick=False):
        assert _tick(run_obligation_reminders) == 0
    assert mail.outbox == []


def test_expiry_reminders_90_and_30_days_then_expiry(executed: Agreement, ct: Any) -> None:
    for o in Obligation.objects.all():
        close_obligation(o, actor=ct.user("admin"), status="done", reason="")
    expiry = executed.expiry_date
    assert expiry is not None
    with time_machine.travel(
        dt.datetime.combine(expiry - dt.timedelta(days=91), dt.time(12), dt.UTC), tick=False
    ):
        assert _tick(run_agreement_expiry) == 0
    with time_machine.travel(
        dt.datetime.combine(expiry - dt.timedelta(days=89), dt.time(12), dt.UTC), tick=False
    ):
        assert _tick(run_agreement_expiry) == 1
        assert _tick(run_agreement_expiry) == 0
    with time_machine.travel(
        dt.datetime.combine(expiry - dt.timedelta(days=29), dt.time(12), dt.UTC), tick=False
    ):
        assert _tick(run_agreement_expiry) == 1
        assert _tick(run_agreement_expiry) == 0
    # Two reminders (90 and 30 days), each to the admin and the technology director.
    assert len(mail.outbox) == 4 and all("expires on" in m.subject for m in mail.outbox)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ct.user("admin").email, ct.user("technology_director").email] * 2
    )
    with time_machine.travel(
        dt.datetime.combine(expiry + dt.timedelta(days=1), dt.time(12), dt.UTC), tick=False
    ):
        assert _tick(run_agreement_expiry) == 1
        assert _tick(run_agreement_expiry) == 0
    executed.refresh_from_db()
    assert executed.status == "expired" and executed.offer_end_reason == "expired"


def test_renewal_after_expiry_supersedes(executed: Agreement, ct: Any) -> None:
    Agreement.objects.filter(pk=executed.pk).update(status="expired")
    executed.refresh_from_db()
    renewal = svc.renew(executed, actor=ct.user("admin"))
    svc.transition(renewal, "vendor_sign", actor=ct.user("admin"))
    make_ready(renewal, ct.user("admin"))
    svc.transition(renewal, "execute", actor=ct.user("admin"))
    executed.refresh_from_db()
    assert executed.status == "superseded"
