"""The registry's HTML pieces built in Python say what the template said, with every value escaped."""

from __future__ import annotations

from vetted.site import registry_html


def _row(**over: object) -> dict:
    row = {"resource_id": 7, "name": "Quill", "vendor": "Quill Co", "status": "approved",
           "status_label": "Approved", "grades": "K–5", "recorded": True,
           "elements_shown": [], "elements_more": 0}  # fmt: skip
    row.update(over)
    return row


def test_hostile_names_are_escaped() -> None:
    html = registry_html.rows(
        [_row(name='<script>alert("x")</script>', vendor="A & B", grades="<b>")], "/d/birchfield/resources/"
    )
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "A &amp; B" in html and "&lt;b&gt;" in html
    assert 'href="/d/birchfield/resources/7/"' in html


def test_the_data_cell_says_none_unknown_or_the_elements() -> None:
    assert "Collects none" in registry_html.data_cell(_row(recorded=True))
    assert "Not yet recorded" in registry_html.data_cell(_row(recorded=False))
    cell = registry_html.data_cell(
        _row(
            elements_shown=[{"name": "Name & e-mail", "off": False}, {"name": "Location", "off": True}],
            elements_more=3,
        )  # fmt: skip
    )
    assert cell == "Name &amp; e-mail, Location (turned off by the district), and 3 more"


def test_options_mark_the_selected_one_and_escape() -> None:
    choices = [("a&b", "A & B"), ("c", '<C">')]
    html = registry_html.options(choices, "a&b")
    assert (
        html
        == '<option value="a&amp;b" selected>A &amp; B</option><option value="c">&lt;C&quot;&gt;</option>'
    )
    assert " selected" not in registry_html.options(choices, None)
    assert registry_html.options(choices, "c").count(" selected") == 1
