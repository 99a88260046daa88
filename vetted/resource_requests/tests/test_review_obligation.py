"""The committee's review deadline is an obligation with its citation: started on submission (from
the district's policy pack, or the review settings without one), moved when the clock pauses,
closed when the request is decided or withdrawn, listed on the obligations page and in the feed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from vetted.audit.models import AuditEvent
from vetted.clocks.models import CalendarFeed, Obligation
from vetted.clocks.selectors import about
from vetted.resource_requests import services
from vetted.resource_requests.models import ReviewPolicy

from .factories import draft, submitted

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=ET)
DUE = dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=ET)  # ten business days, Thanksgiving skipped


@pytest.fixture
def demo_pack(tenant: Any) -> Any:
    tenant.district.policy_packs = ["demo-ct-2017"]
    tenant.district.save(update_fields=["policy_packs"])
    return tenant


def _submit(tenant: Any) -> Any:
    with time_machine.travel(MONDAY, tick=False):
        return submitted(tenant)


def review(req: Any) -> Obligation:
    return about(req).get(kind="committee_review")


def test_submit_starts_an_obligation_cited_from_the_policy_pack(demo_pack: Any) -> None:
    req = _submit(demo_pack)
    o = review(req)
    assert (o.status, o.event, o.decided_by) == ("open", "resource_request.submitted", "demo-ct-2017")
    assert "Staff Request for Approval of Technology Resources" in o.citation
    assert o.subject_path == f"/manage/{demo_pack.district.slug}/resource-requests/{req.pk}/"
    assert o.subject_label == str(req) and o.chased_by == "resource_requests"
    assert (
        (req.due_at, req.remind_at)
        == (o.due_at, o.remind_at)
        == (DUE, dt.datetime(2026, 11, 27, 23, 59, 59, tzinfo=ET))
    )
    started = AuditEvent.objects.get(event_type="obligation.started", subject_id=str(req.pk))
    assert started.details["obligations"][0]["citation"] == o.citation


def test_without_a_pack_line_the_review_settings_set_it(tenant: Any) -> None:
    req = _submit(tenant)
    o = review(req)
    assert o.decided_by == "review settings" and o.due_at == req.due_at == DUE
    assert o.citation.startswith("District review settings") and "10 business days" in o.citation


def test_settings_may_shorten_the_pack_never_lengthen_it(demo_pack: Any) -> None:
    ReviewPolicy.objects.create(district=demo_pack.district, review_business_days=15)
    assert review(_submit(demo_pack)).due_at == DUE  # the pack's 10 days stand
    ReviewPolicy.objects.filter(district=demo_pack.district).update(review_business_days=3)
    with time_machine.travel(MONDAY, tick=False):
        quick = submitted(demo_pack, resource_name="Quill Notes")
    o = review(quick)
    assert o.decided_by == "review settings" and "stricter than the policy pack" in o.citation
    assert o.due_at == quick.due_at == dt.datetime(2026, 11, 19, 23, 59, 59, tzinfo=ET)


def test_deciding_closes_it(demo_pack: Any) -> None:
    req = _submit(demo_pack)
    services.vote(req, actor=demo_pack.user("reviewer"), outcome="approved")
    o = review(req)
    assert o.status == "done" and o.closed_by == demo_pack.user("reviewer") and "Approved" in o.close_reason
    assert AuditEvent.objects.filter(event_type="obligation.done", subject_id=str(o.pk)).count() == 1


def test_withdrawing_waives_it(demo_pack: Any) -> None:
    req = _submit(demo_pack)
    services.withdraw(req, actor=demo_pack.user("staff"))
    o = review(req)
    assert o.status == "waived" and "withdrew" in o.close_reason


def test_a_draft_has_no_obligation(demo_pack: Any) -> None:
    assert not about(draft(demo_pack)).exists()


def test_pause_and_resume_move_the_obligation_with_the_request(demo_pack: Any) -> None:
    req = _submit(demo_pack)
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=ET), tick=False):
        services.request_information(req, actor=demo_pack.user("reviewer"), question="Does it show ads?")
    with time_machine.travel(dt.datetime(2026, 11, 30, 11, 0, tzinfo=ET), tick=False):
        services.respond(req, actor=demo_pack.user("staff"), answer="No ads, says the vendor.")
    req.refresh_from_db()
    o = review(req)
    assert (
        req.due_at == o.due_at == dt.datetime(2026, 12, 3, 23, 59, 59, tzinfo=ET)
    )  # two business days waited
    assert req.remind_at == o.remind_at
    moved = AuditEvent.objects.get(event_type="obligation.rescheduled", subject_id=str(o.pk))
    assert dt.datetime.fromisoformat(moved.details["old_due_at"]) == DUE
    assert moved.details["waited_business_days"] == 2


def test_the_worker_of_obligations_leaves_it_to_the_request_job(demo_pack: Any) -> None:
    from vetted.clocks.tasks import run_obligation_reminders

    req = _submit(demo_pack)
    assert (
        run_obligation_reminders(dt.datetime(2026, 12, 5, tzinfo=ET)) == 0
    )  # no second reminder/overdue mail
    o = review(req)
    assert o.reminded_at is None and o.escalated_at is None


@override_settings(SITE_URL="https://vetted.example")
def test_on_the_obligations_page_and_in_the_calendar_feed(demo_pack: Any, client_as: Any) -> None:
    req = _submit(demo_pack)
    admin = client_as(demo_pack.user("admin"))
    page = admin.get(reverse("staff-obligations", args=[demo_pack.district.slug])).content.decode()
    assert str(req) in page and "Committee review" in page
    assert admin.post(reverse("staff-feed-regenerate", args=[demo_pack.district.slug])).status_code == 302
    token = CalendarFeed.objects.get(user=demo_pack.user("admin"), district=demo_pack.district).token
    body = client_as(None).get(reverse("ical-feed", args=[token])).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert f"SUMMARY:Committee review: Request #{req.pk}: Lanternfish Reading Lab" in unfolded
    assert (
        f"URL:https://vetted.example/manage/{demo_pack.district.slug}/resource-requests/{req.pk}/\r\n"
        in unfolded
    )
    assert "DTSTART:20261202T045959Z" in unfolded
