from __future__ import annotations

import pytest

from vetted.rules import PROVISION_IDS, all_provisions, get_provision


def test_exactly_the_twenty_canonical_ids_in_order() -> None:
    assert PROVISION_IDS == (
        "ownership",
        "use_limitation",
        "no_sale",
        "no_targeted_advertising",
        "no_profiling",
        "third_party_disclosure",
        "parent_access_correction",
        "student_content_transfer",
        "deletion_on_request",
        "disposition_at_end",
        "security_safeguards",
        "breach_notification",
        "ferpa_compliance",
        "other_laws_compliance",
        "governing_law",
        "severability",
        "audit_right",
        "deidentified_data",
        "general_offer",
        "employee_confidentiality",
    )
    assert tuple(p.id for p in all_provisions()) == PROVISION_IDS


def test_every_provision_has_meaning_and_model_language() -> None:
    for p in all_provisions():
        assert p.title and p.meaning and p.model_language, p.id
        assert len(p.model_language.split()) >= 15, f"{p.id}: model language too thin"


def test_parameter_kinds() -> None:
    kinds = {p.id: p.param for p in all_provisions() if p.param}
    assert kinds == {"disposition_at_end": "days", "breach_notification": "hours", "governing_law": "state"}


def test_unknown_provision_names_the_known_ids() -> None:
    with pytest.raises(KeyError, match="unknown provision id 'no_such'.*ownership"):
        get_provision("no_such")
