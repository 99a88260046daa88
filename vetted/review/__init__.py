"""Automatic contract review: read a DPA or vendor terms, find the 20 canonical provisions, judge them.

Pure Python, no Django. `review_bytes()` never raises for hostile input except `DocumentError`,
whose `.code` and `.message` are meant for the uploader.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .detect import detect
from .detect.learned import LearnedModel, shipped_model
from .errors import ERROR_CODES, DocumentError
from .extract import extract
from .judge import Requirement, judge
from .limits import Limits
from .provisions import PROVISION_IDS
from .result import ReviewResult, build_result, render_text

__all__ = [
    "ERROR_CODES",
    "PROVISION_IDS",
    "DocumentError",
    "LearnedModel",
    "Limits",
    "Requirement",
    "ReviewResult",
    "render_text",
    "review_bytes",
    "review_path",
]


def review_bytes(
    data: bytes,
    filename: str,
    *,
    requirements: Iterable[Any] = (),
    district_state: str | None = None,
    limits: Limits | None = None,
    learned: bool | LearnedModel = True,
) -> ReviewResult:
    """Review one file. `learned=False` runs the rules alone; a LearnedModel replaces the shipped one."""
    document = extract(data, filename, limits or Limits())
    model = shipped_model() if learned is True else learned or None
    detections = detect(document.sentences, learned=model)
    judgements = judge(detections, requirements, district_state.upper() if district_state else None)
    return build_result(document, detections, judgements)


def review_path(
    path: str | Path,
    *,
    requirements: Iterable[Any] = (),
    district_state: str | None = None,
    limits: Limits | None = None,
    learned: bool | LearnedModel = True,
) -> ReviewResult:
    limits = limits or Limits()
    path = Path(path)
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)  # never read more than the limit
    return review_bytes(
        data,
        path.name,
        requirements=requirements,
        district_state=district_state,
        limits=limits,
        learned=learned,
    )
