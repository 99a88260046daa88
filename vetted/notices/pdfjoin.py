"""Join PDF files into one, streaming: memory holds one input's cross-reference table and one object
at a time, never the output, so ten thousand letters cost what a hundred do.

The inputs are the chunk files WeasyPrint writes for the letters with `pdf_version="1.4"`: a classic
`xref` table and every object written out (no object streams, no cross-reference streams; page
contents stay Flate-compressed). Each input's objects are copied verbatim, renumbered after the
previous inputs' (`N 0 obj`, every `N G R` outside strings and stream data); each input's page tree
becomes a child of one new root page tree, and its catalogue and info dictionary are dropped. An input
this reader does not understand (an xref stream, an incremental update) is refused with PdfJoinError,
never copied half-right.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
# A reference starts after whitespace or a delimiter (never inside a name or a real: "/F5 0 R", "1.5 0 R").
_REF = re.compile(rb"(?<![^\s\[\]<>(){}])(\d+)\s+(\d+)\s+R\b")
_OBJ_HEAD = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_DELIMITERS = b"()<>[]{}/%"
_WHITESPACE = b"\x00\t\n\x0c\r "


class PdfJoinError(ValueError):
    """An input is not the simple PDF this joiner copies."""


@dataclass(frozen=True)
class _Input:
    offsets: dict[int, int]  # object number -> byte offset (in-use objects only)
    xref_at: int
    root: int
    info: int | None  # the trailer's /Info, if any
    size: int  # the trailer's /Size: one more than the highest object number


def _tail(f: BinaryIO, length: int = 2048) -> bytes:
    f.seek(0, 2)
    end = f.tell()
    f.seek(max(0, end - length))
    return f.read()


def _read_input(f: BinaryIO) -> _Input:
    tail = _tail(f)
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if found is None:
        raise PdfJoinError("no startxref at the end of the file")
    xref_at = int(found.group(1))
    f.seek(xref_at)
    if f.read(4) != b"xref":
        raise PdfJoinError("the cross-reference is not a classic xref table")
    # The table runs to the trailer; read it line by line (never the whole file).
    offsets: dict[int, int] = {}
    line = f.readline()  # the rest of the "xref" line
    while True:
        line = f.readline()
        if not line:
            raise PdfJoinError("the xref table has no trailer")
        stripped = line.strip()
        if stripped.startswith(b"trailer"):
            break
        parts = stripped.split()
        if len(parts) != 2:
            raise PdfJoinError("a malformed xref subsection header")
        first, count = int(parts[0]), int(parts[1])
        for number in range(first, first + count):
            entry = _XREF_ENTRY.match(f.read(20))
            if entry is None:
                raise PdfJoinError("a malformed xref entry")
            if entry.group(3) == b"n":
                if int(entry.group(2)) != 0:
                    raise PdfJoinError("an object with a non-zero generation")
                offsets[number] = int(entry.group(1))
    trailer = f.read(4096)
    trailer = trailer[: trailer.find(b"startxref")] if b"startxref" in trailer else trailer
    if b"/Prev" in trailer or b"/Encrypt" in trailer:
        raise PdfJoinError("an incrementally updated or encrypted file")
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer)
    size = re.search(rb"/Size\s+(\d+)", trailer)
    if root is None or size is None:
        raise PdfJoinError("the trailer names no /Root or /Size")
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
    return _Input(offsets, xref_at, int(root.group(1)), int(info.group(1)) if info else None,
                  int(size.group(1)))  # fmt: skip


def _object_bytes(f: BinaryIO, start: int, end: int) -> bytes:
    f.seek(start)
    return f.read(end - start)


def _split_object(raw: bytes, number: int) -> tuple[bytes, bytes]:
    """(the object's value before any stream, the stream part from `stream` to `endstream`)."""
    head = _OBJ_HEAD.match(raw)
    if head is None or int(head.group(1)) != number:
        raise PdfJoinError(f"object {number} is not where the xref says")
    body = raw[head.end() :]
    end = body.rfind(b"endobj")
    if end < 0:
        raise PdfJoinError(f"object {number} has no endobj")
    body = body[:end]
    value, stream = _value_end(body), b""
    if value < len(body):
        rest = body[value:]
        keyword = rest.lstrip(_WHITESPACE)
        if keyword.startswith(b"stream"):
            last = rest.rfind(b"endstream")
            if last < 0:
                raise PdfJoinError(f"object {number}'s stream has no endstream")
            stream = rest[: last + len(b"endstream")]
        elif keyword.strip(_WHITESPACE):
            raise PdfJoinError(f"object {number} has something after its value")
        body = body[:value]
    return body, stream


def _value_end(body: bytes) -> int:
    """Where the object's value ends: at `stream` outside strings, or at the end."""
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == 0x28:  # "(" a literal string: balanced parentheses, backslash escapes
            i = _skip_string(body, i)
            continue
        if c == 0x25:  # "%" a comment to the end of the line
            while i < n and body[i] not in b"\r\n":
                i += 1
            continue
        if body.startswith(b"stream", i) and (i == 0 or body[i - 1] in _WHITESPACE + b">"):
            return i
        i += 1
    return n


def _skip_string(body: bytes, i: int) -> int:
    depth, i, n = 0, i, len(body)
    while i < n:
        c = body[i]
        if c == 0x5C:  # backslash: the next byte is literal
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise PdfJoinError("an unterminated string")


def _renumber(value: bytes, shift: int) -> bytes:
    """Every `N G R` outside literal strings, comments and hex strings moved by `shift`."""
    out: list[bytes] = []
    i, n, start = 0, len(value), 0

    def refs(segment: bytes) -> bytes:
        return _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), segment)

    while i < n:
        c = value[i]
        if c == 0x28:
            out.append(refs(value[start:i]))
            end = _skip_string(value, i)
            out.append(value[i:end])
            i = start = end
            continue
        if c == 0x3C and not value.startswith(b"<<", i):  # "<" a hex string
            end = value.find(b">", i)
            if end < 0:
                raise PdfJoinError("an unterminated hex string")
            out.append(refs(value[start:i]))
            out.append(value[i : end + 1])
            i = start = end + 1
            continue
        if c == 0x3C:  # "<<": skip both so the second is not read as a hex string
            i += 2
            continue
        if c == 0x25:
            out.append(refs(value[start:i]))
            while i < n and value[i] not in b"\r\n":
                i += 1
            start = i
            continue
        i += 1
    out.append(refs(value[start:]))
    return b"".join(out)


def _pages_of(value: bytes, number: int) -> int:
    """The page tree a catalogue names."""
    found = re.search(rb"/Pages\s+(\d+)\s+0\s+R", value)
    if found is None:
        raise PdfJoinError(f"the catalogue {number} names no /Pages")
    return int(found.group(1))


def _count_of(value: bytes) -> int:
    found = re.search(rb"/Count\s+(\d+)", value)
    if found is None:
        raise PdfJoinError("a page tree without /Count")
    return int(found.group(1))


def _with_parent(value: bytes, parent: int) -> bytes:
    """A root page tree's dictionary with `/Parent parent 0 R` added (it becomes a child)."""
    if b"/Parent" in value:
        raise PdfJoinError("the input's root page tree already has a parent")
    start = value.find(b"<<")
    if start < 0:
        raise PdfJoinError("the page tree is not a dictionary")
    return value[: start + 2] + b"/Parent %d 0 R" % parent + value[start + 2 :]


def _set(offsets: array[int], number: int, position: int) -> None:
    if number >= len(offsets):
        offsets.extend([-1] * (number + 1 - len(offsets)))
    offsets[number] = position


def join(paths: Iterable[Path], *, block: int = 1 << 16) -> Iterator[bytes]:
    """The joined PDF, as byte blocks (for `documents.storage.store_stream`). The inputs are read one
    at a time; only the output's offsets (one integer per object) are kept until the end."""
    root_pages, catalogue_number, info_number = 1, 2, 3
    position = 0
    offsets = array("q")  # output object number -> byte offset; -1: free (8 bytes an object)
    kids: list[int] = []
    total_pages = 0
    base = info_number  # the highest output object number so far
    buffer = bytearray()

    def emit(data: bytes) -> Iterator[bytes]:
        nonlocal position
        position += len(data)
        buffer.extend(data)
        if len(buffer) >= block:
            yield bytes(buffer)
            buffer.clear()

    yield from emit(HEADER)
    for path in paths:
        with path.open("rb") as f:
            info = _read_input(f)
            order = sorted(info.offsets.items(), key=lambda item: item[1])
            ends = {number: (order[i + 1][1] if i + 1 < len(order) else info.xref_at)
                    for i, (number, _) in enumerate(order)}  # fmt: skip
            if info.root not in info.offsets:
                raise PdfJoinError("the trailer's /Root is not in the xref table")
            catalogue, _ = _split_object(
                _object_bytes(f, info.offsets[info.root], ends[info.root]), info.root
            )
            pages = _pages_of(catalogue, info.root)
            shift = base
            for number, start in order:
                if number in (info.root, info.info):
                    continue  # the output has its own catalogue and info dictionary
                value, stream = _split_object(_object_bytes(f, start, ends[number]), number)
                value = _renumber(value, shift)
                if number == pages:
                    total_pages += _count_of(value)
                    value = _with_parent(value, root_pages)
                _set(offsets, number + shift, position)
                parts = [b"%d 0 obj\n" % (number + shift), value.strip(_WHITESPACE), b"\n"]
                if stream:
                    parts += [stream, b"\n"]
                parts.append(b"endobj\n")
                yield from emit(b"".join(parts))
            kids.append(pages + shift)
            base = shift + info.size - 1
    kid_refs = b" ".join(b"%d 0 R" % k for k in kids)
    _set(offsets, root_pages, position)
    yield from emit(
        b"%d 0 obj\n<</Type /Pages/Kids [%s]/Count %d>>\nendobj\n" % (root_pages, kid_refs, total_pages)
    )
    _set(offsets, catalogue_number, position)
    yield from emit(b"%d 0 obj\n<</Type /Catalog/Pages %d 0 R>>\nendobj\n" % (catalogue_number, root_pages))
    _set(offsets, info_number, position)
    yield from emit(b"%d 0 obj\n<</Producer (Vetted)>>\nendobj\n" % info_number)
    xref_at = position
    size = base + 1
    lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f \n"]
    for number in range(1, size):
        at = offsets[number] if number < len(offsets) else -1
        lines.append(b"%010d 00000 n \n" % at if at >= 0 else b"0000000000 00001 f \n")
        if len(lines) >= 4096:
            yield from emit(b"".join(lines))
            lines.clear()
    lines.append(b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n"
                 % (size, catalogue_number, info_number, xref_at))  # fmt: skip
    yield from emit(b"".join(lines))
    if buffer:
        yield bytes(buffer)
