"""Reservations of the opposite: each family flagged, and commitments that share its words left alone."""

from __future__ import annotations

import pytest

from vetted.review import Requirement, review_bytes

from .helpers import found

CONFLICTS = [
    ("no_sale", "From time to time we may sell the contact details of account holders to list brokers."),
    ("no_sale", "Information you give us could be sold to companies that want to reach you."),
    ("no_sale", "In the past twelve months we have sold identifiers and usage data."),
    ("third_party_disclosure", "We share device and usage details with our ad network partners."),
    ("third_party_disclosure", "We provide learner information to data brokers and marketing partners."),
    (
        "third_party_disclosure",
        "We may disclose your information to our affiliates and business partners for any purpose.",
    ),
    ("no_targeted_advertising", "We engage in interest-based advertising across apps and websites."),
    ("no_targeted_advertising", "We use what you do in the app to show you personalized ads."),
    ("no_profiling", "We may combine what we learn from other sources to build a profile of your interests."),
    ("no_profiling", "We infer your interests and preferences from the lessons you open."),
    ("disposition_at_end", "We keep account records indefinitely, even after you close your account."),
    (
        "disposition_at_end",
        "We retain information for as long as necessary for our legitimate business purposes.",
    ),
    ("disposition_at_end", "We do not delete learner data when a school's subscription ends."),
    ("deletion_on_request", "We will not delete a pupil's records on request while the contract runs."),
    ("deletion_on_request", "We may decline deletion requests at our discretion."),
    (
        "breach_notification",
        "After a security incident we may, but are not obligated to, notify affected users.",
    ),
    ("breach_notification", "Whether to notify anyone of a data breach is at our sole discretion."),
    ("audit_right", "The District shall have no right to audit the Vendor's systems or premises."),
    ("audit_right", "The Company will not permit on-site audits of its facilities."),
    ("general_offer", "The Vendor does not extend these terms to any other school district."),
    ("general_offer", "Any other LEA must negotiate its own agreement with the Provider."),
    ("student_content_transfer", "Student projects cannot be exported or downloaded from the platform."),
    (
        "deidentified_data",
        "Our research partners may attempt to re-identify individuals in the aggregated data sets.",
    ),
    (
        "ownership",
        "You grant us a perpetual, irrevocable, worldwide license to use the content students upload for any purpose.",
    ),
    (
        "use_limitation",
        "We may use student information for our own marketing and market research.",
    ),
]


@pytest.mark.parametrize(("provision", "sentence"), CONFLICTS)
def test_reservation_is_a_conflict(provision: str, sentence: str) -> None:
    result = review_bytes(sentence.encode(), "c.txt", requirements=[Requirement(provision)]).to_dict()
    entry = next(p for p in result["provisions"] if p["id"] == provision)
    assert not entry["found"], sentence
    assert entry["status"] == "conflict", sentence


# Commitments that use the same words: never a conflict.
NOT_CONFLICTS = [
    ("no_sale", "We do not sell student information, and we never will."),
    ("third_party_disclosure", "We never share student data with advertisers or data brokers."),
    ("no_targeted_advertising", "We do not engage in interest-based advertising to students."),
    ("disposition_at_end", "We do not keep student records indefinitely; they are deleted within 30 days."),
    ("breach_notification", "We are not obligated to notify you of minor changes to this page."),
    ("audit_right", "The District may audit the Vendor's compliance once a year."),
    (
        "general_offer",
        "The Vendor offers these same terms to any other school district that signs Exhibit E.",
    ),
    ("ownership", "You grant us a limited license to use uploaded work solely to provide the service."),
    ("deidentified_data", "Partners may not attempt to re-identify anyone in de-identified data."),
    ("no_targeted_advertising", "We will not use student data for targeted advertising."),
]


@pytest.mark.parametrize(("provision", "sentence"), NOT_CONFLICTS)
def test_commitment_is_not_a_conflict(provision: str, sentence: str) -> None:
    entry = found(sentence)[provision]
    assert entry["found"] or entry["confidence"] == 0, sentence
    assert entry["status"] != "conflict"


def test_commitment_and_conflict_kept_apart() -> None:
    text = "We do not sell student data. We share usage details with our advertising partners."
    got = found(text)
    assert got["no_sale"]["found"]
    assert not got["third_party_disclosure"]["found"] and got["third_party_disclosure"]["confidence"] > 0


def test_cookie_banner_text_is_not_a_conflict() -> None:
    page = (
        b"<html><body><div class='cc-banner'>We use cookies to personalize ads.</div>"
        b"<p>Student data is never used for advertising of any kind.</p></body></html>"
    )
    result = review_bytes(page, "p.html").to_dict()
    entry = next(p for p in result["provisions"] if p["id"] == "no_targeted_advertising")
    assert entry["found"]
