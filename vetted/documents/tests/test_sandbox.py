"""Reviews run in a child process: results come back, refusals come back, a hang or crash is contained."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from vetted.documents import sandbox
from vetted.review import Limits

TEXT = b"The Vendor shall not sell student data. This agreement is governed by the laws of the State of Connecticut."


def test_result_and_sentences_come_back() -> None:
    outcome = sandbox.review_in_child(TEXT, "terms.txt", state="CT")
    assert outcome.ok and outcome.result is not None and outcome.sentences is not None
    by_id = {p["id"]: p for p in outcome.result["provisions"]}
    assert by_id["no_sale"]["found"] and by_id["governing_law"]["param"] in ("CT", "district")
    assert any("shall not sell" in s["text"] for s in outcome.sentences)


def test_a_refused_document_comes_back_as_a_reason() -> None:
    outcome = sandbox.review_in_child(b"%PDF-1.7\n garbage without an xref", "broken.pdf")
    assert not outcome.ok
    assert outcome.error_code in ("corrupt", "truncated")
    assert outcome.error_message


def _hang(*args: Any, **kwargs: Any) -> Any:
    time.sleep(60)


def _die(*args: Any, **kwargs: Any) -> Any:
    os._exit(9)


@pytest.mark.parametrize(("replacement", "code"), [(_hang, "timeout"), (_die, "corrupt")])
def test_a_hang_or_a_crash_is_contained(monkeypatch: Any, replacement: Any, code: str) -> None:
    monkeypatch.setattr(sandbox, "review_bytes", replacement)
    monkeypatch.setattr(sandbox, "GRACE_SECONDS", 0.5)
    started = time.monotonic()
    outcome = sandbox.review_in_child(TEXT, "terms.txt", limits=Limits(max_seconds=0.5))
    assert outcome.error_code == code
    assert time.monotonic() - started < 20
