"""Streaming authenticated encryption for backup archives (AES-256-GCM in 64 KiB chunks).

One AES-GCM message per chunk, after the STREAM construction (Hoang et al., 2015): each chunk's
nonce carries its position and whether it is the last, and every chunk authenticates the header.
So a changed, reordered, dropped or cut-off chunk fails to decrypt, and nothing is handed on
before its chunk has been authenticated. The key comes from a passphrase through scrypt with a
random salt stored in the header.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"VETTEDBK"
VERSION = 1
CHUNK = 64 * 1024
TAG = 16
# scrypt cost: 2**15 x 8 x 1 needs 32 MiB and about a tenth of a second per guess.
LOG2_N, R, P = 15, 8, 1
_HEAD = struct.Struct(">8sBBBB16s7s")  # magic, version, log2 n, r, p, salt, nonce prefix
HEADER_SIZE = _HEAD.size + TAG  # then the key check: an empty message sealed with the key
_MIDDLE, _LAST, _KEY_CHECK = 0, 1, 2
MIN_PASSPHRASE = 16


class BackupError(Exception):
    """Anything that stops a backup or a restore; the message is for the operator."""


class WrongKey(BackupError):
    pass


class Tampered(BackupError):
    pass


def check_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise BackupError("VETTED_BACKUP_KEY is not set: backups are always encrypted with it.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"VETTED_BACKUP_KEY is too short: use at least {MIN_PASSPHRASE} characters.")


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return AESGCM(key)


def _nonce(prefix: bytes, counter: int, flag: int) -> bytes:
    if counter >= 2**32:
        raise BackupError("The archive is too large for one backup (over 256 TiB).")
    return prefix + struct.pack(">IB", counter, flag)


@dataclass
class _Sealer:
    aead: AESGCM
    prefix: bytes
    header: bytes
    counter: int = 0

    def seal(self, plain: bytes, *, last: bool) -> bytes:
        nonce = _nonce(self.prefix, self.counter, _LAST if last else _MIDDLE)
        self.counter += 1
        return bytes(self.aead.encrypt(nonce, plain, self.header))


class EncryptingWriter:
    """A write-only binary stream that encrypts into `out`; `close()` seals the last chunk."""

    def __init__(self, out: BinaryIO, passphrase: str) -> None:
        check_passphrase(passphrase)
        salt, prefix = os.urandom(16), os.urandom(7)
        header = _HEAD.pack(MAGIC, VERSION, LOG2_N, R, P, salt, prefix)
        aead = _derive(passphrase, salt, LOG2_N, R, P)
        key_check = aead.encrypt(_nonce(prefix, 0, _KEY_CHECK), b"", header)
        out.write(header + key_check)
        self._out = out
        self._sealer = _Sealer(aead, prefix, header)
        self._buffer = bytearray()

    def write(self, data: bytes) -> None:
        self._buffer += data
        # Keep the tail back: the last chunk is sealed as last only on close.
        while len(self._buffer) > CHUNK:
            self._out.write(self._sealer.seal(bytes(self._buffer[:CHUNK]), last=False))
            del self._buffer[:CHUNK]

    def close(self) -> None:
        self._out.write(self._sealer.seal(bytes(self._buffer), last=True))
        self._buffer.clear()


def decrypted_chunks(source: BinaryIO, passphrase: str) -> Iterator[bytes]:
    """The plaintext, chunk by chunk, each authenticated before it is yielded."""
    check_passphrase(passphrase)
    head = source.read(HEADER_SIZE)
    if len(head) < HEADER_SIZE or not head.startswith(MAGIC):
        raise BackupError("This is not a Vetted backup archive.")
    magic, version, log2_n, r, p, salt, prefix = _HEAD.unpack(head[: _HEAD.size])
    if version != VERSION:
        raise BackupError(f"This archive has format version {version}; this Vetted reads version {VERSION}.")
    if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4):
        raise Tampered("The archive's header was altered (its key parameters are out of range).")
    header = head[: _HEAD.size]
    aead = _derive(passphrase, salt, log2_n, r, p)
    try:
        aead.decrypt(_nonce(prefix, 0, _KEY_CHECK), head[_HEAD.size :], header)
    except InvalidTag:
        raise WrongKey(
            "Wrong backup key: VETTED_BACKUP_KEY does not open this archive (or its header was altered)."
        ) from None
    size = CHUNK + TAG
    counter, current = 0, source.read(size)
    while True:
        following = source.read(size)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, _LAST if last else _MIDDLE), current, header)
        except InvalidTag:
            offset = HEADER_SIZE + counter * size
            raise Tampered(
                f"The archive was altered or cut short (chunk {counter}, near byte {offset}); nothing restored."
            ) from None
        if last:
            return
        counter, current = counter + 1, following
