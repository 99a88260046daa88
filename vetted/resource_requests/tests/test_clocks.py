"""The review clock (business days, state holidays) and reminders sent exactly once."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from vetted.audit.models import AuditEvent
from vetted.kit.worker import tick
from vetted.outbox.models import Message
from vetted.resource_requests.models import ReviewPolicy
from vetted.resource_requests.services.clocks import _claim, review_clock
from vetted.resource_requests.tasks import run_request_clocks

from .factories import submitted

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ET)


def test_due_date_skips_weekends_and_thanksgiving(tenant: Any) -> None:
    due, remind = review_clock(tenant.district, ReviewPolicy(), MONDAY)
    # Tue 17 .. Wed 25 are days 1-7, Thu 26 is Thanksgiving, Fri 27 = 8, Mon 30 = 9, Tue Dec 1 = 10.
    assert due == dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=ET)
    assert remind == dt.datetime(2026, 11, 27, 23, 59, 59, tzinfo=ET)


def test_district_closure_days_count_like_holidays(tenant: Any) -> None:
    from vetted.clocks.models import ClosureDay

    ClosureDay.objects.create(
        district=tenant.district, date=dt.date(2026, 11, 24), reason="Staff development"
    )
    due, _ = review_clock(tenant.district, ReviewPolicy(), MONDAY)
    # As above, with Tue 24 closed too: the tenth business day is Wed Dec 2.
    assert due == dt.datetime(2026, 12, 2, 23, 59, 59, tzinfo=ET)


def test_district_deadline_setting_is_used(tenant: Any) -> None:
    due, remind = review_clock(
        tenant.district, ReviewPolicy(review_business_days=3, reminder_business_days=5), MONDAY
    )
    assert due == dt.datetime(2026, 11, 19, 23, 59, 59, tzinfo=ET)
    assert remind == MONDAY  # a reminder lead longer than the deadline: remind at once


def test_the_job_is_registered_with_the_worker() -> None:
    assert "vetted.resource_requests.tasks.run_request_clocks" in settings.VETTED_WORKER_JOBS


def test_reminder_and_escalation_are_sent_once(
    tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        req = submitted(tenant)
    smtp_server.messages.clear()

    def run(at: dt.datetime) -> int:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return run_request_clocks(at)

    assert run(dt.datetime(2026, 11, 27, 12, 0, tzinfo=ET)) == 0
    reminder_time = dt.datetime(2026, 11, 28, 0, 0, tzinfo=ET)
    assert run(reminder_time) == 1
    assert run(reminder_time) == 0  # the job runs again (a restart, a second worker): nothing more
    assert run(reminder_time + dt.timedelta(hours=5)) == 0
    assert [m["To"] for m in smtp_server.messages] == [tenant.user("reviewer").email]
    assert "is due on Tuesday, December 1, 2026" in smtp_server.messages[0].get_payload(decode=True).decode()
    req.refresh_from_db()
    assert req.reminder_sent_at == reminder_time
    assert not _claim(req.pk, "reminder_sent_at", reminder_time)  # a racing worker's claim loses

    overdue_time = dt.datetime(2026, 12, 2, 8, 0, tzinfo=ET)
    assert run(overdue_time) == 1
    assert run(overdue_time) == 0
    assert [m["To"] for m in smtp_server.messages][1:] == [tenant.user("admin").email]
    assert "passed its review deadline" in " ".join(smtp_server.messages[1]["Subject"].split())
    assert AuditEvent.objects.filter(event_type="resource_request.reminder_sent").count() == 1
    assert AuditEvent.objects.filter(event_type="resource_request.overdue").count() == 1
    assert set(Message.objects.values_list("kind", "status")) == {
        ("assigned", "sent"), ("reminder", "sent"), ("overdue", "sent"),
    }  # fmt: skip


def test_decided_requests_get_no_reminders(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    from vetted.resource_requests import services

    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        req = submitted(tenant)
        services.vote(req, actor=tenant.user("reviewer"), outcome="approved")
    assert run_request_clocks(dt.datetime(2026, 12, 5, tzinfo=ET)) == 0


def test_unsent_mail_is_retried_by_the_worker(
    tenant: Any, smtp_server: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1  # nothing listens: the send fails and the row says so
    with django_capture_on_commit_callbacks(execute=True):
        submitted(tenant)
    row = Message.objects.get()
    assert row.status == "failed" and row.attempts == 1 and row.last_error
    settings.EMAIL_PORT = port
    # The outbox drain, once its back-off has passed.
    assert tick(row.next_attempt_at)["vetted.outbox.services.deliver_pending"] == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert len(smtp_server.messages) == 1
