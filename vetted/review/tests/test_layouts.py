"""Noise and layout: FAQ answers, table rows, HTML lists, cookie banners, Word lists and tables."""

from __future__ import annotations

import io
from typing import Any

import docx

from vetted.review import review_bytes
from vetted.review.detect.answers import answer_statement


def _found(data: bytes, name: str) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in review_bytes(data, name).to_dict()["provisions"]}


def test_yes_no_answers_become_statements() -> None:
    assert answer_statement("do you sell student data?", "no, never.") == "we do not sell student data"
    assert answer_statement("is student data shared with advertisers?", "no.") == (
        "student data is not shared with advertisers"
    )
    assert answer_statement("do you rent my child's information?", "yes, to partners.") == (
        "we may rent your child's information"
    )
    assert answer_statement("how do you protect data?", "no.") is None
    assert answer_statement("do you sell student data?", "our partners help us.") is None


def test_faq_answer_reads_with_its_question() -> None:
    text = (
        "## Do you sell information about students?\n\nNo, never.\n\n"
        "## Does the app show ads chosen from what a child does?\n\nNo. The app carries no ads at all.\n\n"
        "## If there is a security breach, when will you let the school know?\n\n"
        "Within two business days of confirming it.\n"
    )
    got = _found(text.encode(), "faq.md")
    assert got["no_sale"]["found"]
    assert got["breach_notification"]["found"] and got["breach_notification"]["param"] == 48


def test_faq_yes_answer_is_a_conflict() -> None:
    got = _found(b"Do you sell student information?\n\nYes, we sell it to research firms.\n", "faq.txt")
    assert not got["no_sale"]["found"] and got["no_sale"]["confidence"] > 0


def test_question_alone_commits_nothing() -> None:
    got = _found(b"Will you notify the school after a data breach?\n", "q.txt")
    assert not got["breach_notification"]["found"]


def test_markdown_table_label_cell_completes_the_row() -> None:
    text = "| Topic | Commitment |\n|---|---|\n| Breach notification | Within 48 hours of discovery. |\n"
    got = _found(text.encode(), "t.md")
    assert got["breach_notification"]["found"] and got["breach_notification"]["param"] == 48


def test_html_list_items_take_the_promise_heading() -> None:
    page = (
        b"<html><body><h2>Things we will never do</h2><ul><li>Sell student data.</li>"
        b"<li>Use student data to aim ads at children.</li></ul></body></html>"
    )
    got = _found(page, "p.html")
    assert got["no_sale"]["found"] and got["no_targeted_advertising"]["found"]


def test_html_table_row_and_cookie_banner() -> None:
    page = (
        b"<html><body><div id='cookie-banner'><p>We and our advertising partners use cookies to "
        b"show you personalized ads.</p><div><p>Accept all</p></div></div>"
        b"<table><tr><td>Governing law</td><td>The laws of the State of Ohio govern this agreement.</td></tr>"
        b"</table><p>We will not use student data for targeted advertising.</p></body></html>"
    )
    got = _found(page, "p.html")
    assert got["no_targeted_advertising"]["found"]
    assert got["governing_law"]["param"] == "OH"


def test_docx_list_paragraphs_and_table_labels() -> None:
    doc = docx.Document()
    doc.add_paragraph("The Provider shall not:")
    doc.add_paragraph("sell Student Data;", style="List Bullet")
    doc.add_paragraph("use Student Data to direct targeted advertising at students.", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Breach notice"
    table.cell(0, 1).text = "Within seventy-two (72) hours after discovery."
    table.cell(1, 0).text = "Audit"
    table.cell(1, 1).text = "The LEA may audit the Provider once a year on thirty days' notice."
    buf = io.BytesIO()
    doc.save(buf)
    got = _found(buf.getvalue(), "d.docx")
    assert got["no_sale"]["found"] and got["no_targeted_advertising"]["found"]
    assert got["breach_notification"]["param"] == 72
    assert got["audit_right"]["found"]
