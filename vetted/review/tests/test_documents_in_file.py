"""Files that hold several complete documents: counted, titled, and evidence says which one."""

from __future__ import annotations

from vetted.review import review_bytes

BUNDLE = """# Pebblecove — Legal

## Document 1: Pebblecove Terms of Service

Last updated March 3, 2026.

1. You may use the service for classroom work.
2. You must keep your password secret.
3. We may suspend accounts that break these terms.
4. Fees are due within 30 days of invoice.
5. If any term is held invalid, the remaining terms stay in force.
6. These terms are governed by the laws of the State of Idaho.

## Document 2: Pebblecove Student Privacy Policy

Last updated March 3, 2026.

We never sell student personal information.
We use student information only to provide the service to the school.
"""

SINGLE = """# Pebblecove Terms of Service

1. You may use the service for classroom work.
2. You must keep your password secret.
3. We may suspend accounts that break these terms.
4. Fees are due within 30 days of invoice.
5. If any term is held invalid, the remaining terms stay in force.
6. These terms are governed by the laws of the State of Idaho.

## 7. Privacy Policy

Our Privacy Policy explains how we handle information.
"""


def test_two_documents_are_counted_and_titled() -> None:
    d = review_bytes(BUNDLE.encode(), "bundle.md").to_dict()
    assert d["documents_in_file"] == 2
    assert d["document_titles"] == ["Pebblecove Terms of Service", "Pebblecove Student Privacy Policy"]


def test_evidence_names_its_document() -> None:
    d = review_bytes(BUNDLE.encode(), "bundle.md").to_dict()
    by_id = {p["id"]: p for p in d["provisions"]}
    sale = by_id["no_sale"]["evidence"][0]
    assert sale["document"] == 1 and sale["document_title"] == "Pebblecove Student Privacy Policy"
    law = by_id["governing_law"]["evidence"][0]
    assert law["document"] == 0 and law["document_title"] == "Pebblecove Terms of Service"


def test_a_section_named_privacy_policy_is_no_second_document() -> None:
    d = review_bytes(SINGLE.encode(), "terms.md").to_dict()
    assert d["documents_in_file"] == 1 and d["document_titles"] == ["Pebblecove Terms of Service"]
