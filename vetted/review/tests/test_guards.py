"""Deterministic guards: each one refuses a look-alike and lets the real statement through."""

from __future__ import annotations

import pytest

from vetted.review.tests.helpers import found


@pytest.mark.parametrize(
    ("pid", "passing", "refused"),
    [
        # disclaimer scope
        (
            "breach_notification",
            "The Vendor shall notify the District of any security breach within 48 hours.",
            "The Vendor is not liable to anyone if a security breach occurs and is reported late.",
        ),
        (
            "parent_access_correction",
            "Parents may review their child's records and ask the Vendor to correct errors.",
            "The Vendor makes no warranty that errors in the records will be corrected.",
        ),
        # negation scope on an affirmative promise
        (
            "other_laws_compliance",
            "The Vendor shall comply with COPPA when it handles pupil records.",
            "The Vendor does not comply with COPPA when it handles pupil records.",
        ),
        # the party bound
        (
            "other_laws_compliance",
            "The Vendor shall comply with all state student privacy laws.",
            "Customer shall comply with all state student privacy laws when it exports the service.",
        ),
        # recitals and descriptions of the law
        (
            "no_sale",
            "The Vendor shall not sell pupil records.",
            "WHEREAS, neither party wishes pupil records to be sold or rented to anyone;",
        ),
        (
            "no_sale",
            "The Vendor will never sell pupil records to anyone.",
            "Vermont law forbids a vendor to sell pupil records to anyone.",
        ),
        # word boundaries
        (
            "other_laws_compliance",
            "The Vendor shall comply with CIPA in the filtering it provides.",
            "Pupils who participate in the reading club must follow the club rules.",
        ),
        (
            "no_sale",
            "The Vendor shall not rent pupil records to marketers.",
            "The Vendor shall not release a parent report without the school's approval.",
        ),
        # words used for another purpose
        (
            "audit_right",
            "The District may audit the Vendor's security controls once a year.",
            "The Vendor keeps sign-in records for audit purposes for one year.",
        ),
        (
            "breach_notification",
            "The Vendor shall notify the District within 72 hours of any unauthorized access to pupil records.",
            "Either party may end this Agreement for a material breach not cured within 30 days of notice.",
        ),
        (
            "deletion_on_request",
            "The Vendor shall delete any pupil record the District names within ten days of its request.",
            "Upon termination of the Agreement, the Vendor shall destroy all pupil records at the District's direction.",
        ),
        (
            "student_content_transfer",
            "Students can download their own projects at any time.",
            "You grant the Vendor a worldwide, royalty-free licence to host, copy and display your content.",
        ),
    ],
)
def test_guard(pid: str, passing: str, refused: str) -> None:
    assert found(passing)[pid]["found"], passing
    assert not found(refused)[pid]["found"], refused


def test_destruction_at_the_districts_direction_is_disposition() -> None:
    got = found(
        "Upon termination of the Agreement, the Vendor shall destroy all pupil records at the District's direction."
    )
    assert got["disposition_at_end"]["found"] and not got["deletion_on_request"]["found"]


def test_breach_notice_at_the_vendors_discretion_is_a_conflict() -> None:
    got = found(
        "If we learn of a security incident, we will notify affected schools when we deem appropriate."
    )
    assert not got["breach_notification"]["found"] and got["breach_notification"]["evidence"]


def test_no_rule_fires_on_words_scattered_in_a_sentence() -> None:
    # "request", "school" and "delete" appear, but nobody asks for a deletion.
    got = found("The school may request a demo account, and teachers delete old classes in June.")
    assert not got["deletion_on_request"]["found"]
