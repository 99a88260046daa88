"""Disposition and breach periods in the phrasings real contracts use: numbers in words, weeks and
months, chained windows, backups and logs, de-identified data, the district's own duties, and
notices to others than the district."""

from __future__ import annotations

import pytest

from vetted.review import review_bytes
from vetted.review.detect.lexicon import normalize
from vetted.review.detect.params import breach_hours, disposition_days
from vetted.review.tests.helpers import found


def _days(sentence: str, previous: str | None = None) -> int | None:
    return disposition_days(normalize(sentence), normalize(previous) if previous else None)


def _hours(sentence: str) -> int | None:
    return breach_hours(normalize(sentence))


def _review(text: str) -> dict[str, dict]:
    return {p["id"]: p for p in review_bytes(text.encode(), "doc.txt").to_dict()["provisions"]}


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("Within sixty (60) days after the contract ends, the Vendor shall erase all pupil files.", 60),
        ("The Vendor shall erase all pupil files within thirty days after the contract ends.", 30),
        ("No later than ninety calendar days following expiry, the Vendor shall erase all pupil files.", 90),
        ("The Vendor shall erase all pupil files within six weeks after the contract ends.", 42),
        ("The Vendor shall erase all pupil files within three (3) months after the contract ends.", 90),
        (
            "The Vendor shall erase all pupil files, backups included, not to exceed 45 days after the term.",
            45,
        ),
        ("The Vendor shall erase all pupil files within one hundred twenty (120) days after the term.", 120),
    ],
)
def test_disposition_number_words_weeks_and_months(sentence: str, days: int) -> None:
    assert _days(sentence) == days


def test_export_window_then_deletion_adds_up() -> None:
    assert (
        _days(
            "After the term the School has a 30-day export window, after which the Vendor shall "
            "erase all pupil files within 30 days."
        )
        == 60
    )


def test_period_counted_from_the_end_of_the_previous_one_adds_up() -> None:
    assert (
        _days(
            "The Vendor may hold pupil files for up to twenty (20) days after the term so the School can "
            "download them, and shall then erase them, backups included, within ten (10) days thereafter."
        )
        == 30
    )
    assert (
        _days(
            "The Vendor erases pupil files from live servers within one (1) month after the term, and "
            "backups are purged within fifteen (15) days after that deletion is complete."
        )
        == 45
    )


def test_transition_window_in_the_sentence_before_is_added() -> None:
    previous = "After the term, pupil files stay available for download during a transition period of up to sixty (60) days."
    sentence = "Within ten (10) days after the transition period ends, the Vendor shall erase every copy of the pupil files."
    assert _days(sentence, previous) == 70
    assert _days(sentence) == 10  # without the window, only the stated period


def test_logs_and_backups_take_the_latest_period() -> None:
    assert (
        _days(
            "After the term the Vendor erases pupil files from live servers within 14 days; backups "
            "expire within 60 days; access logs naming pupils are erased within 100 days after the term."
        )
        == 100
    )


def test_deidentified_data_is_not_student_data() -> None:
    assert (
        _days(
            "The Vendor erases pupil files within 30 days after the term; aggregated, de-identified "
            "counts may be kept for up to 730 days after the term."
        )
        == 30
    )


def test_districts_duty_inside_the_vendors_sentence_is_excluded() -> None:
    assert (
        _days(
            "The Vendor shall erase all pupil files within 30 days after the term; the District shall "
            "keep its exported copies for 1825 days after the term."
        )
        == 30
    )


def test_disposition_in_a_document_with_chained_window() -> None:
    got = found(
        "When the subscription ends the School receives a fourteen (14) day export window, after which "
        "the Vendor shall destroy all pupil records, backup copies included, within twenty-one (21) days."
    )
    assert got["disposition_at_end"]["found"]
    assert got["disposition_at_end"]["param"] == 35


@pytest.mark.parametrize(
    ("sentence", "hours"),
    [
        ("The Vendor shall notify the School within forty-eight (48) hours of finding a breach.", 48),
        ("The Vendor shall notify the School no more than 72 hours after discovery of a breach.", 72),
        ("The Vendor shall notify the School within two business days of confirming a breach.", 48),
        ("The Vendor shall notify the School within ten (10) days of confirming a breach.", 240),
        ("The Vendor shall notify the School within one week of confirming a breach.", 168),
        (
            "The Vendor shall notify the School as soon as practicable but no later than thirty-six (36) "
            "hours after it learns of a breach.",
            36,
        ),
        (
            "The Vendor shall give the School initial notice by telephone within 24 hours of a breach, "
            "followed by written notice within 5 days.",
            24,
        ),
    ],
)
def test_breach_phrasings(sentence: str, hours: int) -> None:
    assert _hours(sentence) == hours


def test_breach_notice_to_a_state_agency_is_ignored() -> None:
    got = _review(
        "The Vendor shall notify the School of a breach of pupil records within three (3) calendar days after discovery.\n\n"
        "The Vendor shall also report the breach to the State Department of Education within one (1) day.\n"
    )
    assert got["breach_notification"]["param"] == 72


def test_breach_notice_to_parents_is_ignored() -> None:
    got = _review(
        "The Vendor shall notify the School within five (5) days after discovering a breach of pupil records.\n\n"
        "The Vendor shall notify affected parents of the breach within two (2) days after the School approves the notice.\n"
    )
    assert got["breach_notification"]["param"] == 120


def test_periods_only_described_as_law_are_not_found() -> None:
    got = _review(
        "The statute requires an operator to erase pupil records within forty-five (45) days after a contract ends.\n\n"
        "The statute requires an operator to notify the school district within seventy-two (72) hours after a breach.\n"
    )
    assert not got["disposition_at_end"]["found"]
    assert not got["breach_notification"]["found"]


def test_backup_sentence_after_the_disposition_clause_sets_the_period() -> None:
    got = _review(
        "When the subscription ends, the Vendor erases the School's pupil files from live servers within 20 days. "
        "Backup copies roll off, so they are gone within 80 days after the subscription ends.\n"
    )
    assert got["disposition_at_end"]["param"] == 80


def test_backup_sentence_of_the_district_does_not_count() -> None:
    got = _review(
        "When the subscription ends, the Vendor erases the School's pupil files, backups included, within 20 days. "
        "The School keeps its own backup copies for 400 days after the subscription ends.\n"
    )
    assert got["disposition_at_end"]["param"] == 20


def test_school_that_stops_using_the_service_is_the_end() -> None:
    got = found(
        "When a school stops using Inkwell, we erase its pupil files from the live service within 10 days, "
        "and they are gone from our backups within 50 days after the school stops."
    )
    assert got["disposition_at_end"]["found"]
    assert got["disposition_at_end"]["param"] == 50


def test_notice_to_a_data_protection_commission_is_ignored() -> None:
    got = _review(
        "The Vendor shall notify the School within four (4) days of learning of a breach of pupil records.\n\n"
        "For its own staff data the Vendor will notify the national data protection commission within 72 hours.\n"
    )
    assert got["breach_notification"]["param"] == 96


def test_verbal_notice_in_a_list_item_under_the_incident_lead_in() -> None:
    got = _review(
        "If the Vendor learns that pupil records were disclosed without authorization, the Vendor shall:\n\n"
        "(a) give verbal notice to the School's principal within twelve (12) hours; and\n\n"
        "(b) follow with written notice within forty-eight (48) hours.\n"
    )
    assert got["breach_notification"]["found"]
    assert got["breach_notification"]["param"] == 12


def test_allow_inside_a_company_name_grants_no_audit() -> None:
    got = found(
        'These terms bind Hallowmere Assessments Inc. ("Hallowmere") in its work for the Ridgeford School District.'
    )
    assert not got["audit_right"]["found"]


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("The Vendor shall erase all pupil files no later than the sixtieth (60th) day after the term.", 60),
        ("The Vendor shall erase all pupil files by the 45th day after the term ends.", 45),
        ("The Vendor shall erase all pupil files within 30 (thirty) days after the term.", 30),
        ("The Vendor shall erase all pupil files within one (1) year after the term.", 365),
        ("After the term there is a 90-day holding period, after which every pupil file is purged.", 90),
    ],
)
def test_disposition_ordinals_reversed_numbers_years_and_holding_periods(sentence: str, days: int) -> None:
    assert _days(sentence) == days


def test_parents_deadline_in_the_same_sentence_is_ignored() -> None:
    assert (
        _hours(
            "The Vendor shall notify the School of a breach within three (3) days, and shall notify "
            "affected parents within two (2) days."
        )
        == 72
    )


def test_after_that_sentence_adds_the_kept_period() -> None:
    got = _review(
        "When the agreement ends, we keep student data for 20 days so the school can export it. "
        "After that, we erase it from our servers within 10 days and from backups within 40 days.\n"
    )
    assert got["disposition_at_end"]["param"] == 60


def test_email_to_the_school_is_a_notice() -> None:
    assert (
        _hours("If we discover a data breach, we will email the school's administrator within 36 hours.")
        == 36
    )


def test_certificate_after_the_deletion_is_not_a_copy() -> None:
    assert (
        _days(
            "The Vendor shall erase all pupil files within 30 days after the term and shall certify the "
            "erasure in writing within 10 days thereafter."
        )
        == 30
    )
    assert (
        _days(
            "Within 30 days after the term the Vendor shall erase all pupil files and confirm it in writing."
        )
        == 30
    )
