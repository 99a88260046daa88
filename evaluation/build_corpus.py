"""Build the .docx and .pdf documents of the evaluation corpus from their source texts.

Every file in ``evaluation/sources/`` is a small markdown-like text with a front-matter block
that names the output format and the page furniture::

    ---
    out: 01_ndpa_northwind_tutoring.pdf
    title: Student Data Privacy Agreement
    header: Northwind Tutoring / Lakeshore USD - DPA v2.1
    footer: Page {page}
    font_size: 11
    ---
    # Heading
    A paragraph; consecutive lines are joined.

    - a bullet
    | a table | row |
    <<<pagebreak>>>

Inside a paragraph ``<<<split>>>`` forces a page break in the middle of the sentence, so the
page footer and the next page's header land inside the sentence when text is extracted.
A line ``{{name}}`` expands one of the neutral generated blocks defined below (data
schedules, field inventories, service-level tables). The generated blocks never contain a
provision statement; they exist to give long documents realistic bulk.

The build is deterministic: PDFs are written with reportlab's invariant mode and DOCX
archives are re-zipped with fixed timestamps and fixed core properties, so a rebuild of an
unchanged source produces byte-identical files.

Usage::

    python evaluation/build_corpus.py            # build missing files only
    python evaluation/build_corpus.py --force    # rebuild everything
    python evaluation/build_corpus.py --check    # exit 1 if a rebuild would change a file
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CORPUS = HERE / "corpus"

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DOC_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # h1 h2 h3 p bullet table pagebreak
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    path: Path
    meta: dict[str, str]
    blocks: list[Block]


def parse_source(path: Path) -> Source:
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    body = raw
    if raw.startswith("---\n"):
        head, _, body = raw[4:].partition("\n---\n")
        for line in head.splitlines():
            if ":" in line:
                key, _, value = line.partition(":")
                meta[key.strip()] = value.strip()
    lines = expand_macros(body.splitlines())
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(s.strip() for s in para)))
            para.clear()
        if table:
            blocks.append(Block("table", rows=[r[:] for r in table]))
            table.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "<<<pagebreak>>>":
            flush()
            blocks.append(Block("pagebreak"))
        elif stripped.startswith("|"):
            if para:
                flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            table.append(cells)
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            blocks.append(Block(f"h{min(level, 3)}", stripped[level:].strip()))
        elif stripped.startswith("- "):
            flush()
            blocks.append(Block("bullet", stripped[2:].strip()))
        else:
            if table:
                flush()
            para.append(stripped)
    flush()
    return Source(path, meta, blocks)


# --------------------------------------------------------------------------- neutral generated blocks

NDPA_CATEGORIES: list[tuple[str, list[str]]] = [
    (
        "Application Technology Metadata",
        ["Network addresses and browser cookies", "Device and operating system details"],
    ),
    ("Application Use Statistics", ["Clicks, page views and time spent in the product"]),
    (
        "Assessment",
        ["State or national test results", "Teacher observation notes", "Quiz and unit test results"],
    ),
    ("Attendance", ["Whole-day attendance", "Period-by-period attendance"]),
    ("Communications", ["Messages, posts and comments written in the product"]),
    ("Conduct", ["Behaviour incidents and interventions"]),
    (
        "Demographics",
        [
            "Birth date",
            "Birthplace",
            "Sex or gender",
            "Race or ethnicity",
            "Home language",
            "Other demographic fields",
        ],
    ),
    (
        "Enrollment",
        ["School attended", "Grade", "Homeroom", "Counselor", "Program of study", "Expected graduation year"],
    ),
    ("Parent/Guardian Contact Information", ["Street address", "Email address", "Telephone number"]),
    ("Parent/Guardian ID", ["Identifier that links a guardian to a student"]),
    ("Parent/Guardian Name", ["Given name and surname"]),
    ("Schedule", ["Courses the student is scheduled in", "Names of the student's teachers"]),
    (
        "Special Indicator",
        [
            "English learner status",
            "Economic disadvantage status",
            "Health conditions and alerts",
            "Disability information",
            "IEP or Section 504 services",
            "Housing or foster-care status",
        ],
    ),
    ("Student Contact Information", ["Street address", "Email address", "Telephone number"]),
    (
        "Student Identifiers",
        [
            "District student number",
            "State student number",
            "Identifier assigned by the product",
            "Product username",
            "Product password",
        ],
    ),
    ("Student Name", ["Given name and surname"]),
    (
        "Student In-App Performance",
        ["Progress and scores inside the product, such as words per minute or reading level"],
    ),
    ("Student Program Membership", ["Clubs, teams and programs the student takes part in"]),
    ("Student Survey Responses", ["Answers to surveys and questionnaires"]),
    (
        "Student Work",
        ["Writing, drawings, recordings and other things the student creates", "Other student work"],
    ),
    ("Transcript", ["Final course grades", "Course history", "Marking-period grades and scores"]),
    ("Transportation", ["Bus route and assignment", "Pick-up and drop-off stop", "Bus pass number"]),
    ("Other", ["Any further data element, listed by the Provider"]),
]


def macro_data_schedule(checked: str) -> list[str]:
    """NDPA-style Exhibit B checklist; ``checked`` is a seed string choosing the ticks."""
    out = ["| Category of Data | Elements | Check if Used by Your System |", "|---|---|---|"]
    n = 0
    for category, elements in NDPA_CATEGORIES:
        for i, element in enumerate(elements):
            n += 1
            tick = "X" if checked and checked[n % len(checked)] == "1" else ""
            out.append(f"| {category if i == 0 else ''} | {element} | {tick} |")
    return out


SIS_MODULES = [
    "Demographics",
    "Enrollment",
    "Scheduling",
    "Attendance",
    "Gradebook",
    "Report Cards",
    "Transcripts",
    "Health Office",
    "Special Programs",
    "Transportation",
    "Food Service",
    "Discipline",
    "Guardian Portal",
    "Staff",
    "Fees",
    "State Reporting",
]
SIS_FIELDS = [
    ("Record identifier", "Internal key that links the row to the student record"),
    ("School code", "Building code taken from the district's school table"),
    ("Effective date", "Date on which the value became current"),
    ("End date", "Date on which the value stopped being current, if any"),
    ("Entered by", "Staff account that created the value"),
    ("Last changed by", "Staff account that last edited the value"),
    ("Status code", "District-defined code list value"),
    ("Comment", "Free-text note typed by staff"),
    ("Source system", "Import batch or integration that supplied the value"),
    ("Reporting flag", "Whether the value is included in state extracts"),
    ("Sequence", "Display order on screens and printed forms"),
    ("Locked", "Whether the value may still be edited by building staff"),
    ("Attachment", "Scanned document attached by staff, if any"),
    ("Calendar", "School calendar to which the value applies"),
    ("Term", "Marking period or term to which the value applies"),
    ("Audit stamp", "Date and time of the last change"),
]


def macro_sis_inventory() -> list[str]:
    out: list[str] = []
    for module in SIS_MODULES:
        out.append(f"### Data inventory: {module} module")
        out.append("")
        out.append("| Field | Description | Required | Visible in guardian portal |")
        out.append("|---|---|---|---|")
        for i, (name, desc) in enumerate(SIS_FIELDS):
            required = "Yes" if (i + len(module)) % 3 else "No"
            portal = "No" if module in ("Health Office", "Discipline", "Staff") or i % 4 == 3 else "Yes"
            out.append(f"| {module} - {name} | {desc} | {required} | {portal} |")
        out.append("")
    return out


SLA_ROWS = [
    ("Severity 1", "Service unavailable for all users of a school", "30 minutes", "4 hours"),
    ("Severity 2", "A major feature unavailable, no workaround", "2 hours", "1 business day"),
    ("Severity 3", "A feature impaired, workaround available", "1 business day", "5 business days"),
    ("Severity 4", "Question, cosmetic defect or feature request", "2 business days", "Next release"),
]


def macro_service_levels() -> list[str]:
    out = ["| Severity | Meaning | First response | Target resolution |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in SLA_ROWS]
    return out


COURSE_SUBJECTS = [
    "Algebra I",
    "Geometry",
    "Biology",
    "Chemistry",
    "World History",
    "US History",
    "English 9",
    "English 10",
    "Spanish I",
    "French I",
    "Physical Science",
    "Civics",
    "Statistics",
    "Earth Science",
    "Health",
    "Visual Arts",
]
COURSE_ITEMS = [
    "Unit overview video",
    "Guided notes",
    "Practice set A",
    "Practice set B",
    "Lab or activity",
    "Discussion prompt",
    "Checkpoint quiz",
    "Unit test",
    "Extension reading",
    "Review game",
]


def macro_course_catalog() -> list[str]:
    out: list[str] = []
    for subject in COURSE_SUBJECTS:
        out.append(f"### Course package: {subject}")
        out.append("")
        out.append("| Item | Type | Typical minutes | Teacher can edit |")
        out.append("|---|---|---|---|")
        for i, item in enumerate(COURSE_ITEMS):
            kind = [
                "Video",
                "Document",
                "Exercise",
                "Exercise",
                "Activity",
                "Forum",
                "Quiz",
                "Test",
                "Reading",
                "Game",
            ][i]
            minutes = 10 + (i * 7 + len(subject)) % 35
            out.append(f"| {item} | {kind} | {minutes} | {'Yes' if i % 3 else 'No'} |")
        out.append("")
    return out


def expand_macros(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        m = re.fullmatch(r"\s*\{\{(\w+)(?::([01]+))?\}\}\s*", line)
        if not m:
            out.append(line)
            continue
        name, arg = m.group(1), m.group(2) or "1"
        if name == "data_schedule":
            out += macro_data_schedule(arg)
        elif name == "sis_inventory":
            out += macro_sis_inventory()
        elif name == "service_levels":
            out += macro_service_levels()
        elif name == "course_catalog":
            out += macro_course_catalog()
        else:
            raise SystemExit(f"unknown macro {name!r}")
    return out


# --------------------------------------------------------------------------- inline markup

SPLIT = "<<<split>>>"


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """Split ``**bold**`` markup into (text, bold) runs."""
    parts = re.split(r"(\*\*[^*]+\*\*)", text)
    runs: list[tuple[str, bool]] = []
    for part in parts:
        if not part:
            continue
        if part.startswith("**") and part.endswith("**"):
            runs.append((part[2:-2], True))
        else:
            runs.append((part, False))
    return runs


# --------------------------------------------------------------------------- PDF


def build_pdf(src: Source, out: Path) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import (
        KeepTogether,
        LongTable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    size = float(src.meta.get("font_size", "11"))
    leading = float(src.meta.get("leading", str(size * 1.45)))
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=styles["BodyText"],
        fontName="Times-Roman",
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        spaceAfter=size * 0.7,
    )
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=18, bulletIndent=6)
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.3, alignment=0, spaceAfter=0
    )
    heads = {
        "h1": ParagraphStyle("h1", parent=styles["Heading1"], fontName="Times-Bold", fontSize=size + 5),
        "h2": ParagraphStyle("h2", parent=styles["Heading2"], fontName="Times-Bold", fontSize=size + 2),
        "h3": ParagraphStyle(
            "h3", parent=styles["Heading3"], fontName="Times-BoldItalic", fontSize=size + 0.5
        ),
    }

    def markup(text: str) -> str:
        return "".join(f"<b>{escape(t)}</b>" if b else escape(t) for t, b in inline_runs(text))

    story: list = []
    for block in src.blocks:
        if block.kind == "pagebreak":
            story.append(PageBreak())
        elif block.kind in heads:
            story.append(Paragraph(markup(block.text), heads[block.kind]))
        elif block.kind in ("p", "bullet"):
            style = bullet if block.kind == "bullet" else body
            pieces = block.text.split(SPLIT)
            for i, piece in enumerate(pieces):
                if i:
                    story.append(PageBreak())
                kwargs = {"bulletText": "\u2022"} if block.kind == "bullet" and i == 0 else {}
                story.append(Paragraph(markup(piece.strip()), style, **kwargs))
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            rows = [[Paragraph(markup(c), cell) for c in r + [""] * (ncols - len(r))] for r in block.rows]
            width = 6.5 * inch
            table = LongTable(rows, colWidths=[width / ncols] * ncols, repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table if len(rows) > 12 else KeepTogether([table]))
            story.append(Spacer(1, size))

    header = src.meta.get("header", "")
    footer = src.meta.get("footer", "")

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        page = doc.page
        if header:
            canvas.drawString(inch, LETTER[1] - 0.6 * inch, header.replace("{page}", str(page)))
        if footer:
            canvas.drawCentredString(LETTER[0] / 2, 0.5 * inch, footer.replace("{page}", str(page)))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=src.meta.get("title", out.stem),
        author=src.meta.get("author", "Vetted evaluation corpus"),
        creator="evaluation/build_corpus.py",
        invariant=1,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    out.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------- DOCX


def build_docx(src: Source, out: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = src.meta.get("font", "Calibri")
    style.font.size = Pt(float(src.meta.get("font_size", "11")))
    section = document.sections[0]
    if src.meta.get("header"):
        section.header.paragraphs[0].text = src.meta["header"]
    if src.meta.get("footer"):
        section.footer.paragraphs[0].text = src.meta["footer"].replace("{page}", "").strip(" -|")

    def add_runs(paragraph, text: str) -> None:
        pieces = text.split(SPLIT)
        for i, piece in enumerate(pieces):
            if i:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            for t, bold in inline_runs(piece):
                run = paragraph.add_run(t)
                run.bold = bold

    for block in src.blocks:
        if block.kind == "pagebreak":
            document.add_page_break()
        elif block.kind in ("h1", "h2", "h3"):
            document.add_heading(block.text.replace("**", ""), level=int(block.kind[1]))
        elif block.kind == "p":
            add_runs(document.add_paragraph(), block.text)
        elif block.kind == "bullet":
            add_runs(document.add_paragraph(style="List Bullet"), block.text)
        elif block.kind == "table":
            ncols = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=ncols)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                cells = table.add_row().cells
                for c in range(ncols):
                    text = row[c] if c < len(row) else ""
                    paragraph = cells[c].paragraphs[0]
                    for t, bold in inline_runs(text):
                        run = paragraph.add_run(t)
                        run.bold = bold or r == 0

    props = document.core_properties
    props.title = src.meta.get("title", out.stem)
    props.author = src.meta.get("author", "Vetted evaluation corpus")
    props.last_modified_by = "evaluation/build_corpus.py"
    props.created = FIXED_DOC_TIME
    props.modified = FIXED_DOC_TIME
    props.revision = 1

    buf = io.BytesIO()
    document.save(buf)
    out.write_bytes(rezip(buf.getvalue()))


def rezip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps and order so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return buf.getvalue()


# --------------------------------------------------------------------------- driver


def build_one(path: Path, dest_dir: Path) -> Path:
    src = parse_source(path)
    out = dest_dir / src.meta["out"]
    if out.suffix == ".pdf":
        build_pdf(src, out)
    elif out.suffix == ".docx":
        build_docx(src, out)
    else:
        raise SystemExit(f"{path.name}: unsupported output {out.suffix}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild files that already exist")
    parser.add_argument("--check", action="store_true", help="fail if a rebuild would change a built file")
    parser.add_argument("--part", choices=("development", "frozen", "frozen2"), default="development",
                        help="which part of the corpus: evaluation/ (development) or evaluation/<part>/")  # fmt: skip
    args = parser.parse_args(argv)
    root = HERE if args.part == "development" else HERE / args.part
    corpus = root / "corpus"
    sources = sorted((root / "sources").glob("*.md"))
    changed = 0
    for path in sources:
        src = parse_source(path)
        target = corpus / src.meta["out"]
        if args.check:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                fresh = build_one(path, Path(tmp))
                if not target.exists() or fresh.read_bytes() != target.read_bytes():
                    print(f"out of date: {target.relative_to(HERE)}")
                    changed += 1
            continue
        if target.exists() and not args.force:
            continue
        corpus.mkdir(parents=True, exist_ok=True)
        build_one(path, corpus)
        print(f"built {target.relative_to(HERE)}")
    if args.check and changed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
