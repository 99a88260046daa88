"""DOCX paragraphs and tables via python-docx, after checking the zip container is not a bomb."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.types import ProvidesStoryPart

from ..errors import CORRUPT, TOO_MUCH_TEXT, ZIP_BOMB, DocumentError
from ..limits import Deadline, Limits
from .model import RawLine
from .tables import label_row

_CHUNK = 64 * 1024
_RATIO_CHECK_FLOOR = 1024 * 1024  # tiny members compress absurdly well and are harmless
_TEXT_SUFFIXES = (".xml", ".rels")


def _bomb(message: str) -> DocumentError:
    return DocumentError(ZIP_BOMB, f"This Word file was refused as unsafe: {message}.")


def _check_container(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise _bomb(f"it holds {len(infos)} parts (limit {limits.max_zip_members})")
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_uncompressed_bytes:
        raise _bomb(f"it would expand to {declared:,} bytes")
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > _RATIO_CHECK_FLOOR and ratio > limits.max_compression_ratio:
            raise _bomb(f"part {info.filename!r} is compressed {ratio:,.0f} to 1")
    return infos


def _sanitized_copy(data: bytes, limits: Limits, deadline: Deadline) -> bytes:
    """Copy only the XML parts, reading each with a byte cap; media are replaced by empty parts.

    zipfile trusts the declared sizes, so the cap also stops members whose header lies.
    """
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DocumentError(CORRUPT, "This Word file is damaged or incomplete and cannot be read.") from None
    budget = limits.max_uncompressed_bytes
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in _check_container(src, limits):
            deadline.check()
            if info.is_dir():
                continue
            if not info.filename.lower().endswith(_TEXT_SUFFIXES):
                dst.writestr(info.filename, b"")
                continue
            parts: list[bytes] = []
            with src.open(info) as member:
                while chunk := member.read(_CHUNK):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _bomb("it expands beyond the size limit")
                    parts.append(chunk)
            dst.writestr(info.filename, b"".join(parts))
    return out.getvalue()


def _page_breaks(paragraph: Paragraph) -> int:
    el = paragraph._p
    breaks = len(el.findall(".//" + qn("w:lastRenderedPageBreak")))
    breaks += sum(1 for br in el.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    return breaks


def _is_heading(paragraph: Paragraph) -> bool:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return False
    return name.lower().startswith(("heading", "title"))


def _list_indent(paragraph: Paragraph) -> int:
    """Nesting of a Word list paragraph (w:ilvl), as two spaces a level, like a Markdown list."""
    ppr = paragraph._p.pPr
    num = getattr(ppr, "numPr", None) if ppr is not None else None
    ilvl = getattr(num, "ilvl", None) if num is not None else None
    try:
        return 2 * int(getattr(ilvl, "val", 0) or 0)
    except (TypeError, ValueError):
        return 0


def _is_list_paragraph(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return False
    return name.lower().startswith("list")


def _blocks(parent: ProvidesStoryPart, element: BaseOxmlElement) -> Iterator[Paragraph | Table]:
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):  # content controls wrap real paragraphs in templates
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(parent, content)


def read_docx(data: bytes, limits: Limits, deadline: Deadline) -> tuple[list[RawLine], int]:
    clean = _sanitized_copy(data, limits, deadline)
    try:
        document = docx.Document(io.BytesIO(clean))
    except Exception:  # python-docx raises many types on malformed packages
        raise DocumentError(CORRUPT, "This Word file is damaged and cannot be read.") from None
    lines: list[RawLine] = []
    page = 1
    total = 0

    def walk(parent: ProvidesStoryPart, element: BaseOxmlElement) -> None:
        nonlocal page, total
        for block in _blocks(parent, element):
            deadline.check()
            if isinstance(block, Paragraph):
                text = block.text
                total += len(text)
                if total > limits.max_chars:
                    raise DocumentError(
                        TOO_MUCH_TEXT, f"This document holds more than {limits.max_chars:,} characters."
                    )
                lines.append(
                    RawLine(
                        text,
                        page,
                        hard_break=True,
                        heading=_is_heading(block),
                        list_item=bool(text.strip()) and _is_list_paragraph(block),
                        indent=_list_indent(block),
                    )
                )
                page += _page_breaks(block)
            else:
                # Hold the cell elements themselves: lxml proxies die young, and an id() of a freed
                # proxy can be reused by the next cell, which then got skipped at random.
                seen: set[object] = set()
                for row in block._tbl.tr_lst:
                    cells: list[list[RawLine]] = []
                    for tc in row.tc_lst:
                        if tc in seen:
                            continue
                        seen.add(tc)
                        start = len(lines)
                        walk(block, tc)
                        cells.append(lines[start:])
                    label_row(cells)
                    lines.append(RawLine("", page, hard_break=True))

    walk(document, document.element.body)
    return lines, page
