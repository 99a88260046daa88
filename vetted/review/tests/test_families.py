"""Phrasing families from real agreements and policies, written in our own words."""

from __future__ import annotations

import pytest

from .helpers import found

FAMILIES = [
    ("ownership", "Customer Data is owned by the Customer."),
    ("ownership", "Schools retain ownership of all student records they upload."),
    ("ownership", "All rights, title and interest in and to Student Data remain with the LEA."),
    ("use_limitation", "The Provider will process student data only as necessary to perform the Services."),
    ("use_limitation", "Student data is used to provide the services and for no other purpose."),
    (
        "parent_access_correction",
        "We will assist the LEA in responding to parent requests to review or correct student records.",
    ),
    ("deletion_on_request", "You may request that we delete your child's personal information."),
    (
        "deletion_on_request",
        "Upon written request of the LEA, Provider shall delete the requested Student Data within ten (10) days.",
    ),
    (
        "disposition_at_end",
        "Upon expiration, the Vendor shall return or destroy all student records within thirty days.",
    ),
    (
        "disposition_at_end",
        "Within sixty (60) days of termination, Provider shall dispose of or delete all Student Data.",
    ),
    ("security_safeguards", "We encrypt data in transit and at rest."),
    ("security_safeguards", "Our platform is audited annually against the SOC 2 Type II criteria."),
    ("security_safeguards", "Provider shall employ industry-standard safeguards to protect Student Data."),
    (
        "breach_notification",
        "We will notify affected schools in the most expedient time possible after discovering a breach.",
    ),
    (
        "ferpa_compliance",
        "The Provider is under the direct control of the LEA with respect to the use of education records.",
    ),
    ("ferpa_compliance", "The Vendor acts as a school official with a legitimate educational interest."),
    ("other_laws_compliance", "Provider will comply with PPRA and SOPPA."),
    (
        "other_laws_compliance",
        "The Contractor shall comply with Education Law 2-d and Part 121 of the regulations.",
    ),
    (
        "third_party_disclosure",
        "Provider shall enter into written agreements with subprocessors that are no less protective than this DPA.",
    ),
    (
        "third_party_disclosure",
        "These obligations flow down to every subprocessor that handles student data.",
    ),
    (
        "employee_confidentiality",
        "All employees with access to student data are bound by confidentiality obligations.",
    ),
    ("deidentified_data", "Provider shall not attempt to re-identify de-identified data."),
    (
        "general_offer",
        "The Provider offers the same privacy protections to any other LEA that signs Exhibit E.",
    ),
    ("audit_right", "Upon reasonable notice, the LEA may audit the Provider's security practices."),
    (
        "severability",
        "Should any provision of this Agreement be found invalid, the remainder shall continue in effect.",
    ),
    ("no_sale", "We do not sell or share personal information as those terms are defined under the CCPA."),
    (
        "student_content_transfer",
        "Students may download a copy of their work before their account is closed.",
    ),
]


@pytest.mark.parametrize(("provision", "sentence"), FAMILIES)
def test_family_is_found(provision: str, sentence: str) -> None:
    assert found(sentence)[provision]["found"], sentence


NOT_OPERATIVE = [
    ("ownership", "Data Ownership and Authorized Use"),
    ("ferpa_compliance", '"School Official" means a contractor under the direct control of the LEA.'),
    ("other_laws_compliance", "COPPA and PPRA protect children and pupils in different ways."),
    ("security_safeguards", "The law expects protections such as encryption to be used."),
    ("breach_notification", "Breach notices"),
    (
        "third_party_disclosure",
        "Under the regulations, when a breach occurs, the District must notify parents.",
    ),
    ("security_safeguards", "Our counsel would rather offer our SOC 2 report than on-site audits."),
    ("disposition_at_end", "Article 4 Data Disposition Upon Termination .......... 9"),
]


@pytest.mark.parametrize(("provision", "sentence"), NOT_OPERATIVE)
def test_look_alike_is_not_found(provision: str, sentence: str) -> None:
    assert not found(sentence)[provision]["found"], sentence
