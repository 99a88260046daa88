"""Helpers for tests that need a throw-away pack directory."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from vetted.rules.loader import PACKS_DIR


def pack_dir(tmp_path: Path, *builtin: str) -> Path:
    """A fresh packs/ directory holding copies of the named built-in jurisdiction packs."""
    root = tmp_path / "packs"
    (root / "districts").mkdir(parents=True)
    for pack_id in builtin:
        shutil.copy(PACKS_DIR / f"{pack_id}.yaml", root / f"{pack_id}.yaml")
    return root


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
