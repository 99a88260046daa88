"""The plaintext inside an archive: a sequence of frames (kind, name, data), read and written as streams.

Kinds: M (manifest, JSON), T (rows of one table as JSON lines, whole lines only), F (a piece of
one file's bytes), E (the summary: row counts and each file's SHA-256, JSON). A table or a file
spans as many frames as it needs, so neither side ever holds more than one frame in memory.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from typing import Protocol

from vetted.kit.backup.crypto import BackupError

MANIFEST, TABLE, FILE, END = b"M", b"T", b"F", b"E"
KINDS = frozenset({MANIFEST, TABLE, FILE, END})
FRAME_DATA = 1024 * 1024  # writers flush at this size
_MAX_DATA = 64 * 1024 * 1024  # readers refuse anything larger (one huge row is the only way past 1 MiB)
_PREFIX = struct.Struct(">cH")
_LENGTH = struct.Struct(">I")


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...


def write_frame(out: Sink, kind: bytes, name: str, data: bytes) -> None:
    encoded = name.encode("utf-8")
    out.write(_PREFIX.pack(kind, len(encoded)) + encoded + _LENGTH.pack(len(data)))
    out.write(data)


class _Buffer:
    """Bytes arriving in chunks, taken off the front in exact amounts."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._data = bytearray()

    def take(self, size: int, *, required: bool = True) -> bytes | None:
        while len(self._data) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                if self._data or required:
                    raise BackupError("The archive ends in the middle of a frame.")
                return None
            self._data += chunk
        taken = bytes(self._data[:size])
        del self._data[:size]
        return taken


def read_frames(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, str, bytes]]:
    buffer = _Buffer(chunks)
    while (prefix := buffer.take(_PREFIX.size, required=False)) is not None:
        kind, name_length = _PREFIX.unpack(prefix)
        name = bytes(buffer.take(name_length) or b"").decode("utf-8")
        (length,) = _LENGTH.unpack(buffer.take(_LENGTH.size) or b"")
        if kind not in KINDS or length > _MAX_DATA:
            raise BackupError("The archive's contents are not in the expected shape.")
        yield kind, name, buffer.take(length) or b""
