"""Each request kind's deadline across packs, the dates worked out by hand here (the day of the request
is not counted; business days skip weekends, the state's public holidays and the district's closure
days; a deadline ends at 23:59:59 on its last day in the district's zone). Where two layers set the
same deadline the strictest (earliest) wins."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import make_tenant
from vetted.clocks.models import ClosureDay, Obligation
from vetted.rights.requests.services.deadlines import due_for

from .requests_helpers import World, world

pytestmark = pytest.mark.django_db
__all__ = ["world"]  # a fixture

# Thursday 19 November 2026, 10:00 in the district's zone; Thanksgiving is Thursday 26 November.
NY, LA, CHI = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles"), ZoneInfo("America/Chicago")


def _district(state: str, zone: ZoneInfo) -> Any:
    district = make_tenant(f"d-{state.lower()}", f"District {state}", state=state).district
    district.time_zone = zone.key
    district.save(update_fields=["time_zone"])
    return district


def _end_of(year: int, month: int, day: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime(year, month, day, 23, 59, 59, tzinfo=zone)


# Federal only (Connecticut sets no records deadline): 34 CFR 99.10(b), 45 calendar days.
#   November 20..30 are days 1..11, December 1..31 days 12..42, January 1, 2, 3 days 43, 44, 45.
FEDERAL_45 = _end_of(2027, 1, 3, NY)
# California, access: Cal. Educ. Code 49069.7, 5 business days (beats FERPA's 45 calendar days).
#   Fri 20 (1), Mon 23 (2), Tue 24 (3), Wed 25 (4); Thu 26 Thanksgiving and Fri 27 (California's
#   day after Thanksgiving) are holidays, Sat 28 and Sun 29 a weekend; Mon 30 (5).
CA_ACCESS_5 = _end_of(2026, 11, 30, LA)
# California, correction: Cal. Educ. Code 49070, 30 calendar days (no federal rule to compete with).
#   November 20..30 are days 1..11; December 1..19 days 12..30.
CA_CORRECTION_30 = _end_of(2026, 12, 19, LA)
# Massachusetts: 603 CMR 23.07(2), 10 calendar days (beats FERPA): November 20..29.
MA_ACCESS_10 = _end_of(2026, 11, 29, NY)
# Illinois, access: 105 ILCS 10/5(c), 10 business days (beats FERPA). Fri 20 (1), Mon 23 (2),
#   Tue 24 (3), Wed 25 (4), Thu 26 Thanksgiving skipped, Fri 27 (5: not an Illinois holiday),
#   Mon 30 (6), Tue Dec 1 (7), Wed 2 (8), Thu 3 (9), Fri 4 (10).
IL_ACCESS_10 = _end_of(2026, 12, 4, CHI)
# Illinois, correction: 105 ILCS 85/33, 90 calendar days: November 20..30 (11), December (42),
#   January (73), February 1..17 (90).
IL_CORRECTION_90 = _end_of(2027, 2, 17, CHI)

CASES = [
    # state, zone, kind, due, deadline id, the pack that decided
    ("CT", NY, "inspect", FEDERAL_45, "records_access_response", "us-federal"),
    ("CT", NY, "export", FEDERAL_45, "records_access_response", "us-federal"),
    ("CT", NY, "delete", FEDERAL_45, "records_access_response", "us-federal"),
    # No pack in Connecticut's stack sets a correction deadline: the access deadline applies.
    ("CT", NY, "correct", FEDERAL_45, "records_access_response", "us-federal"),
    ("CA", LA, "inspect", CA_ACCESS_5, "records_access_response", "us-ca"),
    ("CA", LA, "export", CA_ACCESS_5, "records_access_response", "us-ca"),
    ("CA", LA, "delete", CA_ACCESS_5, "records_access_response", "us-ca"),
    ("CA", LA, "correct", CA_CORRECTION_30, "records_correction_response", "us-ca"),
    ("MA", NY, "inspect", MA_ACCESS_10, "records_access_response", "us-ma"),
    ("MA", NY, "correct", MA_ACCESS_10, "records_access_response", "us-ma"),
    ("IL", CHI, "delete", IL_ACCESS_10, "records_access_response", "us-il"),
    ("IL", CHI, "correct", IL_CORRECTION_90, "records_correction_response", "us-il"),
]


@pytest.mark.parametrize(("state", "zone", "kind", "due", "deadline", "decided_by"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])  # fmt: skip
def test_each_kind_across_packs(state: str, zone: ZoneInfo, kind: str, due: dt.datetime, deadline: str,
                                decided_by: str) -> None:  # fmt: skip
    district = _district(state, zone)
    found = due_for(district, kind, dt.datetime(2026, 11, 19, 10, 0, tzinfo=zone))
    assert (found.due_at, found.deadline_id, found.decided_by) == (due, deadline, decided_by)


def test_two_layers_the_strictest_wins_and_the_loser_is_named() -> None:
    district = _district("CA", LA)
    found = due_for(district, "inspect", dt.datetime(2026, 11, 19, 10, 0, tzinfo=LA))
    assert found.due_at == CA_ACCESS_5 and found.decided_by == "us-ca"
    # FERPA's 45 calendar days from the same moment, in Los Angeles: January 3, 2027.
    assert [(o.pack_id, o.due_at) for o in found.overridden] == [("us-federal", _end_of(2027, 1, 3, LA))]


def test_a_closure_day_moves_a_business_day_deadline() -> None:
    district = _district("CA", LA)
    ClosureDay.objects.create(district=district, date=dt.date(2026, 11, 24), reason="Staff day")
    # Fri 20 (1), Mon 23 (2), Tue 24 closed, Wed 25 (3), Thanksgiving weekend, Mon 30 (4), Tue Dec 1 (5).
    found = due_for(district, "inspect", dt.datetime(2026, 11, 19, 10, 0, tzinfo=LA))
    assert found.due_at == _end_of(2026, 12, 1, LA)


def test_a_late_evening_request_counts_from_the_districts_own_day() -> None:
    district = _district("MA", NY)
    # 02:30 UTC on Friday 20 November is 21:30 on Thursday 19 November in New York: day 1 is the 20th.
    found = due_for(district, "inspect", dt.datetime(2026, 11, 20, 2, 30, tzinfo=dt.UTC))
    assert found.due_at == MA_ACCESS_10


def test_the_stored_deadline_is_the_computed_one(world: World) -> None:
    from vetted.rights.requests.services.filing import enter_for_family

    at = dt.datetime(2026, 11, 19, 10, 0, tzinfo=NY)
    req = enter_for_family(world.district, actor=world.admin, data={
        "student": world.ben, "requester": world.kemi, "relationship": "guardian", "kind": "correct",
        "channel": "paper", "received_at": at, "correction_wrong": "Grade 3", "correction_right": "Grade 4",
        "resources": [world.resource],
    })  # fmt: skip
    assert (req.due_at, req.original_due_at, req.deadline_id, req.decided_by) == (
        FEDERAL_45, FEDERAL_45, "records_access_response", "us-federal",
    )  # fmt: skip
    obligation = Obligation.objects.get(subject_type="rights.rightsrequest", subject_id=str(req.pk))
    assert (obligation.due_at, obligation.event, obligation.status) == (
        FEDERAL_45,
        "rights_request.received",
        "open",
    )
