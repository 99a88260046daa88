"""Judging the findings against requirements; the result shape."""

from __future__ import annotations

from typing import Any

from vetted.review import PROVISION_IDS, Limits, Requirement, render_text, review_bytes

DOC = b"""Data Privacy Agreement

1. Provider shall notify the District within thirty (30) days of discovering a breach of student data.
2. This agreement is governed by the laws of the State of California.
3. Provider shall delete all student data within ninety (90) days after termination of the agreement.
4. The Provider will not sell student data.
5. We may use student information to show targeted advertising to students.
"""

REQS = [
    Requirement("breach_notification", {"hours": 48}, "C.G.S. 10-234dd", ("us-ct",)),
    {
        "provision_id": "governing_law",
        "params": {"state": "CT"},
        "citation": "C.G.S. 10-234bb",
        "required_by": ["us-ct"],
    },
    Requirement("disposition_at_end", {"days": 60}, "district policy", ("demo",)),
    Requirement("no_sale", {}, "C.G.S. 10-234cc", ("us-ct",)),
    Requirement("no_targeted_advertising", {}, "C.G.S. 10-234cc", ("us-ct",)),
    Requirement("severability", {}, "C.G.S. 10-234bb", ("us-ct",)),
]


def _by_id(
    data: bytes = DOC, *, district_state: str | None = None, limits: Limits | None = None
) -> dict[str, dict[str, Any]]:
    result = review_bytes(
        data, "dpa.md", requirements=REQS, district_state=district_state, limits=limits
    ).to_dict()
    return {p["id"]: p for p in result["provisions"]}


def test_statuses() -> None:
    got = _by_id()
    assert got["breach_notification"]["status"] == "insufficient"
    assert got["breach_notification"]["param"] == 720
    assert got["governing_law"]["status"] == "insufficient"
    assert got["disposition_at_end"]["status"] == "insufficient"
    assert got["no_sale"]["status"] == "satisfied"
    assert got["no_targeted_advertising"]["status"] == "conflict"
    assert got["severability"]["status"] == "missing"
    assert got["ferpa_compliance"]["status"] == "not_required"
    assert got["no_sale"]["required_by"] == ["us-ct"]
    assert all(p["reason"] for p in got.values())


def test_district_state_satisfies_district_governing_law() -> None:
    doc = b"This agreement is governed by the laws of the state in which the LEA is located."
    req = [Requirement("governing_law", {"state": "CT"}, "x", ("us-ct",))]
    ct = review_bytes(doc, "a.txt", requirements=req, district_state="CT").to_dict()["provisions"]
    ny = review_bytes(doc, "a.txt", requirements=req, district_state="NY").to_dict()["provisions"]
    assert next(p for p in ct if p["id"] == "governing_law")["status"] == "satisfied"
    assert next(p for p in ny if p["id"] == "governing_law")["status"] == "insufficient"


def test_strictest_requirement_wins() -> None:
    reqs = [
        Requirement("breach_notification", {"hours": 72}, "a", ("p1",)),
        Requirement("breach_notification", {"hours": 24}, "b", ("p2",)),
    ]
    doc = b"Vendor shall notify the district within 48 hours of a breach."
    entry = next(
        p
        for p in review_bytes(doc, "a.txt", requirements=reqs).to_dict()["provisions"]
        if p["id"] == "breach_notification"
    )
    assert entry["status"] == "insufficient"
    assert entry["required_by"] == ["p1", "p2"]


def test_result_shape_and_report() -> None:
    result = review_bytes(DOC, "dpa.md", requirements=REQS)
    d = result.to_dict()
    assert set(d) == {"document", "provisions", "documents_in_file", "document_titles"}
    assert set(d["document"]) == {"name", "sha256", "pages", "characters"}
    assert d["documents_in_file"] == 1 and len(d["document_titles"]) == 1  # its title, or the file name
    assert [p["id"] for p in d["provisions"]] == list(PROVISION_IDS)
    keys = {
        "id",
        "found",
        "confidence",
        "param",
        "placeholder",
        "note",
        "evidence",
        "status",
        "required_by",
        "reason",
    }
    assert all(set(p) == keys for p in d["provisions"])
    for p in d["provisions"]:
        for ev in p["evidence"]:
            assert set(ev) == {"quote", "page", "section", "document", "document_title"}
            assert len(ev["quote"]) <= 301 and ev["document"] == 0
    text = render_text(result)
    assert "insufficient" in text and "Summary:" in text
