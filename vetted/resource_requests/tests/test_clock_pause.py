"""The review clock pauses while the committee waits for the requester's answer: the answer pushes
the deadline (and a pending reminder) later by the business days waited; the worker sends nothing
for a request that is waiting; a reminder already sent is not sent again."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vetted.audit.models import AuditEvent
from vetted.outbox.models import Message
from vetted.resource_requests import services
from vetted.resource_requests.models import ResourceRequest
from vetted.resource_requests.selectors import is_overdue
from vetted.resource_requests.services.clocks import _claim, business_days_between
from vetted.resource_requests.tasks import run_request_clocks
from vetted.rules import BusinessCalendar

from .factories import submitted

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
# Submitted Monday Nov 16, 2026: due Tue Dec 1 23:59:59, reminder Fri Nov 27 23:59:59 (test_clocks.py).
MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ET)
ORIGINAL_DUE = dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=ET)


@pytest.fixture
def at(django_capture_on_commit_callbacks: Any) -> Any:
    """Run `fn` at a frozen local time, with after-commit work (the outbox's sends) executed."""

    def _at(when: dt.datetime, fn: Any) -> Any:
        with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
            return fn()

    return _at


def ask(tenant: Any, req: ResourceRequest) -> ResourceRequest:
    return services.request_information(req, actor=tenant.user("reviewer"), question="Does it show ads?")


def answer(tenant: Any, req: ResourceRequest) -> ResourceRequest:
    return services.respond(req, actor=tenant.user("staff"), answer="No ads, says the vendor.")


def test_the_calendar_this_test_relies_on(tenant: Any) -> None:
    calendar = BusinessCalendar(tenant.district.state)
    assert calendar.holiday_name(dt.date(2026, 11, 26)) == "Thanksgiving Day"
    assert calendar.is_business_day(dt.date(2026, 11, 27))  # the Friday after is a working day in CT


def test_waiting_over_a_weekend_and_a_holiday_moves_the_deadline(tenant: Any, at: Any) -> None:
    req = at(MONDAY, lambda: submitted(tenant))
    asked = dt.datetime(2026, 11, 25, 9, 0, tzinfo=ET)  # Wednesday before Thanksgiving
    answered = dt.datetime(2026, 11, 30, 11, 0, tzinfo=ET)  # the Monday after
    req = at(asked, lambda: ask(tenant, req))
    assert req.information_requested_at == asked
    req = at(answered, lambda: answer(tenant, req))
    # By hand: the day of the question does not count (as for due_at). Thu 26 Thanksgiving (no),
    # Fri 27 (1), Sat 28 and Sun 29 (no), Mon 30 the day of the answer (2): 2 business days waited.
    # Due Tue Dec 1 + 2 business days = Wed Dec 2 (1), Thu Dec 3 (2) -> Thu Dec 3 23:59:59.
    # Reminder Fri Nov 27 + 2 = Mon Nov 30 (1), Tue Dec 1 (2) -> Tue Dec 1 23:59:59 (still 2 days before).
    req.refresh_from_db()
    new_due = dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=ET)
    assert req.due_at == new_due
    assert req.remind_at == dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=ET)
    assert req.information_requested_at is None and req.state == "in_review"
    event = AuditEvent.objects.get(event_type="resource_request.information_provided")
    assert event.details["waited_business_days"] == 2
    assert dt.datetime.fromisoformat(event.details["old_due_at"]) == ORIGINAL_DUE
    assert dt.datetime.fromisoformat(event.details["new_due_at"]) == new_due


def test_an_answer_on_the_same_day_moves_nothing(tenant: Any, at: Any) -> None:
    req = at(MONDAY, lambda: submitted(tenant))
    req = at(dt.datetime(2026, 11, 18, 9, 0, tzinfo=ET), lambda: ask(tenant, req))
    req = at(dt.datetime(2026, 11, 18, 16, 30, tzinfo=ET), lambda: answer(tenant, req))
    req.refresh_from_db()
    assert req.due_at == ORIGINAL_DUE
    assert (
        AuditEvent.objects.get(event_type="resource_request.information_provided").details[
            "waited_business_days"
        ]
        == 0
    )


def test_business_days_between_counts_like_the_deadline(tenant: Any) -> None:
    friday = dt.datetime(2026, 11, 20, 17, 0, tzinfo=ET)
    assert business_days_between(tenant.district, friday, friday + dt.timedelta(days=3)) == 1  # Monday
    assert business_days_between(tenant.district, friday, friday + dt.timedelta(hours=1)) == 0


def test_no_reminder_or_escalation_while_the_requester_is_asked(tenant: Any, at: Any) -> None:
    req = at(MONDAY, lambda: submitted(tenant))
    req = at(dt.datetime(2026, 11, 18, 9, 0, tzinfo=ET), lambda: ask(tenant, req))
    # Past the old reminder time and past the old deadline: the worker leaves the waiting request alone.
    for when in (dt.datetime(2026, 11, 28, 0, 0, tzinfo=ET), dt.datetime(2026, 12, 2, 8, 0, tzinfo=ET)):
        assert at(when, lambda w=when: run_request_clocks(w)) == 0
        assert not _claim(req.pk, "reminder_sent_at", when)  # nor can a racing worker claim it
        assert not is_overdue(req, when)  # and the page does not call it overdue
    req.refresh_from_db()
    assert req.reminder_sent_at is None and req.escalated_at is None
    assert set(Message.objects.values_list("kind", flat=True)) == {"assigned", "information_requested"}
    assert not AuditEvent.objects.filter(
        event_type__in=["resource_request.reminder_sent", "resource_request.overdue"]
    ).exists()


def test_after_the_answer_the_reminder_and_escalation_follow_the_moved_deadline(tenant: Any, at: Any) -> None:
    req = at(MONDAY, lambda: submitted(tenant))
    req = at(dt.datetime(2026, 11, 25, 9, 0, tzinfo=ET), lambda: ask(tenant, req))
    assert (
        at(
            dt.datetime(2026, 11, 28, 0, 0, tzinfo=ET),
            lambda: run_request_clocks(dt.datetime(2026, 11, 28, 0, 0, tzinfo=ET)),
        )
        == 0
    )
    req = at(dt.datetime(2026, 11, 30, 11, 0, tzinfo=ET), lambda: answer(tenant, req))  # due Thu Dec 3 now

    def run(when: dt.datetime) -> int:
        return int(at(when, lambda: run_request_clocks(when)))

    assert run(dt.datetime(2026, 11, 30, 12, 0, tzinfo=ET)) == 0  # new reminder time: end of Tue Dec 1
    assert run(dt.datetime(2026, 12, 2, 0, 0, tzinfo=ET)) == 1  # the reminder
    assert run(dt.datetime(2026, 12, 3, 12, 0, tzinfo=ET)) == 0  # not overdue on the new due day
    assert run(dt.datetime(2026, 12, 4, 0, 0, tzinfo=ET)) == 1  # the escalation
    assert Message.objects.filter(kind="reminder").count() == 1
    assert Message.objects.filter(kind="overdue").count() == 1


def test_a_reminder_sent_before_the_question_stays_sent(tenant: Any, at: Any) -> None:
    req = at(MONDAY, lambda: submitted(tenant))
    reminded = dt.datetime(2026, 11, 28, 0, 0, tzinfo=ET)
    assert at(reminded, lambda: run_request_clocks(reminded)) == 1
    req = at(dt.datetime(2026, 11, 30, 9, 0, tzinfo=ET), lambda: ask(tenant, req))
    req = at(dt.datetime(2026, 12, 2, 10, 0, tzinfo=ET), lambda: answer(tenant, req))
    # By hand: Tue Dec 1 (1), Wed Dec 2 the answer (2): due Tue Dec 1 -> Thu Dec 3 23:59:59.
    req.refresh_from_db()
    assert req.due_at == dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=ET)
    assert req.reminder_sent_at == reminded
    for when in (dt.datetime(2026, 12, 2, 11, 0, tzinfo=ET), dt.datetime(2026, 12, 3, 12, 0, tzinfo=ET)):
        assert at(when, lambda w=when: run_request_clocks(w)) == 0
    assert Message.objects.filter(kind="reminder").count() == 1
    assert AuditEvent.objects.filter(event_type="resource_request.reminder_sent").count() == 1


def test_the_page_says_the_clock_is_paused(tenant: Any, client_as: Any) -> None:
    req = ask(tenant, submitted(tenant))
    page = client_as(tenant.user("staff")).get(f"/manage/{tenant.district.slug}/resource-requests/{req.pk}/")
    assert "the clock is paused until the requester answers" in page.content.decode()
