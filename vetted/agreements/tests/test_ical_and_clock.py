"""The iCalendar feed (RFC 5545, secret per-user link) and the clock command and API."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vetted.agreements.models import Agreement
from vetted.clocks import ical
from vetted.clocks.models import CalendarFeed, Obligation
from vetted.clocks.selectors import about

pytestmark = pytest.mark.django_db


def _feed_url(client: Any, district: Any, user: Any) -> str:
    assert client.post(reverse("staff-feed-regenerate", args=[district.slug])).status_code == 302
    return reverse("ical-feed", args=[CalendarFeed.objects.get(user=user, district=district).token])


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_feed_is_valid_icalendar(executed: Agreement, ct: Any, client_as: Any) -> None:
    client = client_as(ct.user("admin"))
    response = client_as(None).get(_feed_url(client, ct.district, ct.user("admin")))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    lines = _unfold(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    # The agreement's two clocks, and the yearly review of the catalogue item's approval.
    assert len(events) == Obligation.objects.filter(district=ct.district).count() == 3
    assert about(executed).count() == 2
    notice = Obligation.objects.get(kind="family_notice_of_contract")
    block = lines[events[0] : lines.index("END:VEVENT", events[0]) + 1]
    props = {line.split(":", 1)[0]: line.split(":", 1)[1] for line in block[1:-1]}
    assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION"} <= set(props)
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTART"]) and re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    text = "\n".join(lines)
    assert f"obligation-{notice.pk}@" in text
    assert notice.due_at.astimezone(dt.UTC).strftime("DTSTART:%Y%m%dT%H%M%SZ") in lines
    # The citation is in the description, its commas and the newlines escaped.
    assert "five business days after executing a contract" in text
    assert "\\n" in props["DESCRIPTION"] and "\\," in props["DESCRIPTION"]


def test_feed_needs_the_secret_token_and_shows_only_its_district(
    executed: Agreement, ct: Any, other_tenant: Any, client_as: Any
) -> None:
    assert client_as(None).get("/ical/not-a-real-token.ics").status_code == 404
    other_url = _feed_url(
        client_as(other_tenant.user("admin")), other_tenant.district, other_tenant.user("admin")
    )
    body = client_as(None).get(other_url).content.decode()
    assert "BEGIN:VEVENT" not in body and "Quillstone" not in body  # Larchmont has no obligations
    mine = _feed_url(client_as(ct.user("staff")), ct.district, ct.user("staff"))
    assert "BEGIN:VEVENT" in client_as(None).get(mine).content.decode()
    # Regenerating replaces the link; losing membership closes it.
    renewed = _feed_url(client_as(ct.user("staff")), ct.district, ct.user("staff"))
    assert renewed != mine and client_as(None).get(mine).status_code == 404
    ct.user("staff").memberships.all().delete()
    assert client_as(None).get(renewed).status_code == 404


def test_escape_and_fold_follow_rfc5545() -> None:
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ical.fold("DESCRIPTION:" + "é" * 80)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts) and all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == "DESCRIPTION:" + "é" * 80


def test_clock_command_prints_due_times_with_citations(ct: Any) -> None:
    out = StringIO()
    call_command("clock", "--district", ct.district.slug, "--event", "agreement.executed",
                 "--at", "2026-03-02T10:00:00-05:00", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "us-ct + demo-ct-2017" in text
    assert "2026-03-09 23:59 EDT  family_notice_of_contract" in text
    assert "five business days" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event", "agreement.signed", "--at", "2026-03-02T10:00:00Z"], "Unknown event"),
        (["--event", "agreement.executed", "--at", "2026-03-02T10:00:00"], "has no time zone"),
        (["--event", "agreement.executed", "--at", "next tuesday"], "not an ISO 8601 time"),
    ],
)
def test_clock_command_refuses_bad_input(ct: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("clock", "--district", ct.district.slug, *args)


def test_clock_command_unknown_district(db: Any) -> None:
    with pytest.raises(CommandError, match="No district"):
        call_command(
            "clock", "--district", "nowhere", "--event", "agreement.executed", "--at", "2026-03-02T10:00Z"
        )


def test_clock_api(ct: Any, other_tenant: Any, api_as: Any) -> None:
    url = f"/api/v1/districts/{ct.district.slug}/clock/"
    ok = api_as(ct.user("staff")).get(url, {"event": "agreement.executed", "at": "2026-03-02T15:00:00Z"})
    assert ok.status_code == 200
    rows = {r["deadline_id"]: r for r in ok.json()["due_times"]}
    assert rows["family_notice_of_contract"]["due_at"] == "2026-03-10T03:59:59Z"
    assert rows["family_notice_of_contract"]["due_at_local"] == "2026-03-09T23:59:59-04:00"
    assert rows["family_notice_of_contract"]["decided_by"] == "demo-ct-2017"
    assert ok.json()["packs"] == ["us-ct", "demo-ct-2017"]
    unknown = api_as(ct.user("staff")).get(url, {"event": "nope", "at": "2026-03-02T15:00:00Z"})
    assert unknown.status_code == 400 and "Unknown event" in unknown.json()["event"][0]
    naive = api_as(ct.user("staff")).get(url, {"event": "agreement.executed", "at": "2026-03-02T15:00:00"})
    assert naive.status_code == 400 and "no time zone" in naive.json()["at"][0]
    missing = api_as(ct.user("staff")).get(url)
    assert missing.status_code == 400 and set(missing.json()) == {"event", "at"}
    assert api_as(other_tenant.user("admin")).get(url, {"event": "agreement.executed"}).status_code == 404
    assert api_as(None).get(url).status_code == 401
    assert api_as(ct.user("staff")).get("/api/v1/districts/nowhere/clock/").status_code == 404
