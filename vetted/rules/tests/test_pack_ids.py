"""A pack id names a pack file by its stem; anything shaped like a path is refused before any I/O."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetted.rules import PackError
from vetted.rules.loader import available_packs, find_pack_file, load_pack


@pytest.mark.parametrize(
    "pack_id",
    ["../../etc/passwd", "../packs/us-ct", "/etc/hostname", "us-ct/../us-ct", "US-CT", "", "a" * 65],
)
def test_path_shaped_pack_ids_are_refused(pack_id: str, tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("id: secret\npassword: hunter2\n")
    with pytest.raises(PackError, match="no rule pack named"):
        find_pack_file(pack_id)
    with pytest.raises(PackError, match="no rule pack named"):
        load_pack(pack_id)


def test_a_traversal_to_a_real_yaml_file_is_refused(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (tmp_path / "secret.yaml").write_text("id: secret\n")
    with pytest.raises(PackError, match="no rule pack named"):
        find_pack_file("../secret", [packs])


def test_every_available_pack_id_is_a_safe_slug() -> None:
    ids = available_packs()
    assert "us-ct" in ids and "demo-ct-2017" in ids
    for pack_id in ids:
        assert find_pack_file(pack_id).stem == pack_id
