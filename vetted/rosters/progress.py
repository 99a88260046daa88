"""Live progress of a running import, for the admin's page.

The import runs in one transaction, so nothing it writes to the database is visible until it ends
(and SQLite allows one writer). Progress is therefore a small JSON file beside the stored upload,
replaced atomically; the page reads it while the import runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from vetted.documents import storage


def _path(job_id: int) -> Path:
    return storage.root("rosters") / f"{job_id}.progress.json"


def write(job_id: int, progress: dict[str, Any]) -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(progress))
    os.replace(temp, path)


def read(job_id: int) -> dict[str, Any]:
    try:
        return dict(json.loads(_path(job_id).read_text()))
    except (OSError, ValueError):
        return {}


def clear(job_id: int) -> None:
    _path(job_id).unlink(missing_ok=True)
