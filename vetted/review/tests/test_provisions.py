"""Each provision: operative phrasings found, look-alikes ignored, opposites flagged as conflicts."""

from __future__ import annotations

import pytest

from .helpers import found

POSITIVE = [
    (
        "ownership",
        "All pupil records supplied by the school district remain the property of the school district.",
    ),
    ("ownership", "Schools own their student data, and we act only as a custodian of it."),
    (
        "use_limitation",
        "The Vendor will process student data solely to provide the contracted learning services.",
    ),
    (
        "use_limitation",
        "We use what students type only to run the tutoring features their teacher turned on.",
    ),
    ("no_sale", "We never sell or rent the personal information of students."),
    ("no_sale", "Student records will not be sold, leased or traded to anyone, except as part of a merger."),
    ("no_targeted_advertising", "We don't use student information for behavioral advertising."),
    ("no_targeted_advertising", "Contractor shall not display targeted ads to pupils."),
    ("no_profiling", "The Operator will not build a profile of any student except for school purposes."),
    (
        "third_party_disclosure",
        "Provider shall not disclose student data to any third party except its subprocessors.",
    ),
    (
        "third_party_disclosure",
        "Our subprocessors are bound by written agreements with terms no less protective than these.",
    ),
    (
        "parent_access_correction",
        "A parent may review the records we hold about the child and ask us to correct errors.",
    ),
    ("student_content_transfer", "Students can export their projects to a personal account at any time."),
    ("deletion_on_request", "You can request deletion of your child's account by emailing our support team."),
    (
        "deletion_on_request",
        "Upon written request from the district, the vendor shall destroy the named records.",
    ),
    (
        "disposition_at_end",
        "Within ninety days after termination of the agreement, Company shall delete all student data.",
    ),
    (
        "security_safeguards",
        "We maintain administrative, technical and physical safeguards to keep student data secure.",
    ),
    (
        "breach_notification",
        "Vendor shall notify the district within two business days of discovering a data breach.",
    ),
    (
        "ferpa_compliance",
        "For FERPA purposes the Provider is designated a school official with a legitimate educational interest.",
    ),
    (
        "other_laws_compliance",
        "We comply with COPPA and with the student privacy law of each state where we operate.",
    ),
    ("governing_law", "This agreement is governed by the laws of the Commonwealth of Massachusetts."),
    (
        "severability",
        "If any term of this agreement is held unenforceable, the remaining terms stay in full force.",
    ),
    (
        "audit_right",
        "The district may audit the contractor's data security practices once a year on reasonable notice.",
    ),
    ("deidentified_data", "The Company will not attempt to re-identify de-identified student data."),
    (
        "general_offer",
        "Provider extends the same privacy terms to any other school district that signs the general offer form.",
    ),
    (
        "employee_confidentiality",
        "Every employee with access to student data signs a confidentiality agreement.",
    ),
]

NEGATIVE = [
    (
        "no_targeted_advertising",
        '"Targeted advertising" means showing a student ads chosen from their online behavior.',
    ),
    ("no_sale", "No Sale of Student Data"),
    ("ferpa_compliance", "FERPA is a federal law that protects the privacy of student education records."),
    ("other_laws_compliance", "COPPA requires operators of websites for children to get parental consent."),
    ("breach_notification", "Article 5 Breach Notification .......... 12"),
    ("governing_law", "You may not sell access to the service."),
    ("no_sale", "You may not sell, resell or lease the Service to anyone."),
    ("breach_notification", "We may, but are not obligated to, notify you after a security incident."),
    ("student_content_transfer", "Student accounts cannot download projects or move them elsewhere."),
    (
        "ownership",
        "Every contract must include terms to the following effect:\n- that student records remain the property of the district;",
    ),
]

CONFLICT = [
    ("no_sale", "We may sell or rent personal information about our users to marketing partners."),
    ("no_sale", "Nothing in this agreement prohibits the sale of usage data by the Company."),
    ("no_targeted_advertising", "We may share your information with advertisers so they can reach you."),
    ("no_targeted_advertising", "We use your activity to show you personalized ads."),
    ("ownership", "All content uploaded by students becomes the sole property of the Company."),
    ("deidentified_data", "Our partners may combine the data sets and re-identify individual users."),
    ("third_party_disclosure", "We may share usage details with partners for their own marketing purposes."),
    ("disposition_at_end", "We retain student records indefinitely after the contract ends."),
]


@pytest.mark.parametrize(("provision", "sentence"), POSITIVE)
def test_operative_statement_is_found(provision: str, sentence: str) -> None:
    entry = found(sentence)[provision]
    assert entry["found"], sentence
    assert 0.5 <= entry["confidence"] <= 1
    assert entry["evidence"] and entry["evidence"][0]["quote"]


@pytest.mark.parametrize(("provision", "sentence"), NEGATIVE)
def test_non_operative_text_is_not_found(provision: str, sentence: str) -> None:
    entry = found(sentence)[provision]
    assert not entry["found"], sentence


@pytest.mark.parametrize(("provision", "sentence"), CONFLICT)
def test_opposite_statement_is_a_conflict(provision: str, sentence: str) -> None:
    from vetted.review import Requirement, review_bytes

    result = review_bytes(sentence.encode(), "c.txt", requirements=[Requirement(provision)]).to_dict()
    entry = next(p for p in result["provisions"] if p["id"] == provision)
    assert not entry["found"]
    assert entry["status"] == "conflict", sentence


def test_lead_in_negation_carries_to_list_items() -> None:
    text = "The Provider agrees not to:\n(a) sell student data;\n(b) use student data for targeted advertising; or\n(c) build student profiles for marketing.\n"
    got = found(text)
    assert (
        got["no_sale"]["found"] and got["no_targeted_advertising"]["found"] and got["no_profiling"]["found"]
    )
