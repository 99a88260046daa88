"""Red flags read from a vendor's text: each statement fires, each negated form does not.

Every sentence here is written for this test (fictional vendors)."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.review.red_flags import (
    CHANGE_OF_CONTROL,
    UNILATERAL_CHANGES,
    negated,
    red_flags,
    statement_in,
    text_flags,
)

FIRES = [
    ("no_sale", "Quizzle Labs may sell or rent your personal information to selected partners."),
    ("no_sale", "We may rent, sell or lease the information we collect to marketing firms."),
    ("no_sale", "Personal information collected through the app may be sold to third parties."),
    ("no_sale", "We do not sell student records, but we may rent personal information to partners."),
    ("no_targeted_advertising", "We use your activity to show you targeted advertising on other sites."),
    ("no_targeted_advertising", "Partners may serve behavioural advertising based on how students use the app."),
    ("no_targeted_advertising", "Our partners deliver interest-based ads to every account."),
    (UNILATERAL_CHANGES, "We may change these terms at any time without notice."),
    (UNILATERAL_CHANGES, "Sparrowfield reserves the right to modify this policy at its sole discretion."),
    (UNILATERAL_CHANGES, "These terms may be amended at any time by the company."),
    (CHANGE_OF_CONTROL, "If Quizzle Labs is involved in a merger or acquisition, your data may be transferred to the acquirer."),
    (CHANGE_OF_CONTROL, "In a sale of all or part of our assets, user information may be among the assets sold."),
    (CHANGE_OF_CONTROL, "We may transfer personal information to a successor or buyer of the business."),
    ("breach_notification", "In the event of a security breach, we will notify affected users when we deem appropriate."),
    ("breach_notification", "Notice of any data breach is given at our discretion."),
    ("breach_notification", "We may, but are not obligated to, notify schools of a security incident."),
]  # fmt: skip

QUIET = [
    ("no_sale", "We do not sell or rent your personal information."),
    ("no_sale", "Quizzle Labs will never sell, rent or trade student data."),
    ("no_sale", "Personal information will not be sold to anyone."),
    ("no_sale", "We don't sell personal information."),
    ("no_sale", "Customers may resell the service to their own clients."),
    ("no_sale", "Do Not Sell My Personal Information"),
    ("no_targeted_advertising", "We do not use student data for targeted advertising."),
    ("no_targeted_advertising", "Students never see behavioural advertising in the app."),
    ("no_targeted_advertising", "\u201cTargeted Advertising\u201d means ads chosen from a student's activity."),
    ("no_targeted_advertising", "The law prohibits targeted advertising to students."),
    (UNILATERAL_CHANGES, "We will not change these terms without notice to the school."),
    (UNILATERAL_CHANGES, "We may not modify this agreement at any time without the district's written consent."),
    (UNILATERAL_CHANGES, "We may update this policy from time to time and will e-mail schools 30 days before."),
    (UNILATERAL_CHANGES, "We can change your password at any time."),
    (CHANGE_OF_CONTROL, "In a merger, any successor is bound by the same commitments in this agreement."),
    (CHANGE_OF_CONTROL, "We will not transfer student data to an acquirer in any merger or acquisition."),
    (CHANGE_OF_CONTROL, "Our merger with Larkwing took place in 2019."),
    ("breach_notification", "We will notify the school of a breach within 48 hours."),
    ("breach_notification", "Notice of a breach is not at our discretion: we always notify the school within 72 hours."),
    ("breach_notification", "We may offer new features at our discretion."),
]  # fmt: skip


@pytest.mark.parametrize(("flag_id", "sentence"), FIRES)
def test_each_statement_fires(flag_id: str, sentence: str) -> None:
    assert statement_in(flag_id, sentence)


@pytest.mark.parametrize(("flag_id", "sentence"), QUIET)
def test_each_negated_or_unrelated_form_does_not(flag_id: str, sentence: str) -> None:
    assert not statement_in(flag_id, sentence)


def test_negation_is_read_within_the_clause() -> None:
    text = "We do not sell student data; we may rent it."
    assert negated(text, text.index("sell"))
    assert not negated(text, text.index("rent"))


def test_text_flags_carry_the_quote_and_place() -> None:
    sentences = [
        {"text": "Welcome to Quizzle.", "page": 1, "section": ""},
        {"text": "We may change these terms at any time without notice.", "page": 3, "section": "12 Changes"},
    ]
    (flag,) = text_flags(sentences)
    assert flag.provision_id == UNILATERAL_CHANGES and flag.kind == "says"
    assert (flag.page, flag.section) == (3, "12 Changes") and "without notice" in flag.quote


def _entry(pid: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "found": False, "status": "not_required", "evidence": [],
            "reason": "No selected rule requires this provision.", **fields}  # fmt: skip


def test_the_engines_reading_comes_first_and_one_flag_per_id() -> None:
    result = {
        "provisions": [
            _entry("no_sale", reason="Not required; note the document says the opposite (No sale).",
                   evidence=[{"quote": "We may sell data.", "page": 2, "section": "4"}]),
            _entry("breach_notification"),
            _entry("deletion_on_request"),
            _entry("ownership", found=True),
        ]
    }  # fmt: skip
    sentences = [
        {"text": "We may sell or rent your personal information.", "page": 5, "section": "9"},
        {
            "text": "If a breach occurs we will tell users when we deem appropriate.",
            "page": 6,
            "section": "10",
        },
    ]
    flags = red_flags(result, sentences)
    by_id = {f.provision_id: f for f in flags}
    assert len(by_id) == len(flags)  # one per id: the committee answers each once
    assert by_id["no_sale"].quote == "We may sell data."  # the engine's evidence, not the text layer's
    assert by_id["breach_notification"].kind == "says"  # a statement replaces the silence
    assert by_id["deletion_on_request"].kind == "silent"
    assert [f.kind for f in flags] == ["says", "says", "silent"]


def test_without_sentences_only_the_engines_result_counts() -> None:
    result = {"provisions": [_entry("breach_notification"), _entry("no_sale")]}
    assert [(f.provision_id, f.kind) for f in red_flags(result)] == [("breach_notification", "silent")]
