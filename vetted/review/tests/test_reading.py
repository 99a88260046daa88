"""Reading real formats: pages, sections, tables, hyphenation, page-break joins."""

from __future__ import annotations

import io

import docx

from vetted.review import review_bytes
from vetted.review.extract import extract

from .helpers import text_pdf


def test_pdf_pages_sections_and_page_break_join() -> None:
    data = text_pdf(
        [
            [
                "ARTICLE IV: DUTIES OF PROVIDER",
                "4.6 Provider shall notify the LEA of any breach within seventy-",
            ],
            [
                "two (72) hours after discovery.",
                "Exhibit G \u2013 Connecticut",
                "Provider shall not sell student infor-",
                "mation.",
            ],
        ]
    )
    doc = extract(data, "dpa.pdf")
    assert doc.pages == 2
    breach = next(s for s in doc.sentences if "notify" in s.text)
    assert breach.page == 1 and breach.section == "4.6"
    assert "seventy-two (72) hours" in breach.text
    sale = next(s for s in doc.sentences if "sell" in s.text)
    assert sale.page == 2 and sale.section == "Exhibit G \u2013 Connecticut"
    assert "information" in sale.text
    result = {p["id"]: p for p in review_bytes(data, "dpa.pdf").to_dict()["provisions"]}
    assert result["breach_notification"]["param"] == 72
    assert result["breach_notification"]["evidence"][0]["page"] == 1


def test_docx_paragraphs_and_tables() -> None:
    d = docx.Document()
    d.add_heading("Section 7 Governing Law", level=1)
    d.add_paragraph("This agreement is governed by the laws of the State of Connecticut.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Breach notice"
    table.cell(0, 1).text = "Vendor shall notify the district within 48 hours of any unauthorized access."
    buf = io.BytesIO()
    d.save(buf)
    result = {p["id"]: p for p in review_bytes(buf.getvalue(), "a.docx").to_dict()["provisions"]}
    assert result["governing_law"]["param"] == "CT"
    assert result["governing_law"]["evidence"][0]["section"] == "Section 7"
    assert result["breach_notification"]["param"] == 48


def test_html_drops_script_style_nav() -> None:
    page = (
        b"<html><head><script>document.write('We sell data')</script><style>p{}</style></head><body>"
        b"<nav>We may sell your data</nav><h2>Sharing</h2><p>We do not sell student data.</p></body></html>"
    )
    doc = extract(page, "terms.html")
    assert [s.text for s in doc.sentences if not s.heading] == ["We do not sell student data."]
    assert doc.sentences[-1].section == "Sharing"


def test_markdown_and_text() -> None:
    md = b"# Privacy\n\n## Deletion\n\nYou can request deletion\nof your data at any time.\n"
    doc = extract(md, "p.md")
    sentence = next(s for s in doc.sentences if not s.heading)
    assert sentence.text == "You can request deletion of your data at any time."
    assert sentence.section == "Deletion"
