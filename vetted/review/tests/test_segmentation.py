"""Clause segmentation: lead-ins carried to their items across sub-headings, verbless items,
Markdown bullets kept apart, nested timelines and the heading path of each clause."""

from __future__ import annotations

from vetted.review import review_bytes
from vetted.review.extract import extract


def _found(text: str, name: str = "doc.md") -> dict[str, dict]:
    return {p["id"]: p for p in review_bytes(text.encode(), name).to_dict()["provisions"]}


def _sentences(text: str, name: str = "doc.md"):
    return [s for s in extract(text.encode(), name).sentences if not s.heading]


NEGATING_ACROSS_HEADINGS = """# Agreement

The Vendor shall NOT:

### Commercial use

- sell Pupil Records to anyone;

### Advertising

- use Pupil Records to aim advertising at pupils;
"""


def test_negating_lead_in_reaches_items_across_sub_headings() -> None:
    items = [s for s in _sentences(NEGATING_ACROSS_HEADINGS) if s.list_item]
    assert [s.lead_in for s in items] == ["The Vendor shall NOT", "The Vendor shall NOT"]
    got = _found(NEGATING_ACROSS_HEADINGS)
    assert got["no_sale"]["found"] and got["no_targeted_advertising"]["found"]


def test_lead_in_ends_at_a_shallower_heading_and_at_a_plain_paragraph() -> None:
    text = NEGATING_ACROSS_HEADINGS + "\n## 9. Security\n\n- encrypt pupil records at rest\n"
    last = _sentences(text)[-1]
    assert last.text == "encrypt pupil records at rest" and last.lead_in == ""
    text = "The Vendor shall not:\n\n- sell pupil records\n\nThe Vendor keeps logs.\n\n- rent a car\n"
    assert _sentences(text)[-1].lead_in == ""


def test_lead_in_that_is_a_prohibition_keeps_its_negation() -> None:
    text = "The Vendor is prohibited from using Pupil Records to:\n\n1. build profiles of pupils;\n"
    item = _sentences(text)[-1]
    assert "prohibited" in item.lead_in
    assert _found(text)["no_profiling"]["found"]


def test_verbless_items_under_an_affirming_lead_in() -> None:
    text = "The Vendor commits to the following:\n\n(1) encryption at rest;\n(2) no sale of pupil records;\n(3) no targeted advertising.\n"
    got = _found(text)
    assert got["no_sale"]["found"] and got["no_targeted_advertising"]["found"]


def test_a_no_sentence_outside_a_list_is_not_rewritten() -> None:
    from vetted.review.detect.engine import nominal_item
    from vetted.review.extract.model import Sentence

    assert nominal_item(Sentence("No sale of pupil records was reported.", None, None)) is None
    item = Sentence("no sale of pupil records", None, None, lead_in="The Vendor commits to", list_item=True)
    assert nominal_item(item) == "The Vendor commits to shall not sell pupil records"


def test_markdown_bullets_are_never_merged() -> None:
    text = "What we promise\n- we keep your files encrypted\n- we never sell pupil records\n- we delete data on request\n"
    texts = [s.text for s in _sentences(text)]
    assert "we never sell pupil records" in texts and "we delete data on request" in texts


def test_nested_timeline_carries_both_lead_ins() -> None:
    text = (
        "On termination of the Agreement:\n"
        "- within 90 days:\n"
        "  - the Vendor deletes all pupil records;\n"
        "  - the Vendor deletes every backup copy;\n"
        "- the Vendor keeps its invoices.\n"
    )
    items = _sentences(text)
    deep = [s for s in items if "backup" in s.text][0]
    assert "termination" in deep.lead_in and "90 days" in deep.lead_in
    sibling = [s for s in items if "invoices" in s.text][0]
    assert "90 days" not in sibling.lead_in
    got = _found(text)
    assert got["disposition_at_end"]["found"] and got["disposition_at_end"]["param"] == 90


def test_heading_path_is_kept() -> None:
    text = "# Data Agreement\n\n## Article 4 Security\n\n### 4.2 Encryption\n\nThe Vendor encrypts pupil records.\n"
    sentence = _sentences(text)[-1]
    assert sentence.path[0] == "Data Agreement" and sentence.path[-1].startswith("4.2")
    assert len(sentence.path) == 3
