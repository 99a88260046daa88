"""Longer realistic documents written for these tests (tests/realistic/).

Expectations were decided from each text as it was written, provision by provision, following the
label conventions in evaluation/README.md; they were not read off the engine's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vetted.review import PROVISION_IDS, Limits
from vetted.review.detect import detect
from vetted.review.extract import extract

HERE = Path(__file__).parent / "realistic"

# document -> (found ids, conflict ids, params)
EXPECTED: dict[str, tuple[set[str], set[str], dict[str, object]]] = {
    # NDPA v2 shape: Exhibit C definitions must not count; Exhibit G replaces the 72-hour period.
    "ndpa_v2_lumenfield.md": (
        set(PROVISION_IDS),
        set(),
        {"breach_notification": 48, "disposition_at_end": 60, "governing_law": "district"},
    ),
    # Consumer policy: ad cookies on the marketing site only; no contract clauses.
    "privacy_policy_pebblepath.html": (
        set(PROVISION_IDS) - {"governing_law", "severability", "audit_right", "general_offer"},
        set(),
        {"breach_notification": 72, "disposition_at_end": 45, "governing_law": None},
    ),
    # New York: the bill of rights describes the law; only the supplemental information binds.
    "ny_2d_brightquill.md": (
        {
            "use_limitation",
            "third_party_disclosure",
            "parent_access_correction",
            "disposition_at_end",
            "security_safeguards",
            "other_laws_compliance",
            # Its only staff clause is annual training, which binds no one to confidentiality
            # (CONVENTIONS: "Training or background checks alone do not count").
        },
        set(),
        {"breach_notification": None, "disposition_at_end": 30, "governing_law": None},
    ),
    # Terms of service: privacy is one short section; the broad licence covers feedback only.
    "tos_doodlecraft.txt": (
        {"use_limitation", "no_sale", "student_content_transfer", "governing_law", "severability"},
        set(),
        {"breach_notification": None, "disposition_at_end": None, "governing_law": "CO"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_realistic_document(name: str) -> None:
    want_found, want_conflict, want_params = EXPECTED[name]
    path = HERE / name
    detections = detect(extract(path.read_bytes(), name, Limits()).sentences)
    problems = []
    for pid in PROVISION_IDS:
        d = detections[pid]
        if d.found != (pid in want_found):
            quote = d.positives[0].quote if d.positives else ""
            problems.append(f"{pid}: found={d.found} expected {pid in want_found} {quote!r}")
        # Any reservation of the opposite counts here, even beside a positive.
        if d.conflicting != (pid in want_conflict):
            quote = d.conflicts[0].quote if d.conflicts else ""
            problems.append(f"{pid}: conflict={d.conflicting} expected {pid in want_conflict} {quote!r}")
        param = d.param if d.found else None
        if pid in want_params and param != want_params[pid]:
            problems.append(f"{pid}: param={param!r} expected {want_params[pid]!r}")
    assert not problems, "\n".join(problems)
