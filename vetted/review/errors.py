"""Refusals the reader raises: one exception type, a machine code and a sentence for people."""

from __future__ import annotations

# Machine codes, stable for callers (the Django layer maps them to form errors / HTTP 422).
TOO_LARGE = "too_large"
TOO_MANY_PAGES = "too_many_pages"
TOO_MUCH_TEXT = "too_much_text"
TIMEOUT = "timeout"
EMPTY = "empty"
UNSUPPORTED_TYPE = "unsupported_type"
TYPE_MISMATCH = "type_mismatch"
CORRUPT = "corrupt"
TRUNCATED = "truncated"
ENCRYPTED = "encrypted"
NO_TEXT_LAYER = "no_text_layer"
ZIP_BOMB = "zip_bomb"

ERROR_CODES = (
    TOO_LARGE,
    TOO_MANY_PAGES,
    TOO_MUCH_TEXT,
    TIMEOUT,
    EMPTY,
    UNSUPPORTED_TYPE,
    TYPE_MISMATCH,
    CORRUPT,
    TRUNCATED,
    ENCRYPTED,
    NO_TEXT_LAYER,
    ZIP_BOMB,
)


class DocumentError(Exception):
    """A document we refuse to read; `message` is safe to show to the uploader."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
