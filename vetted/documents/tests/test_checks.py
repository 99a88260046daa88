"""The one upload check: size, real type (the engine's sniffer), encryption, zip bomb."""

from __future__ import annotations

from typing import Any

import pytest

from vetted.agreements.tests.files import docx_bytes, pdf_bytes, zip_bomb_docx
from vetted.documents.checks import CONTRACT_KINDS, check_upload
from vetted.review import DocumentError


def _refused(data: bytes, name: str, **kwargs: Any) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        check_upload(data, name, **kwargs)
    return caught.value


def test_real_files_pass_with_their_real_kind() -> None:
    assert check_upload(pdf_bytes(), "a.pdf").kind == "pdf"
    assert check_upload(docx_bytes(), "a.docx", kinds=CONTRACT_KINDS).kind == "docx"
    assert check_upload(b"We will not sell student data.", "terms.txt").kind == "text"


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (pdf_bytes(encrypt="pw-secret"), "locked.pdf", "encrypted", "password-protected"),
        (zip_bomb_docx(), "bomb.docx", "zip_bomb", "refused as unsafe"),
        (pdf_bytes(), "a.docx", "type_mismatch", "its content is a PDF"),
        (b"\x7fELF\x02\x01", "run.txt", "type_mismatch", "really a program"),
        (b"  \n ", "blank.txt", "empty", "empty"),
        (b"plain words", "terms.txt", "unsupported_type", "Upload a PDF (.pdf) or Word (.docx)"),
    ],
)
def test_refusals_carry_a_code_and_a_sentence(data: bytes, name: str, code: str, words: str) -> None:
    kinds = CONTRACT_KINDS if name == "terms.txt" else {"pdf", "docx", "html", "markdown", "text"}
    refused = _refused(data, name, kinds=kinds)
    assert refused.code == code and words in refused.message


def test_an_encrypted_docx_is_refused() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" general-purpose flag in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = bytes(data).find(signature)
        data[at + offset] |= 0x1
    assert _refused(bytes(data), "locked.docx").code == "encrypted"


def test_over_the_limit_is_refused(settings: Any) -> None:
    settings.VETTED_MAX_UPLOAD_BYTES = 1024
    refused = _refused(b"x" * 2048, "big.txt")
    assert refused.code == "too_large" and refused.message.startswith("The file is 0.0 MB")
