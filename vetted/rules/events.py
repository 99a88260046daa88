"""The fixed vocabulary packs are written in: events, parties, units, conditions.

Deadlines start from an event. Other apps record these same dotted names when the
thing happens (an agreement is executed, a vendor reports a breach ...) and ask the
clock what is due. A pack that names anything outside these sets is refused at load.
"""

from __future__ import annotations

from typing import Literal

from .errors import UnknownEventError

EVENTS: dict[str, str] = {
    "agreement.executed": "The district signed a contract/DPA with a vendor.",
    "agreement.terminated": "The contract ended or was terminated; data must be disposed of.",
    "breach.discovered": "The VENDOR discovered (or determined) a breach of student data it holds.",
    "breach.discovered_by_district": "The district itself discovered a breach of student data.",
    "breach.reported_to_district": "The district received the vendor's breach notice.",
    "breach.notice_delay_ended": (
        "A lawful delay of family notice (law-enforcement request, unfixed vulnerability) ended."
    ),
    "resource_request.submitted": (
        "A staff member submitted a request to use a technology resource; the district's technology "
        "committee reviews it."
    ),
    "resource.decided": (
        "The district approved a resource (or approved it with parental permission); the approval "
        "is reviewed again later."
    ),
    "rights_request.received": (
        "The district received a parent's or eligible student's request to inspect, copy or correct records."
    ),
}

EVENT_NAMES: tuple[str, ...] = tuple(EVENTS)

# Deadline ids are shared across layers: a district rule tightens the law's rule with
# the same id. A fixed registry (id -> the event it starts from) means a typo in a
# district pack is refused instead of silently becoming an extra, unrelated deadline.
DEADLINE_IDS: dict[str, str] = {
    "family_notice_of_contract": "agreement.executed",
    "contract_posting": "agreement.executed",
    "vendor_breach_notice_to_district": "breach.discovered",
    "vendor_breach_notice_to_families": "breach.discovered",
    "district_breach_notice_to_families": "breach.reported_to_district",
    "district_breach_report_to_state": "breach.reported_to_district",
    "district_own_breach_notice_to_families": "breach.discovered_by_district",
    "district_own_breach_report_to_state": "breach.discovered_by_district",
    "delayed_breach_notice_to_families": "breach.notice_delay_ended",
    "records_access_response": "rights_request.received",
    "records_copy_response": "rights_request.received",
    "records_correction_response": "rights_request.received",
    "vendor_data_disposition": "agreement.terminated",
    "committee_review": "resource_request.submitted",
    "decision_review": "resource.decided",
}

# Some statutes run different clocks for the same duty depending on what was exposed.
# A deadline with a condition applies only in that case; one without applies always,
# so a district's unconditional 48 hours competes with each of the state's tiers.
CONDITIONS: dict[str, str] = {
    "student_information_excluding_directory": (
        "The breach exposed student information other than directory information."
    ),
    "directory_records_or_content": (
        "The breach exposed directory information, student records or student-generated content."
    ),
}

Unit = Literal["hours", "calendar_days", "business_days"]
UNITS: tuple[str, ...] = ("hours", "calendar_days", "business_days")

# Who acts and who is told. "families" = affected students, parents/guardians and
# eligible students; "state_agency" = the state education department or similar;
# "staff" = the district's own staff member concerned (e.g. the teacher who asked).
Party = Literal["district", "vendor", "families", "public", "state_agency", "staff"]


def check_event(event: str) -> str:
    """Return ``event`` if it is canonical, else raise UnknownEventError listing the set."""
    if event not in EVENTS:
        raise UnknownEventError(f"unknown event {event!r}; known events: {', '.join(EVENT_NAMES)}")
    return event
