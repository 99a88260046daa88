"""Checks that every gold label file is well formed, in the development part (evaluation/gold) and the
frozen test parts (evaluation/frozen/gold, evaluation/frozen2/gold), whose documents are written by authors who never read the
engine (evaluation/CONVENTIONS.md).

Plain pytest, no database: run with ``pytest evaluation/tests``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vetted.rules import PROVISION_IDS

EVAL = Path(__file__).resolve().parents[1]
GOLD = EVAL / "gold"
CORPUS = EVAL / "corpus"

PROVISIONS = list(PROVISION_IDS)
PARAMS = ["breach_notification", "disposition_at_end", "governing_law"]
STATES = {
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
}
STATES = set(next(iter(STATES)).split())
FORMATS = {".md", ".txt", ".html", ".pdf", ".docx"}

FROZEN_PARTS = [EVAL / "frozen", EVAL / "frozen2"]
GOLD_FILES = sorted(GOLD.glob("*.json"))
FROZEN_FILES = {part: sorted((part / "gold").glob("*.json")) for part in FROZEN_PARTS}
ALL_FILES = GOLD_FILES + [path for files in FROZEN_FILES.values() for path in files]
KINDS = {"dpa_state_template", "dpa_vendor", "terms_of_service", "privacy_policy", "privacy_center",
         "parents_bill_of_rights", "data_use_agreement", "other"}  # fmt: skip
REQUIRED = {"file", "found", "conflict", "params", "notes"}
# Added for issue 14; required of both parts (development and frozen).
NEWER = {"kind", "documents_in_file", "placeholder"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_corpus_is_big_enough() -> None:
    assert len(GOLD_FILES) >= 44
    documents = [p for p in CORPUS.iterdir() if p.suffix in FORMATS]
    assert len(documents) == len(GOLD_FILES), "every corpus document needs exactly one gold file"


@pytest.mark.parametrize("part", FROZEN_PARTS, ids=lambda p: p.name)
def test_every_frozen_document_has_one_gold_file(part: Path) -> None:
    documents = [p for p in (part / "corpus").glob("*") if p.suffix in FORMATS]
    assert sorted(p.stem for p in documents) == [p.stem for p in FROZEN_FILES[part]]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_gold_file_shape(path: Path) -> None:
    gold = load(path)
    assert set(gold) == REQUIRED | NEWER
    assert gold["kind"] in KINDS
    count = gold["documents_in_file"]
    assert isinstance(count, int) and not isinstance(count, bool) and count >= 1

    assert gold["file"].startswith("corpus/")
    target = path.parents[1] / gold["file"]
    assert target.is_file(), f"{gold['file']} does not exist"
    assert target.suffix in FORMATS
    assert target.stem == path.stem, "gold file is named after the document"

    found = gold["found"]
    assert list(found) == PROVISIONS, "all 20 ids, in canonical order"
    assert all(isinstance(v, bool) for v in found.values())

    conflict = gold["conflict"]
    assert isinstance(conflict, list)
    assert len(set(conflict)) == len(conflict)
    for pid in conflict:
        assert pid in PROVISIONS
        assert found[pid] is False, f"{pid} is both found and in conflict"

    params = gold["params"]
    assert set(params) == set(PARAMS)
    breach, disposition, law = (params[k] for k in PARAMS)
    assert breach is None or (isinstance(breach, int) and not isinstance(breach, bool) and breach > 0)
    assert disposition is None or (
        isinstance(disposition, int) and not isinstance(disposition, bool) and disposition > 0
    )
    assert law is None or law == "district" or law in STATES
    for key in PARAMS:
        if params[key] is not None:
            assert found[key], f"parameter {key} given but provision not found"
    placeholder = gold["placeholder"]
    assert isinstance(placeholder, list) and set(placeholder) <= set(PROVISIONS)
    for pid in placeholder:
        assert found[pid], f"{pid} is a placeholder, so it is found"
        assert params.get(pid) is None, f"{pid} is a placeholder: its parameter is null"
    if found["governing_law"] and "governing_law" not in placeholder:
        assert law is not None, "a found governing_law always names a state or 'district'"

    notes = gold["notes"]
    assert isinstance(notes, dict)
    assert set(notes) <= set(PROVISIONS)
    assert all(isinstance(v, str) and v.strip() for v in notes.values())
    for pid in PROVISIONS:
        if found[pid] or pid in conflict:
            assert pid in notes, f"{pid} is true or in conflict but has no note"


# --------------------------------------------------------------------------- quotes in notes


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2014", "-").replace("\u2013", "-").replace("\u00a0", " ")
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&amp;", "&").replace("&quot;", '"')
    text = text.replace("**", "").replace("*", "").replace("_", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def quoted_fragments(note: str) -> list[str]:
    fragments: list[str] = []
    for quote in re.findall(r'"([^"]+)"', note):
        for piece in re.split(r"\.\.\.|\[page break\]", quote):
            piece = piece.strip(" ,;:")
            if len(piece) >= 6:
                fragments.append(piece)
    return fragments


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_quotes_in_notes_come_from_the_document(path: Path) -> None:
    """Each quoted stretch of a note (split at '...') must occur in the document text."""
    gold = load(path)
    text = _norm(document_text(path.parents[1] / gold["file"]))
    missing = []
    for pid, note in gold["notes"].items():
        for fragment in quoted_fragments(note):
            if _norm(fragment) not in text:
                missing.append(f"{pid}: {fragment!r}")
    assert not missing, "quoted words not found in the document:\n" + "\n".join(missing)
