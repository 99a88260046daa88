"""The incident's clocks from the packs (issue 12, item 2), each due time worked out by hand here:
Connecticut's vendor tiers by data element, New York's 7/10/60 days, the NDPA's 72 hours, the demo
district's 48 hours beating the statute's two business days across a weekend and a holiday,
daylight saving, a law-enforcement delay that ends, and recomputation after new facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vetted.audit.models import AuditEvent
from vetted.clocks.models import Obligation
from vetted.clocks.services import close_obligation
from vetted.incidents.services.clocks import obligations, vendor_notice_late
from vetted.incidents.services.recording import update_facts

from .conftest import at, elements

pytestmark = pytest.mark.django_db


def due(incident: Any) -> dict[tuple[str, str], Any]:
    return {(o.kind, o.condition): o for o in obligations(incident)}


def test_connecticut_vendor_deadline_follows_the_data_involved(tenant: Any, make_incident: Any) -> None:
    admin = tenant.user("admin")
    # Grades (not directory information): 30 calendar days from discovery on Mon Mar 2, 2026; the
    # day of discovery is not counted, so the 30th day is Wed Apr 1 (after the spring change: EDT).
    grades = make_incident(tenant.district, admin, vendor_discovered_at=at(2026, 3, 2, 10), elements=elements("grades"),
                           district_aware_at=at(2026, 3, 20, 9))  # fmt: skip
    rows = due(grades)
    assert rows[("vendor_breach_notice_to_district", "student_information_excluding_directory")].due_at == at(
        2026, 4, 1, 23, 59, 59
    )
    assert ("vendor_breach_notice_to_district", "directory_records_or_content") not in rows
    assert rows[("vendor_breach_notice_to_district", "student_information_excluding_directory")].citation == (
        "Conn. Gen. Stat. 10-234dd(a)"
    )
    # Only directory information (the student's name): the 60-day tier, due Fri May 1.
    names = make_incident(tenant.district, admin, vendor_discovered_at=at(2026, 3, 2, 10),
                          elements=elements("student-name"), district_aware_at=at(2026, 3, 20, 9))  # fmt: skip
    rows = due(names)
    assert rows[("vendor_breach_notice_to_district", "directory_records_or_content")].due_at == at(
        2026, 5, 1, 23, 59, 59
    )
    assert ("vendor_breach_notice_to_district", "student_information_excluding_directory") not in rows
    # Student work is student-generated content: the 60-day tier too, though not directory information.
    work = make_incident(tenant.district, admin, vendor_discovered_at=at(2026, 3, 2, 10),
                         elements=elements("student-work"), district_aware_at=at(2026, 3, 20, 9))  # fmt: skip
    assert set(due(work)) >= {("vendor_breach_notice_to_district", "directory_records_or_content")}


def test_the_district_clock_runs_from_awareness_over_a_weekend_and_a_holiday(
    tenant: Any, make_incident: Any
) -> None:
    # Aware Thu Jul 2, 2026 15:00. Fri Jul 3 is Independence Day (observed), then a weekend:
    # business day 1 is Mon Jul 6, day 2 is Tue Jul 7 -> due Tue Jul 7 23:59:59 EDT.
    incident = make_incident(tenant.district, tenant.user("admin"), vendor_discovered_at=at(2026, 6, 1, 8),
                             district_aware_at=at(2026, 7, 2, 15), elements=elements("grades"))  # fmt: skip
    families = due(incident)[("district_breach_notice_to_families", "")]
    assert families.due_at == at(2026, 7, 7, 23, 59, 59)
    assert (families.event, families.event_at) == ("breach.reported_to_district", at(2026, 7, 2, 15))
    assert families.citation.startswith("Conn. Gen. Stat. 10-234dd(c)") and families.decided_by == "us-ct"


def test_the_district_policy_48_hours_beat_two_business_days(tenant: Any, make_incident: Any) -> None:
    tenant.district.policy_packs = ["demo-ct-2017"]
    tenant.district.save()
    incident = make_incident(tenant.district, tenant.user("admin"), vendor_discovered_at=at(2026, 7, 1, 8),
                             district_aware_at=at(2026, 7, 2, 15), elements=elements("grades"))  # fmt: skip
    rows = due(incident)
    families = rows[("district_breach_notice_to_families", "")]
    # 48 hours from Thu 15:00 is Sat Jul 4 15:00, earlier than Tue Jul 7 23:59:59 (two business days).
    assert families.due_at == at(2026, 7, 4, 15) and families.decided_by == "demo-ct-2017"
    # The policy's 48 hours for the vendor also beat the statute's 30 days: Fri Jul 3 08:00.
    vendor = rows[("vendor_breach_notice_to_district", "student_information_excluding_directory")]
    assert vendor.due_at == at(2026, 7, 3, 8) and vendor.decided_by == "demo-ct-2017"


def test_new_york_7_10_and_60_days_across_the_autumn_change(other_tenant: Any, make_incident: Any) -> None:
    # Discovered Wed Oct 28, 2026 09:00 EDT: 7 calendar days -> Wed Nov 4 23:59:59, after clocks went
    # back on Sun Nov 1 (EST). Aware Fri Oct 30 14:00: the state CPO within 10 days -> Mon Nov 9
    # 23:59:59 EST; parents within 60 days -> Tue Dec 29 23:59:59 EST.
    incident = make_incident(other_tenant.district, other_tenant.user("admin"), vendor_discovered_at=at(2026, 10, 28, 9),
                             district_aware_at=at(2026, 10, 30, 14), elements=elements("grades"))  # fmt: skip
    rows = due(incident)
    assert rows[("vendor_breach_notice_to_district", "")].due_at == at(2026, 11, 4, 23, 59, 59)
    assert rows[("district_breach_report_to_state", "")].due_at == at(2026, 11, 9, 23, 59, 59)
    assert rows[("district_breach_notice_to_families", "")].due_at == at(2026, 12, 29, 23, 59, 59)
    assert rows[("district_breach_report_to_state", "")].citation == "8 NYCRR 121.10(b)"
    assert rows[("district_breach_report_to_state", "")].recipient == "state_agency"
    assert at(2026, 11, 4, 23, 59, 59).utcoffset() == dt.timedelta(hours=-5)  # EST


def test_the_national_agreement_72_hours_across_the_spring_change(
    other_tenant: Any, make_incident: Any
) -> None:
    other_tenant.district.policy_packs = ["ndpa-v1"]
    other_tenant.district.save()
    # Fri Mar 6, 2026 12:00 EST + 72 real hours = Mon Mar 9 13:00 EDT (the clocks went forward on Sun).
    incident = make_incident(other_tenant.district, other_tenant.user("admin"), vendor_discovered_at=at(2026, 3, 6, 12),
                             district_aware_at=at(2026, 3, 9, 10), elements=elements("grades"))  # fmt: skip
    vendor = due(incident)[("vendor_breach_notice_to_district", "")]
    assert vendor.due_at == at(2026, 3, 9, 13) and vendor.decided_by == "ndpa-v1"
    assert vendor.citation == "NDPA v1.0, Article V, Data Breach"


def test_a_late_vendor_notice_is_flagged_and_closes_its_duty(tenant: Any, make_incident: Any) -> None:
    # Grades: due Wed Apr 1 23:59:59 EDT; the notice arrived Thu Apr 2 09:00.
    incident = make_incident(tenant.district, tenant.user("admin"), vendor_discovered_at=at(2026, 3, 2, 10),
                             district_aware_at=at(2026, 4, 2, 9), vendor_notice_at=at(2026, 4, 2, 9),
                             elements=elements("grades"))  # fmt: skip
    vendor = due(incident)[("vendor_breach_notice_to_district", "student_information_excluding_directory")]
    assert vendor.status == "done" and "after its deadline" in vendor.close_reason
    assert [o.pk for o in vendor_notice_late(incident)] == [vendor.pk]
    on_time = make_incident(tenant.district, tenant.user("admin"), vendor_discovered_at=at(2026, 3, 2, 10),
                            district_aware_at=at(2026, 4, 1, 9), vendor_notice_at=at(2026, 4, 1, 9),
                            elements=elements("grades"))  # fmt: skip
    assert vendor_notice_late(on_time) == []


def test_new_facts_recompute_the_open_clocks_and_say_what_changed(
    other_tenant: Any, make_incident: Any
) -> None:
    admin = other_tenant.user("admin")
    incident = make_incident(other_tenant.district, admin, vendor_discovered_at=at(2026, 10, 28, 9),
                             district_aware_at=at(2026, 10, 30, 14), elements=elements("student-name"))  # fmt: skip
    rows = due(incident)
    state = rows[("district_breach_report_to_state", "")]
    close_obligation(state, actor=admin, status="done", reason="Form sent to the CPO.")
    # The district was in fact aware a day earlier (Thu Oct 29 11:00 EDT): the open family duty
    # moves to 60 days from then, Mon Dec 28 23:59:59 EST; the met state report keeps Nov 9.
    changes = update_facts(incident, actor=admin, data={"district_aware_at": at(2026, 10, 29, 11),
                                                        "elements": elements("student-name", "grades")})  # fmt: skip
    rows = due(incident)
    assert rows[("district_breach_notice_to_families", "")].due_at == at(2026, 12, 28, 23, 59, 59)
    assert rows[("district_breach_report_to_state", "")].due_at == at(2026, 11, 9, 23, 59, 59)
    assert rows[("district_breach_report_to_state", "")].status == "done"
    assert any(c.startswith("Moved: district breach notice to families") for c in changes), changes
    event = AuditEvent.objects.filter(
        event_type="incident.clocks_recomputed", subject_id=str(incident.pk)
    ).last()
    assert (
        event is not None
        and event.details["changes"] == changes
        and "district aware at" in event.details["why"]
    )
    assert AuditEvent.objects.filter(event_type="obligation.rescheduled").exists()
    # Nothing new: the facts are saved, and nothing is recomputed or audited twice.
    assert update_facts(incident, actor=admin, data={"district_aware_at": at(2026, 10, 29, 11)}) == []


def test_a_new_element_starts_the_tier_it_brings(tenant: Any, make_incident: Any) -> None:
    admin = tenant.user("admin")
    incident = make_incident(tenant.district, admin, vendor_discovered_at=at(2026, 3, 2, 10),
                             district_aware_at=at(2026, 3, 20, 9), elements=elements("student-name"))  # fmt: skip
    changes = update_facts(incident, actor=admin, data={"elements": elements("student-name", "grades")})
    assert changes == [
        "New: vendor breach notice to district (student information excluding directory), due "
        "Wed Apr 1, 2026 11:59 PM EDT (Conn. Gen. Stat. 10-234dd(a)).",
        "New: vendor breach notice to families (student information excluding directory), due "
        "Wed Apr 1, 2026 11:59 PM EDT (Conn. Gen. Stat. 10-234dd(d)).",
    ]
    # Taking the directory element away leaves its tier without a reason to run: waived, with why.
    changes = update_facts(incident, actor=admin, data={"elements": elements("grades")})
    gone = Obligation.objects.get(subject_id=str(incident.pk), condition="directory_records_or_content",
                                  kind="vendor_breach_notice_to_district")  # fmt: skip
    assert gone.status == "waived" and "No longer applies" in gone.close_reason
    assert changes == [
        "No longer applies: vendor breach notice to district (directory records or content).",
        "No longer applies: vendor breach notice to families (directory records or content).",
    ]


def test_a_law_enforcement_delay_that_ends_moves_family_notice(other_tenant: Any, make_incident: Any) -> None:
    admin = other_tenant.user("admin")
    incident = make_incident(other_tenant.district, admin, vendor_discovered_at=at(2026, 10, 28, 9),
                             district_aware_at=at(2026, 10, 30, 14), elements=elements("grades"),
                             delay_started_at=at(2026, 10, 31, 10), delay_agency="State Police")  # fmt: skip
    assert due(incident)[("district_breach_notice_to_families", "")].due_at == at(2026, 12, 29, 23, 59, 59)
    # The delay ends Fri Nov 20 10:00 EST: it lasted 20 days and 1 hour (Oct 31 10:00 EDT is 14:00 UTC,
    # Nov 20 10:00 EST is 15:00 UTC). NY's delayed notice: 7 days -> Fri Nov 27 23:59:59 EST; the
    # 60-day family duty moves on by the delay: Dec 29 23:59:59 + 20 d 1 h = Tue Jan 19, 2027 00:59:59.
    changes = update_facts(incident, actor=admin, data={"delay_ended_at": at(2026, 11, 20, 10)})
    rows = due(incident)
    assert rows[("delayed_breach_notice_to_families", "")].due_at == at(2026, 11, 27, 23, 59, 59)
    assert rows[("district_breach_notice_to_families", "")].due_at == at(2027, 1, 19, 0, 59, 59)
    assert rows[("district_breach_report_to_state", "")].due_at == at(
        2026, 11, 9, 23, 59, 59
    )  # not a family duty
    assert len(changes) == 2
