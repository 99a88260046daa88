"""Parameter extraction: notice hours, disposition days, governing state."""

from __future__ import annotations

import pytest

from vetted.review.detect.params import breach_hours, disposition_days, governing_state, word_to_int

from .helpers import found


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [
        ("Provider will notify the LEA within seventy-two (72) hours of discovering a breach.", 72),
        ("Vendor shall notify the District of any breach within thirty (30) days.", 720),
        ("We will tell your school within two business days if data is exposed.", 48),
        ("Contractor shall report a security incident to the Board within ten (10) calendar days.", 240),
        (
            "Operator shall notify the school without undue delay and no later than 48 hours after a breach.",
            48,
        ),
        ("Provider shall promptly notify the district of any unauthorized access.", None),
        ("The Company will notify the customer without unreasonable delay of a security incident.", None),
    ],
)
def test_breach_hours(sentence: str, hours: int | None) -> None:
    entry = found(sentence)["breach_notification"]
    assert entry["found"]
    assert entry["param"] == hours


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        (
            "Within sixty (60) days of termination of the agreement, Provider shall destroy all student data.",
            60,
        ),
        ("Company will delete student data 30 days after the contract ends.", 30),
        ("Upon expiration of the contract the vendor shall dispose of all records within ninety days.", 90),
    ],
)
def test_disposition_days(sentence: str, days: int) -> None:
    entry = found(sentence)["disposition_at_end"]
    assert entry["found"]
    assert entry["param"] == days


@pytest.mark.parametrize(
    ("sentence", "state"),
    [
        ("This agreement shall be governed by the laws of the State of California.", "CA"),
        (
            "This DPA is governed by and construed under the laws of the state in which the LEA is located.",
            "district",
        ),
        ("Connecticut law shall govern the rights and duties of the parties.", "CT"),
        (
            "This Agreement is construed in accordance with the laws of New York, without regard to conflicts rules.",
            "NY",
        ),
    ],
)
def test_governing_state(sentence: str, state: str) -> None:
    entry = found(sentence)["governing_law"]
    assert entry["found"]
    assert entry["param"] == state


def test_number_words() -> None:
    assert word_to_int("forty-eight") == 48
    assert word_to_int("one hundred twenty") == 120
    assert word_to_int("ninety") == 90
    assert breach_hours("notify within one week of a breach") == 168
    assert disposition_days("delete within 45 days after termination") == 45
    assert governing_state("these terms are governed by illinois law") == "IL"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("The Provider shall notify the LEA within one (1) business day of discovering a breach.", 24),
        ("We will let the school know about a data breach within a week.", 168),
        (
            "Vendor shall report any breach to the district no later than 10 business days after discovery.",
            240,
        ),
        (
            "Operator shall notify the Board of a breach without unreasonable delay and in no event later "
            "than seventy-two (72) hours after discovery.",
            72,
        ),
        ("Provider will notify the LEA of a breach in the most expedient time possible.", None),
    ],
)
def test_more_breach_forms(text: str, hours: int | None) -> None:
    entry = found(text)["breach_notification"]
    assert entry["found"] and entry["param"] == hours


def test_replacement_period_controls_over_the_body() -> None:
    text = (
        "5.3 The Provider shall notify the LEA within twenty-four (24) hours after discovering a breach.\n\n"
        "Exhibit G\n\n"
        "In place of the twenty-four (24) hour period in Section 5.3, the Provider shall notify the LEA "
        "of a breach not later than seventy-two (72) hours after discovery.\n"
    )
    assert found(text)["breach_notification"]["param"] == 72
    amended = (
        "The Provider shall notify the LEA within 48 hours of a breach.\n\n"
        "The breach notice period in Section 7.3 is amended to five (5) business days.\n"
    )
    assert found(amended)["breach_notification"]["param"] == 120


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "Within 60 days of termination or expiration of this Agreement, Provider shall delete all Student Data.",
            60,
        ),
        ("Upon expiration, the Vendor shall return or destroy all student records within thirty days.", 30),
        ("Provider shall dispose of all data no later than 10 business days after the contract ends.", 10),
    ],
)
def test_more_disposition_forms(text: str, days: int) -> None:
    entry = found(text)["disposition_at_end"]
    assert entry["found"] and entry["param"] == days


def test_enumeration_marker_is_not_a_number_in_parentheses() -> None:
    text = "The Provider shall notify the LEA of a breach within seventy-two (72) hours, or within forty-eight (48) hours for an incident involving passwords."
    assert found(text)["breach_notification"]["param"] == 48
