"""Issue 9, item 2: every time a person reads is in the district's time zone, with the zone named,
on the staff pages, in e-mail, in the CSV exports and in the calendar feed (which links back).

The fixture district (Birchfield, CT) keeps America/New_York. A deadline at 23:59 in Connecticut on
Saturday December 5, 2026 is 04:59 UTC on Sunday December 6: a page that shows "04:59", or
"Dec 6", shows UTC.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from vetted.audit.services import record
from vetted.clocks.models import CalendarFeed, Obligation
from vetted.clocks.tasks import run_obligation_reminders
from vetted.kit.localtime import csv_time, format_local

pytestmark = pytest.mark.django_db

CT_DEADLINE = dt.datetime(2026, 12, 6, 4, 59, tzinfo=dt.UTC)  # Sat Dec 5, 2026 23:59 in Connecticut
CT_LOCAL = "Sat Dec 5, 2026 11:59 PM EST"
SUMMER_DEADLINE = dt.datetime(2026, 7, 1, 3, 59, tzinfo=dt.UTC)  # Tue Jun 30, 2026 23:59 EDT


def _obligation(tenant: Any, due: dt.datetime = CT_DEADLINE, **extra: Any) -> Obligation:
    return Obligation.objects.create(
        district=tenant.district, kind="family_notice_of_contract", description="Post the notice.",
        subject_type="agreements.agreement", subject_id="41", subject_label="Quillstone DPA",
        subject_path=f"/manage/{tenant.district.slug}/agreements/41/", event="agreement_executed",
        event_at=due - dt.timedelta(days=7), due_at=due, citation="C.G.S. 10-234bb(c)", actor="district",
        recipient="families", decided_by="us-ct", remind_at=due - dt.timedelta(days=2), **extra,
    )  # fmt: skip


def test_the_formats_name_the_zone_and_follow_daylight_saving() -> None:
    assert format_local(CT_DEADLINE, "America/New_York") == CT_LOCAL
    assert format_local(SUMMER_DEADLINE, "America/New_York") == "Tue Jun 30, 2026 11:59 PM EDT"
    assert format_local(CT_DEADLINE, "America/Chicago") == "Sat Dec 5, 2026 10:59 PM CST"
    assert csv_time(CT_DEADLINE, "America/New_York") == "2026-12-05 23:59 EST"


def test_obligations_page_shows_a_ct_deadline_at_2359_local_with_the_zone(
    tenant: Any, client_as: Any
) -> None:
    _obligation(tenant)
    _obligation(tenant, SUMMER_DEADLINE, condition="summer")
    page = client_as(tenant.user("admin")).get(reverse("staff-obligations", args=[tenant.district.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert CT_LOCAL in text and "Tue Jun 30, 2026 11:59 PM EDT" in text
    assert "04:59" not in text and "Dec 6" not in text


def test_a_district_elsewhere_reads_its_own_zone(tenant: Any, client_as: Any) -> None:
    tenant.district.time_zone = "America/Chicago"
    tenant.district.save()
    _obligation(tenant)
    text = (
        client_as(tenant.user("admin")).get(f"/manage/{tenant.district.slug}/obligations/").content.decode()
    )
    assert "Sat Dec 5, 2026 10:59 PM CST" in text and CT_LOCAL not in text


def test_the_agreement_page_and_date_only_values_use_the_district_day(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    """A `|date` with no time on a district page is the district's calendar day (the middleware
    activates its zone): decided at 03:00 UTC on Dec 6 is December 5 in Connecticut."""
    decision = catalog_item.decisions.get(district=tenant.district)
    type(decision).objects.filter(pk=decision.pk).update(
        decided_at=dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
    )
    staff = client_as(tenant.user("admin")).get(
        reverse("staff-decision", args=[tenant.district.slug, catalog_item.pk])
    )
    assert "December 5, 2026" in staff.content.decode() and "December 6, 2026" not in staff.content.decode()
    public = client_as(None).get(reverse("registry-detail", args=[tenant.district.slug, catalog_item.pk]))
    assert "December 5, 2026" in public.content.decode()


def test_the_obligation_email_says_2359_local_and_links_to_the_item(
    tenant: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8765"
    obligation = _obligation(tenant)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_obligation_reminders(CT_DEADLINE - dt.timedelta(days=1)) == 1
    message = next(m for m in mail.outbox if m.to == ["admin@birchfield.example"])
    assert f"Due: {CT_LOCAL}" in message.body
    assert f"http://127.0.0.1:8765{obligation.subject_path}" in message.body
    assert "04:59" not in message.body


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\r\n"):
        if line.startswith(" "):
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def test_the_calendar_feed_gives_the_local_time_with_its_zone_and_links_back(
    tenant: Any, client_as: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://vetted.birchfield.example"
    obligation = _obligation(tenant)
    client = client_as(tenant.user("admin"))
    client.post(reverse("staff-feed-regenerate", args=[tenant.district.slug]))
    token = CalendarFeed.objects.get(user=tenant.user("admin"), district=tenant.district).token
    lines = _unfold(client_as(None).get(reverse("ical-feed", args=[token])).content.decode())
    props = {line.split(":", 1)[0]: line.split(":", 1)[1] for line in lines}
    assert props["X-WR-TIMEZONE"] == "America/New_York"
    # The instant stays UTC (RFC 5545 form #2; calendar programs convert it) ...
    assert props["DTSTART"] == "20261206T045900Z"
    # ... and the district's own time, zone named, opens the description (commas escaped).
    assert props["DESCRIPTION"].startswith("Due: Sat Dec 5\\, 2026 11:59 PM EST (America/New_York)\\n")
    link = f"https://vetted.birchfield.example{obligation.subject_path}"
    assert props["URL"] == link and props["DESCRIPTION"].endswith(f"Open it: {link}")


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_audit_csv_has_local_times_with_the_zone(tenant: Any, client_as: Any) -> None:
    with transaction.atomic():
        record(tenant.district, "test.local_time", actor=tenant.user("admin"), details={"reason": "r"})
    rows = _csv(client_as(tenant.user("admin")).get(reverse("audit-csv", args=[tenant.district.slug])))
    header = rows[0]
    # The export records itself (audit.exported) before it is read: find the event this test wrote.
    [last] = [row for row in rows[1:] if row[3] == "test.local_time"]
    assert header[1] == "time (America/New_York)" and header[2] == "time (UTC, as hashed)"
    assert last[1].endswith((" EST", " EDT"))
    assert dt.datetime.fromisoformat(last[2]).utcoffset() == dt.timedelta(0)


def test_the_public_registry_csv_gives_the_district_day_of_a_decision(
    tenant: Any, catalog_item: Any, client_as: Any
) -> None:
    decision = catalog_item.decisions.get(district=tenant.district)
    type(decision).objects.filter(pk=decision.pk).update(
        decided_at=dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
    )
    rows = _csv(client_as(None).get(reverse("registry-csv", args=[tenant.district.slug])))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["decided on"] == "2026-12-05"
