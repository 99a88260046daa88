"""Parameter conventions of issue 14: disposition until every copy is gone, the first notice to the
district, governing law from its own clause, template placeholders, provisions by reference."""

from __future__ import annotations

from vetted.review import review_bytes
from vetted.review.tests.helpers import found


def _review(text: str, name: str = "doc.txt") -> dict[str, dict]:
    return {p["id"]: p for p in review_bytes(text.encode(), name).to_dict()["provisions"]}


def test_disposition_counts_until_backups_are_gone() -> None:
    got = found(
        "After the Agreement ends, the Vendor shall delete pupil records from its live systems within "
        "thirty (30) days and from its backup copies within sixty (60) days."
    )
    assert got["disposition_at_end"]["param"] == 60


def test_district_retention_is_not_the_vendors_disposition() -> None:
    got = _review(
        "Within thirty (30) days after the Agreement ends, the Vendor shall destroy all pupil records.\n\n"
        "After the Agreement ends, the District shall keep its own copies of the records for 365 days and then destroy them.\n"
    )
    assert got["disposition_at_end"]["param"] == 30


def test_first_notice_to_the_district_whatever_its_form() -> None:
    got = found(
        "The Vendor shall give the District 24-hour verbal notice and 72-hour written notice of any "
        "unauthorized access to pupil records."
    )
    assert got["breach_notification"]["param"] == 24


def test_regulators_period_is_ignored() -> None:
    got = _review(
        "Under the GDPR the Vendor notifies the supervisory authority within 72 hours of a personal data breach.\n\n"
        "The Vendor shall notify the District of any security incident within forty-eight (48) hours.\n"
    )
    assert got["breach_notification"]["param"] == 48


def test_governing_law_comes_from_the_governing_law_clause() -> None:
    got = _review(
        "California residents may ask what we collect under California law. California residents may also "
        "opt out of sharing. Texas residents may ask for a copy of their data.\n\n"
        "These terms are governed by the laws of the State of Oregon.\n"
    )
    assert got["governing_law"]["param"] == "OR"


def test_placeholders_are_found_without_a_value() -> None:
    got = _review(
        "This DPA is governed by the laws of the State of [State].\n\n"
        "The Provider shall notify the LEA of a breach of Student Data within [Number] hours.\n\n"
        "Upon termination, the Provider shall destroy all Student Data within ____ days.\n"
    )
    for pid in ("governing_law", "breach_notification", "disposition_at_end"):
        assert got[pid]["found"], pid
        assert got[pid]["param"] is None and got[pid]["placeholder"] is True, pid


def test_a_real_value_is_no_placeholder() -> None:
    got = found("This DPA is governed by the laws of the State of Ohio.")
    assert got["governing_law"]["param"] == "OH" and got["governing_law"]["placeholder"] is False


def test_provision_brought_in_by_reference_is_absent_with_a_note() -> None:
    got = found("We notify schools of any security incident as described in our Privacy Policy.")
    assert not got["breach_notification"]["found"]
    assert "Privacy Policy" in (got["breach_notification"]["note"] or "")


def test_internal_reference_still_counts() -> None:
    got = found(
        "The Vendor shall notify the District of any breach of pupil records as set out in Section 4.6."
    )
    assert got["breach_notification"]["found"] and got["breach_notification"]["note"] is None
