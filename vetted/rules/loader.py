"""Find, parse and validate single pack files.

Pack ids are file names: ``packs/us-ct.yaml`` is ``us-ct``; district policies live
in ``packs/districts/``. Tests and deployments may pass extra directories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from .errors import PackError
from .schema import Pack
from .validate import validate_document
from .yamlsource import load_yaml

PACKS_DIR = Path(__file__).with_name("packs")
# A pack id is a file stem, never a path: lower-case letters, digits and hyphens only.
PACK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def _search_dirs(pack_dirs: Iterable[Path] | None) -> list[Path]:
    dirs = [Path(d) for d in pack_dirs] if pack_dirs is not None else [PACKS_DIR]
    out: list[Path] = []
    for d in dirs:
        out += [d, d / "districts"]
    return out


def find_pack_file(pack_id: str, pack_dirs: Sequence[Path] | None = None) -> Path:
    if not isinstance(pack_id, str) or not PACK_ID.fullmatch(pack_id):
        # Refused before it touches the file system: "../../etc/x" must not name a file.
        raise PackError("rule packs", None, "id", f"no rule pack named {pack_id!r}")
    for d in _search_dirs(pack_dirs):
        candidate = d / f"{pack_id}.yaml"
        if candidate.is_file():
            return candidate
    raise PackError(f"{pack_id}.yaml", None, "id", f"no rule pack named {pack_id!r}")


def available_packs(pack_dirs: Sequence[Path] | None = None) -> tuple[str, ...]:
    """Ids of every pack file in the search directories, sorted."""
    return tuple(sorted({p.stem for d in _search_dirs(pack_dirs) if d.is_dir() for p in d.glob("*.yaml")}))


def load_pack_file(path: Path) -> Pack:
    """Parse and validate one pack file; any problem is a PackError naming file, line, field."""
    path = Path(path)
    raw = load_yaml(path)
    pack = validate_document(Pack, path, raw)
    pack._source = path
    pack._raw = raw
    _check_shape(pack, path)
    return pack


def _check_shape(pack: Pack, path: Path) -> None:
    if pack.id != path.stem:
        raise pack.error_at(("id",), f"must match the file name ({path.stem!r})")
    if pack.kind == "district":
        if pack.extends is None:
            raise pack.error_at(("kind",), "a district pack must name the pack it tightens in 'extends'")
        if not pack.district:
            raise pack.error_at(("kind",), "a district pack must name its district in 'district'")
    elif pack.waived_provisions:
        raise pack.error_at(("waived_provisions",), "only district packs may record waived provisions")
    if pack.state is not None and pack.extends is None:
        raise pack.error_at(("state",), "a state pack must extend the federal pack ('extends: us-federal')")
    seen_provisions: set[str] = set()
    for i, rp in enumerate(pack.required_provisions):
        if rp.provision in seen_provisions:
            raise pack.error_at(("required_provisions", i, "provision"), f"{rp.provision!r} listed twice")
        seen_provisions.add(rp.provision)
    seen_deadlines: set[tuple[str, str | None]] = set()
    for i, d in enumerate(pack.deadlines):
        key = (d.id, d.condition)
        if key in seen_deadlines:
            raise pack.error_at(("deadlines", i, "id"), f"deadline {d.id!r} listed twice (same condition)")
        seen_deadlines.add(key)
        clash = next((o for o in pack.deadlines if o.id == d.id and o.event != d.event), None)
        if clash is not None:
            raise pack.error_at(("deadlines", i, "event"), f"deadline {d.id!r} used with two events")


@cache
def _load_builtin(pack_id: str) -> Pack:
    return load_pack_file(find_pack_file(pack_id))


def load_pack(pack_id: str, pack_dirs: Sequence[Path] | None = None) -> Pack:
    """Load one pack by id (built-in packs are cached; they are read-only data)."""
    if pack_dirs is None:
        return _load_builtin(pack_id)
    return load_pack_file(find_pack_file(pack_id, pack_dirs))
