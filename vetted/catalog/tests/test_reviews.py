"""Approvals are reviewed again (issue 9, item 13), tried from the user's side.

The committee approves a resource through the decision page; the approval gets a review-by day a
year on (in the district's zone), the obligations page lists the review, the "Reviews due" agenda
shows it before the next meeting with what changed since, deciding again closes the review, and the
district's own interval (Settings) changes the day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vetted.catalog import reviews, services
from vetted.catalog.models import ApprovalReview, DataElement, Resource, ResourceDecision
from vetted.clocks.models import Obligation, ObligationStatus

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")
# 21:30 in Connecticut on March 1st is already March 2nd in UTC: the day must be the district's.
APPROVED_AT = dt.datetime(2026, 3, 1, 21, 30, tzinfo=NY)


@pytest.fixture
def resource(tenant: Any) -> Resource:
    admin = tenant.user("admin")
    vendor = services.create_vendor(tenant.district, actor=admin, data={"legal_name": "Wrenfield Labs LLC"})
    return services.create_resource(
        tenant.district, actor=admin, data={"name": "Wrenfield Reading Log", "vendor": vendor},
        data_elements=DataElement.objects.filter(code__in=["student-name"]),
    )  # fmt: skip


def _decide(client: Any, tenant: Any, resource: Resource, status: str, reason: str = "") -> Any:
    url = f"/manage/{tenant.district.slug}/resources/{resource.pk}/decision/"
    return client.post(url, {"status": status, "reason": reason or "Checked by the committee."})


def _approve(client_as: Any, tenant: Any, resource: Resource, status: str = "approved") -> Any:
    with time_machine.travel(APPROVED_AT, tick=False):
        response = _decide(client_as(tenant.user("reviewer")), tenant, resource, status)
    assert response.status_code == 302, response.content[:2000]
    return ResourceDecision.objects.get(district=tenant.district, resource=resource)


@pytest.mark.parametrize("status", ["approved", "approved_with_parental_consent"])
def test_approving_sets_review_by_a_year_on_in_the_district_zone(
    client_as: Any, tenant: Any, resource: Resource, status: str
) -> None:
    decision = _approve(client_as, tenant, resource, status)
    # March 1st 2026 local (not March 2nd, the UTC date) + 365 days.
    assert decision.review_by == dt.date(2027, 3, 1)
    term = ApprovalReview.objects.get(decision=decision)
    assert term.review_by == decision.review_by and term.closed_at is None
    page = client_as(tenant.user("reviewer")).get(
        f"/manage/{tenant.district.slug}/resources/{resource.pk}/decision/"
    )
    assert "To be reviewed again by <strong>March 1, 2027</strong>" in page.content.decode()


def test_not_approved_gets_no_review(client_as: Any, tenant: Any, resource: Resource) -> None:
    response = _decide(client_as(tenant.user("reviewer")), tenant, resource, "not_approved")
    assert response.status_code == 302
    decision = ResourceDecision.objects.get(district=tenant.district, resource=resource)
    assert decision.review_by is None
    assert not Obligation.objects.filter(district=tenant.district, kind="decision_review").exists()


def test_the_review_is_an_obligation_on_the_obligations_page(
    client_as: Any, tenant: Any, resource: Resource
) -> None:
    _approve(client_as, tenant, resource)
    obligation = Obligation.objects.get(district=tenant.district, kind="decision_review")
    assert obligation.status == ObligationStatus.OPEN
    assert obligation.subject_path == f"/manage/{tenant.district.slug}/resources/{resource.pk}/decision/"
    assert obligation.due_at.astimezone(NY).date() == dt.date(2027, 3, 1)
    assert "Vetted default: yearly" in obligation.citation
    page = client_as(tenant.user("staff")).get(f"/manage/{tenant.district.slug}/obligations/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wrenfield Reading Log" in html and "Decision review" in html
    assert obligation.subject_path in html


def test_the_agenda_lists_it_before_the_next_meeting_with_what_changed(
    client_as: Any, tenant: Any, resource: Resource
) -> None:
    _approve(client_as, tenant, resource)
    admin = tenant.user("admin")
    settings_url = f"/manage/{tenant.district.slug}/settings/"
    response = client_as(admin).post(
        settings_url,
        {"form": "reviews", "interval_days": "", "meeting_dates": "2027-03-09\n2027-02-23, 2027-01-12"},
    )
    assert response.status_code == 302
    # After the approval the vendor starts collecting more.
    resource.data_elements.add(DataElement.objects.get(code="grades"))
    agenda_url = f"/manage/{tenant.district.slug}/reviews-due/"
    with time_machine.travel(dt.datetime(2027, 1, 5, 10, tzinfo=NY), tick=False):
        early = client_as(tenant.user("reviewer")).get(agenda_url).content.decode()
    # The next meeting (Jan 12) comes before March 1st: nothing is due yet for it.
    assert "January 12, 2027" in early and "Wrenfield Reading Log" not in early
    with time_machine.travel(dt.datetime(2027, 2, 24, 10, tzinfo=NY), tick=False):
        page = client_as(tenant.user("reviewer")).get(agenda_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tuesday, March 9, 2027" in html  # the next meeting after Feb 24
    assert "Wrenfield Reading Log" in html and "March 1, 2027" in html
    assert "It now collects more: Grades" in html
    assert "No agreement with the vendor covers it." in html
    assert 'media="print"' in html or "agenda.css" in html
    # Past its day, it moves to the overdue group.
    with time_machine.travel(dt.datetime(2027, 3, 5, 10, tzinfo=NY), tick=False):
        agenda = reviews.agenda(tenant.district)
    assert [i.decision.resource.name for i in agenda.overdue] == ["Wrenfield Reading Log"]
    assert agenda.meeting == dt.date(2027, 3, 9)


def test_without_meetings_the_agenda_looks_30_days_ahead(
    client_as: Any, tenant: Any, resource: Resource
) -> None:
    _approve(client_as, tenant, resource)
    url = f"/manage/{tenant.district.slug}/reviews-due/"
    with time_machine.travel(dt.datetime(2027, 1, 20, 10, tzinfo=NY), tick=False):
        far = client_as(tenant.user("admin")).get(url).content.decode()
    with time_machine.travel(dt.datetime(2027, 2, 10, 10, tzinfo=NY), tick=False):
        near = client_as(tenant.user("admin")).get(url).content.decode()
    assert "No meeting date is entered" in far and "Wrenfield Reading Log" not in far
    assert "Wrenfield Reading Log" in near


def test_deciding_again_closes_the_review_and_opens_the_next(
    client_as: Any, tenant: Any, resource: Resource
) -> None:
    decision = _approve(client_as, tenant, resource)
    first = Obligation.objects.get(district=tenant.district, kind="decision_review")
    with time_machine.travel(dt.datetime(2027, 2, 23, 19, tzinfo=NY), tick=False):
        response = _decide(client_as(tenant.user("technology_director")), tenant, resource, "approved")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ObligationStatus.DONE and "decided again" in first.close_reason
    decision.refresh_from_db()
    assert decision.review_by == dt.date(2028, 2, 23)  # a year from the second look
    rows = Obligation.objects.filter(district=tenant.district, kind="decision_review").order_by("pk")
    assert [o.status for o in rows] == [ObligationStatus.DONE, ObligationStatus.OPEN]
    assert ApprovalReview.objects.filter(decision=decision, closed_at__isnull=True).count() == 1
    with time_machine.travel(dt.datetime(2027, 2, 24, 10, tzinfo=NY), tick=False):
        assert reviews.agenda(tenant.district).count == 0


def test_retiring_waives_the_review(client_as: Any, tenant: Any, resource: Resource) -> None:
    decision = _approve(client_as, tenant, resource)
    response = _decide(client_as(tenant.user("admin")), tenant, resource, "retired", "No longer used.")
    assert response.status_code == 302
    obligation = Obligation.objects.get(district=tenant.district, kind="decision_review")
    assert obligation.status == ObligationStatus.WAIVED
    decision.refresh_from_db()
    assert decision.review_by is None
    assert not reviews.open_terms(tenant.district).exists()


def test_the_district_interval_changes_the_review_by_day(
    client_as: Any, tenant: Any, resource: Resource
) -> None:
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/settings/",
        {"form": "reviews", "interval_days": "180", "meeting_dates": ""},
    )
    assert response.status_code == 302
    decision = _approve(client_as, tenant, resource)
    assert decision.review_by == dt.date(2026, 3, 1) + dt.timedelta(days=180)
    obligation = Obligation.objects.get(district=tenant.district, kind="decision_review")
    assert "every 180 days" in obligation.citation


def test_settings_refuse_a_bad_meeting_date_and_too_short_interval(client_as: Any, tenant: Any) -> None:
    response = client_as(tenant.user("admin")).post(
        f"/manage/{tenant.district.slug}/settings/",
        {"form": "reviews", "interval_days": "5", "meeting_dates": "next tuesday"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Not a date: next tuesday" in html
    assert "greater than or equal to 30" in html
    assert reviews.schedule_for(tenant.district).pk is None


def test_an_adopted_policy_pack_sets_the_interval_and_settings_only_shorten_it(
    tenant: Any, resource: Resource
) -> None:
    tenant.district.policy_packs = ["demo-ct-2017"]
    tenant.district.save(update_fields=["policy_packs"])
    at = dt.datetime(2026, 3, 1, 9, tzinfo=NY)
    due = reviews.review_due(tenant.district, at)
    assert due.duration == 365 and due.decided_by == "demo-ct-2017"
    assert "seed district" in due.citation and "not a statute" in due.citation
    admin = tenant.user("admin")
    reviews.update_schedule(tenant.district, actor=admin, interval_days=730, meeting_dates=[])
    assert reviews.review_due(tenant.district, at).duration == 365  # the policy is not loosened
    reviews.update_schedule(tenant.district, actor=admin, interval_days=90, meeting_dates=[])
    assert reviews.review_due(tenant.district, at).duration == 90


def test_the_staff_nav_links_the_agenda_for_those_who_may_open_it(client_as: Any, tenant: Any) -> None:
    url = f"/manage/{tenant.district.slug}/reviews-due/"
    reviewer_page = client_as(tenant.user("reviewer")).get(f"/manage/{tenant.district.slug}/resources/")
    staff_page = client_as(tenant.user("staff")).get(f"/manage/{tenant.district.slug}/resources/")
    assert f'href="{url}"' in reviewer_page.content.decode()
    assert f'href="{url}"' not in staff_page.content.decode()
