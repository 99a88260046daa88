"""Worked clock examples. Every expected value is derived by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from vetted.rules import (
    BusinessCalendar,
    DueTime,
    UnknownEventError,
    compute_due_times,
    due_at,
    load_stack,
)

NY_TZ = "America/New_York"
EASTERN = ZoneInfo(NY_TZ)


def _row(rows: tuple[DueTime, ...], deadline_id: str, condition: str | None = None) -> DueTime:
    matches = [r for r in rows if r.deadline_id == deadline_id and r.condition == condition]
    assert len(matches) == 1, [(r.deadline_id, r.condition) for r in rows]
    return matches[0]


def test_ct_friday_evening_breach_notice_skips_weekend_and_mlk_day() -> None:
    # Board receives the contractor's notice Fri 2026-01-16 18:30 EST. Two business days
    # (10-234dd(c) as amended by P.A. 17-200): Sat 17, Sun 18 weekend; Mon 19 is Martin
    # Luther King Jr. Day; Tue 20 = day 1; Wed 21 = day 2 -> end of Wed 2026-01-21,
    # 23:59:59 EST (-05:00).
    stack = load_stack(["us-ct"])
    at = dt.datetime(2026, 1, 16, 18, 30, tzinfo=EASTERN)
    row = _row(
        compute_due_times(stack, "breach.reported_to_district", at, NY_TZ),
        "district_breach_notice_to_families",
    )
    assert row.due_at == dt.datetime(2026, 1, 21, 23, 59, 59, tzinfo=EASTERN)
    assert row.due_at.utcoffset() == dt.timedelta(hours=-5)
    assert (row.duration, row.unit, row.decided_by, row.overridden) == (2, "business_days", "us-ct", ())
    assert row.actor == "district" and row.recipient == "families"
    assert "10-234dd(c)" in row.citation


def test_district_policy_tightens_two_business_days_to_48_hours() -> None:
    # Same Friday notice under demo-ct-2017: 48 elapsed hours from Fri 18:30 EST is
    # Sun 2026-01-18 18:30 EST, earlier than the statute's Wed 21 23:59:59, so the
    # district policy decides and the statute's rule is listed as overridden.
    stack = load_stack(["us-ct", "demo-ct-2017"])
    at = dt.datetime(2026, 1, 16, 18, 30, tzinfo=EASTERN)
    row = _row(
        compute_due_times(stack, "breach.reported_to_district", at, NY_TZ),
        "district_breach_notice_to_families",
    )
    assert row.due_at == dt.datetime(2026, 1, 18, 18, 30, tzinfo=EASTERN)
    assert (row.duration, row.unit, row.decided_by) == (48, "hours", "demo-ct-2017")
    assert [(o.pack_id, o.duration, o.unit) for o in row.overridden] == [("us-ct", 2, "business_days")]
    assert row.overridden[0].due_at == dt.datetime(2026, 1, 21, 23, 59, 59, tzinfo=EASTERN)


def test_48_hours_across_the_autumn_clock_change() -> None:
    # Sat 2026-10-31 12:00 EDT (-04:00) = 16:00 UTC. Clocks fall back Sun 2026-11-01.
    # +48 h = Mon 2026-11-02 16:00 UTC = 11:00 EST (-05:00), not 12:00.
    # The statute's 2 business days: Mon 2 = 1, Tue 3 = 2 -> Tue 23:59:59; 48 h wins.
    stack = load_stack(["us-ct", "demo-ct-2017"])
    at = dt.datetime(2026, 10, 31, 12, 0, tzinfo=EASTERN)
    row = _row(
        compute_due_times(stack, "breach.reported_to_district", at, NY_TZ),
        "district_breach_notice_to_families",
    )
    assert row.due_at == dt.datetime(2026, 11, 2, 11, 0, tzinfo=EASTERN)
    assert row.due_at.utcoffset() == dt.timedelta(hours=-5)
    assert row.due_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 2, 16, 0, tzinfo=dt.UTC)
    assert row.overridden[0].due_at == dt.datetime(2026, 11, 3, 23, 59, 59, tzinfo=EASTERN)


def test_48_hours_across_the_spring_clock_change() -> None:
    # Sat 2026-03-07 12:00 EST = 17:00 UTC. Clocks spring forward Sun 2026-03-08.
    # +48 h = Mon 2026-03-09 17:00 UTC = 13:00 EDT.
    due = due_at(48, "hours", dt.datetime(2026, 3, 7, 12, 0, tzinfo=EASTERN), EASTERN)
    assert due == dt.datetime(2026, 3, 9, 13, 0, tzinfo=EASTERN)
    assert due.utcoffset() == dt.timedelta(hours=-4)


def test_new_york_vendor_has_seven_calendar_days() -> None:
    # Vendor discovers a breach Tue 2026-03-03 09:15 EST. 8 NYCRR 121.10(a): 7 calendar
    # days, day of discovery not counted: Mar 4..10 -> end of Tue 2026-03-10. Clocks
    # sprang forward on Sun Mar 8, so the due time is 23:59:59 EDT (-04:00).
    stack = load_stack(["us-ny"])
    at = dt.datetime(2026, 3, 3, 9, 15, tzinfo=EASTERN)
    row = _row(compute_due_times(stack, "breach.discovered", at, NY_TZ), "vendor_breach_notice_to_district")
    assert row.due_at == dt.datetime(2026, 3, 10, 23, 59, 59, tzinfo=EASTERN)
    assert row.due_at.utcoffset() == dt.timedelta(hours=-4)
    assert (row.actor, row.recipient, row.decided_by) == ("vendor", "district", "us-ny")
    assert row.citation == "8 NYCRR 121.10(a)"


def test_new_york_district_duties_after_vendor_notice() -> None:
    # District receives the notice Wed 2026-03-11 10:00 EDT.
    # To the Chief Privacy Officer, 10 calendar days (121.10(b)): end of Sat 2026-03-21.
    # To families, 60 calendar days (121.10(e)): March has 20 days left after the 11th,
    # April 30 -> 50, so day 60 is May 10 -> end of Sun 2026-05-10.
    stack = load_stack(["us-ny"])
    at = dt.datetime(2026, 3, 11, 10, 0, tzinfo=EASTERN)
    rows = compute_due_times(stack, "breach.reported_to_district", at, NY_TZ)
    assert _row(rows, "district_breach_report_to_state").due_at == dt.datetime(
        2026, 3, 21, 23, 59, 59, tzinfo=EASTERN
    )
    assert _row(rows, "district_breach_notice_to_families").due_at == dt.datetime(
        2026, 5, 10, 23, 59, 59, tzinfo=EASTERN
    )
    assert [r.deadline_id for r in rows] == [
        "district_breach_report_to_state",
        "district_breach_notice_to_families",
    ]


def test_ct_vendor_tiers_and_the_district_48_hour_contract_term() -> None:
    # Vendor discovers a breach Mon 2026-02-02 09:00 EST.
    # Statute: 30 days (student information) -> end of Wed 2026-03-04 (Feb has 28 days:
    # Feb 3..28 is 26 days, Mar 1..4 four more); 60 days (directory info, records,
    # content) -> Feb 26 + Mar 31 = 57, so day 60 is Apr 3 -> end of Fri 2026-04-03 EDT.
    law = load_stack(["us-ct"])
    at = dt.datetime(2026, 2, 2, 9, 0, tzinfo=EASTERN)
    rows = compute_due_times(law, "breach.discovered", at, NY_TZ)
    tier30 = _row(rows, "vendor_breach_notice_to_district", "student_information_excluding_directory")
    tier60 = _row(rows, "vendor_breach_notice_to_district", "directory_records_or_content")
    assert tier30.due_at == dt.datetime(2026, 3, 4, 23, 59, 59, tzinfo=EASTERN)
    assert tier60.due_at == dt.datetime(2026, 4, 3, 23, 59, 59, tzinfo=EASTERN)
    # The demo policy's contract term (48 hours, item 6) applies to both tiers:
    # Mon 09:00 + 48 h = Wed 2026-02-04 09:00 EST.
    demo = load_stack(["us-ct", "demo-ct-2017"])
    rows = compute_due_times(demo, "breach.discovered", at, NY_TZ)
    for cond in ("student_information_excluding_directory", "directory_records_or_content"):
        row = _row(rows, "vendor_breach_notice_to_district", cond)
        assert row.due_at == dt.datetime(2026, 2, 4, 9, 0, tzinfo=EASTERN)
        assert row.decided_by == "demo-ct-2017" and row.unit == "hours"
        assert {o.pack_id for o in row.overridden} == {"us-ct", "demo-ct-2017"}


def test_family_notice_of_contract_five_business_days() -> None:
    # Contract executed Wed 2026-02-11 15:00 EST in the demo district. Five business
    # days: Thu 12 is Lincoln's Birthday (a Connecticut holiday), Fri 13 = 1, weekend,
    # Mon 16 Washington's Birthday, Tue 17 = 2, Wed 18 = 3, Thu 19 = 4, Fri 20 = 5
    # -> end of Fri 2026-02-20.
    stack = load_stack(["us-ct", "demo-ct-2017"])
    at = dt.datetime(2026, 2, 11, 15, 0, tzinfo=EASTERN)
    row = _row(compute_due_times(stack, "agreement.executed", at, NY_TZ), "family_notice_of_contract")
    assert row.due_at == dt.datetime(2026, 2, 20, 23, 59, 59, tzinfo=EASTERN)
    assert row.decided_by == "demo-ct-2017" and row.recipient == "families"


def test_district_closures_are_not_business_days() -> None:
    # Friday 2026-01-16 notice again, district closed Tue 2026-01-20 (snow day):
    # Mon 19 holiday, Tue 20 closed, Wed 21 = 1, Thu 22 = 2 -> end of Thu 2026-01-22.
    stack = load_stack(["us-ct"])
    at = dt.datetime(2026, 1, 16, 18, 30, tzinfo=EASTERN)
    rows = compute_due_times(stack, "breach.reported_to_district", at, NY_TZ, closures={dt.date(2026, 1, 20)})
    assert _row(rows, "district_breach_notice_to_families").due_at == dt.datetime(
        2026, 1, 22, 23, 59, 59, tzinfo=EASTERN
    )


def test_event_on_a_sunday_counts_from_monday() -> None:
    # Sun 2026-02-01 10:00: Mon 2 = 1, Tue 3 = 2 -> end of Tue 2026-02-03.
    calendar = BusinessCalendar("CT")
    due = due_at(2, "business_days", dt.datetime(2026, 2, 1, 10, 0, tzinfo=EASTERN), EASTERN, calendar)
    assert due == dt.datetime(2026, 2, 3, 23, 59, 59, tzinfo=EASTERN)


def test_leap_day_counts_as_a_day() -> None:
    # 2028 is a leap year. NY vendor notice, discovery Fri 2028-02-25 12:00 EST:
    # Feb 26, 27, 28, 29, Mar 1, 2, 3 -> end of Fri 2028-03-03 (EST, DST starts Mar 12).
    stack = load_stack(["us-ny"])
    at = dt.datetime(2028, 2, 25, 12, 0, tzinfo=EASTERN)
    row = _row(compute_due_times(stack, "breach.discovered", at, NY_TZ), "vendor_breach_notice_to_district")
    assert row.due_at == dt.datetime(2028, 3, 3, 23, 59, 59, tzinfo=EASTERN)
    # 24 hours from Mon 2028-02-28 12:00 is Tue 2028-02-29 12:00.
    assert due_at(24, "hours", dt.datetime(2028, 2, 28, 12, 0, tzinfo=EASTERN), EASTERN) == dt.datetime(
        2028, 2, 29, 12, 0, tzinfo=EASTERN
    )
    # Two CT business days from Mon 2028-02-28: Tue Feb 29 = 1, Wed Mar 1 = 2.
    due = due_at(
        2, "business_days", dt.datetime(2028, 2, 28, 9, 0, tzinfo=EASTERN), EASTERN, BusinessCalendar("CT")
    )
    assert due == dt.datetime(2028, 3, 1, 23, 59, 59, tzinfo=EASTERN)


def test_result_is_in_the_district_zone_even_if_at_is_utc() -> None:
    # 2026-01-16 23:30 UTC = 18:30 EST, the Friday example above.
    stack = load_stack(["us-ct"])
    at = dt.datetime(2026, 1, 16, 23, 30, tzinfo=dt.UTC)
    row = _row(
        compute_due_times(stack, "breach.reported_to_district", at, NY_TZ),
        "district_breach_notice_to_families",
    )
    assert row.due_at.tzinfo == EASTERN
    assert row.due_at == dt.datetime(2026, 1, 21, 23, 59, 59, tzinfo=EASTERN)


def test_which_layer_decides_depends_on_the_start(tmp_path: Path) -> None:
    from .helpers import pack_dir, write

    # A district rule of 3 calendar days against the statute's 2 business days.
    root = pack_dir(tmp_path, "us-federal", "us-ct")
    write(
        root / "districts",
        "three-ct.yaml",
        """
        id: three-ct
        name: Three days
        kind: district
        district: test district
        jurisdiction: US-CT
        extends: us-ct
        citations: ["Test policy"]
        deadlines:
          - id: district_breach_notice_to_families
            event: breach.reported_to_district
            actor: district
            recipient: families
            duration: 3
            unit: calendar_days
            description: Tell families.
            citation: "Test policy 1"
        """,
    )
    stack = load_stack(["three-ct"], pack_dirs=[root])
    # Friday 2026-01-16: 3 calendar days -> end of Mon 19; 2 business days -> end of Wed 21.
    friday = compute_due_times(
        stack, "breach.reported_to_district", dt.datetime(2026, 1, 16, 9, tzinfo=EASTERN), NY_TZ
    )
    row = _row(friday, "district_breach_notice_to_families")
    assert (row.decided_by, row.due_at) == ("three-ct", dt.datetime(2026, 1, 19, 23, 59, 59, tzinfo=EASTERN))
    # Monday 2026-01-12: 2 business days -> end of Wed 14; 3 calendar days -> end of Thu 15.
    monday = compute_due_times(
        stack, "breach.reported_to_district", dt.datetime(2026, 1, 12, 9, tzinfo=EASTERN), NY_TZ
    )
    row = _row(monday, "district_breach_notice_to_families")
    assert (row.decided_by, row.due_at) == ("us-ct", dt.datetime(2026, 1, 14, 23, 59, 59, tzinfo=EASTERN))
    assert [o.pack_id for o in row.overridden] == ["three-ct"]


def test_naive_datetime_is_refused() -> None:
    stack = load_stack(["us-ct"])
    with pytest.raises(ValueError, match="at must be timezone-aware"):
        compute_due_times(stack, "breach.reported_to_district", dt.datetime(2026, 1, 16, 18, 30), NY_TZ)


def test_unknown_event_is_refused() -> None:
    stack = load_stack(["us-ct"])
    at = dt.datetime(2026, 1, 16, 18, 30, tzinfo=EASTERN)
    with pytest.raises(
        UnknownEventError, match="unknown event 'breach.happened'; known events: agreement.executed"
    ):
        compute_due_times(stack, "breach.happened", at, NY_TZ)
    with pytest.raises(UnknownEventError):
        stack.deadlines_for("breach.happened")


def test_event_with_no_deadlines_gives_no_rows() -> None:
    # Federal law sets no breach clock (FERPA has none).
    stack = load_stack(["us-federal"])
    at = dt.datetime(2026, 1, 16, 18, 30, tzinfo=EASTERN)
    assert compute_due_times(stack, "breach.discovered", at, NY_TZ) == ()


def test_state_shortens_the_federal_records_access_clock() -> None:
    # Massachusetts: 10 days (603 CMR 23.07(2)) beats FERPA's 45 (34 CFR 99.10(b)).
    # Request Mon 2026-01-05 10:00 EST -> end of Thu 2026-01-15.
    stack = load_stack(["us-ma"])
    at = dt.datetime(2026, 1, 5, 10, 0, tzinfo=EASTERN)
    row = _row(compute_due_times(stack, "rights_request.received", at, NY_TZ), "records_access_response")
    assert row.due_at == dt.datetime(2026, 1, 15, 23, 59, 59, tzinfo=EASTERN)
    assert row.decided_by == "us-ma"
    assert [(o.pack_id, o.duration) for o in row.overridden] == [("us-federal", 45)]
