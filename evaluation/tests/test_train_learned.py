"""The learned layer's training is deterministic and never reads the frozen part."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "train_learned.py"


def _module():
    spec = importlib.util.spec_from_file_location("train_learned", _PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_learned"] = module
    spec.loader.exec_module(module)
    return module


def test_training_is_deterministic() -> None:
    tl = _module()
    data = [
        ({"w:sell", "w:never"}, 1),
        ({"w:sell", "w:may"}, 0),
        ({"w:share", "w:never"}, 1),
        ({"w:price"}, 0),
    ] * 5
    assert tl.train_one(data, 3) == tl.train_one(data, 3)
    bias, weights = tl.train_one(data, 3)
    assert weights["w:never"] > 0 > weights["w:may"]


def test_fragments_come_from_quoted_note_text() -> None:
    tl = _module()
    note = '5.1: "shall not sell Student Data ... to any third party" and [page break] "x"'
    assert tl._fragments(note) == ["shall not sell student data", "to any third party"]


def test_frozen_part_is_refused() -> None:
    tl = _module()
    with pytest.raises(SystemExit):
        tl.main(["--gold", "evaluation/frozen/gold", "--no-write"])
