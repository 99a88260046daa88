"""Phrasings from real agreement families that the engine once missed or over-read (own wording)."""

from __future__ import annotations

import pytest

from vetted.review import Limits
from vetted.review.detect import detect
from vetted.review.extract import extract

from .helpers import found

FOUND = [
    ("other_laws_compliance", "The Provider shall comply with N.J.S.A. 18A:36-19 regarding pupil records."),
    ("other_laws_compliance", "Provider shall comply with the Maine Student Information Privacy Act."),
    ("other_laws_compliance", "Contractor agrees to comply with the Colorado Student Data Transparency and Security Act."),
    ("other_laws_compliance", "Contractor shall meet the requirements of C.R.S. 22-16-101 et seq."),
    ("other_laws_compliance", "Provider shall comply with Tex. Educ. Code chapter 32, subchapter D."),
    ("other_laws_compliance", "The Provider will comply with Utah Code Title 53E, Chapter 9."),
    ("other_laws_compliance", "The Vendor shall comply with Code of Virginia section 22.1-289.01."),
    ("other_laws_compliance", "Vendor shall comply with RCW 28A.604 and the rules adopted under it."),
    ("third_party_disclosure", "Provider shall not disclose Student Data to anyone other than its employees who need it."),
    ("third_party_disclosure", "The Provider shall disclose Student Data to nobody except the subprocessors named in Exhibit F."),
    ("third_party_disclosure", "Vendor will disclose student data only to subprocessors bound by written terms at least as protective as this DPA."),
    ("third_party_disclosure", "Our hosting company is barred by contract from passing it on."),
    ("severability", "If any provision of this Agreement is held invalid or unenforceable, the remaining provisions remain in full force."),
    ("severability", "Should any clause of this DPA prove unenforceable, the other clauses are unaffected."),
    ("disposition_at_end", "After the contract ends, the Vendor will keep no student data."),
    ("disposition_at_end", "Once the agreement terminates, Vendor shall retain no copies of student records."),
    ("parent_access_correction", "A parent may challenge the accuracy of the student data by writing to the district."),
    ("student_content_transfer", "On request the Provider shall let a student download the stories the student wrote."),
]  # fmt: skip

NOT_FOUND = [
    ("disposition_at_end", "Data at the end of the contract: our template asks for disposal within 60 days."),
    ("breach_notification", "Breach notice period: we proposed five business days, because our process needs time."),
    ("governing_law", "Governing law: we'd normally ask for Delaware law, but districts usually insist on theirs."),
    ("disposition_at_end", "Each contract with a vendor shall include a statement that the vendor will delete student data within 30 days after the contract ends."),
    ("governing_law", "The superintendent shall ensure that every agreement includes a clause making the law of this state govern."),
    ("ownership", "You keep ownership of the drawings and other content you create in the app."),
]  # fmt: skip


@pytest.mark.parametrize(("pid", "sentence"), FOUND)
def test_found(pid: str, sentence: str) -> None:
    assert found(sentence)[pid]["found"], sentence


@pytest.mark.parametrize(("pid", "sentence"), NOT_FOUND)
def test_not_found(pid: str, sentence: str) -> None:
    assert not found(sentence)[pid]["found"], sentence


def test_disposition_without_a_number_has_no_param() -> None:
    assert (
        found("After the contract ends, the Vendor will keep no student data.")["disposition_at_end"]["param"]
        is None
    )


def _conflicting(text: str) -> set[str]:
    detections = detect(extract(text.encode(), "clause.txt", Limits()).sentences)
    return {pid for pid, d in detections.items() if d.conflicting}


def test_licence_over_feedback_is_no_conflict() -> None:
    text = "If you send us suggestions, you grant us a perpetual, irrevocable licence to use that feedback for any purpose."
    assert not _conflicting(text) & {"ownership", "use_limitation"}


def test_licence_over_student_content_for_any_purpose_is_a_conflict() -> None:
    text = "You grant us a perpetual, irrevocable, worldwide licence to use and publish any content students upload, for any purpose."
    assert {"ownership", "use_limitation"} <= _conflicting(text)
