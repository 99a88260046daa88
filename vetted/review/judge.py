"""Compare what the document says with what the rule packs require, provision by provision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .detect.engine import Detection
from .provisions import PROVISION_IDS, TITLES

SATISFIED = "satisfied"
MISSING = "missing"
INSUFFICIENT = "insufficient"
CONFLICT = "conflict"
NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class Requirement:
    """One required provision; `vetted.rules` MergedProvision objects have the same shape."""

    provision_id: str
    params: Mapping[str, int | str] = field(default_factory=dict)
    citation: str = ""
    required_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    status: str
    reason: str
    citation: str
    required_by: tuple[str, ...]


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, Mapping) and name in obj:
            return obj[name]
        if not isinstance(obj, Mapping) and hasattr(obj, name):
            return getattr(obj, name)
    return default


def coerce_requirement(obj: Any) -> Requirement:
    """Accept a Requirement, a dict, or any object with provision_id/params/citation/required_by."""
    if isinstance(obj, Requirement):
        return obj
    pid = _get(obj, "provision_id", "provision", "id")
    if not isinstance(pid, str):
        raise ValueError(f"requirement without a provision id: {obj!r}")
    required_by = _get(obj, "required_by", "packs", default=None)
    if required_by is None:
        pack = _get(obj, "pack_id", "pack", "decided_by")
        required_by = (pack,) if pack else ()
    elif isinstance(required_by, str):
        required_by = (required_by,)
    return Requirement(
        provision_id=pid,
        params=dict(_get(obj, "params", default=None) or {}),
        citation=str(_get(obj, "citation", default="") or ""),
        required_by=tuple(str(p) for p in required_by),
    )


def _stricter(a: Mapping[str, int | str], b: Mapping[str, int | str]) -> Mapping[str, int | str]:
    """Of two parameter sets for the same provision, the one that asks more of the vendor."""
    for key in ("hours", "days"):
        if key in a and key in b:
            return a if int(a[key]) <= int(b[key]) else b
    return a or b


def merge_requirements(requirements: Iterable[Any]) -> dict[str, Requirement]:
    source = (
        requirements.required_provisions() if hasattr(requirements, "required_provisions") else requirements
    )
    merged: dict[str, Requirement] = {}
    for raw in source:
        req = coerce_requirement(raw)
        if req.provision_id not in PROVISION_IDS:
            raise ValueError(f"unknown provision id {req.provision_id!r}")
        old = merged.get(req.provision_id)
        if old is None:
            merged[req.provision_id] = req
            continue
        params = _stricter(req.params, old.params)
        citation = req.citation if params is req.params and req.params else old.citation
        packs = tuple(dict.fromkeys((*old.required_by, *req.required_by)))
        merged[req.provision_id] = Requirement(req.provision_id, params, citation or req.citation, packs)
    return merged


def _hours_text(hours: int) -> str:
    return f"{hours} hours" if hours < 72 or hours % 24 else f"{hours // 24} days ({hours} hours)"


def _check_param(
    pid: str, want: Mapping[str, int | str], got: int | str | None, district_state: str | None
) -> str | None:
    """None if the parameter is met, else why not."""
    if "hours" in want:
        limit = int(want["hours"])
        if got is None:
            return f"no notice deadline is stated; {_hours_text(limit)} required"
        if int(got) > limit:
            return f"notice within {_hours_text(int(got))}; {_hours_text(limit)} required"
    if "days" in want:
        limit = int(want["days"])
        if got is None:
            return f"no disposition period is stated; within {limit} days required"
        if int(got) > limit:
            return f"disposition within {got} days; within {limit} days required"
    if "state" in want:
        state = str(want["state"])
        if got is None:
            return f"no governing state is named; {state} law required"
        if got == "district":
            if district_state is None or district_state == state:
                return None
            return f"the district's state ({district_state}) governs; {state} law required"
        if got != state:
            return f"{got} law governs; {state} law required"
    return None


def judge_one(
    pid: str, detection: Detection, requirement: Requirement | None, district_state: str | None
) -> Judgement:
    title = TITLES.get(pid, pid)
    if requirement is None:
        if detection.conflicting and not detection.found:
            return Judgement(
                NOT_REQUIRED, f"Not required; note the document says the opposite ({title}).", "", ()
            )
        return Judgement(NOT_REQUIRED, "No selected rule requires this provision.", "", ())
    cite, packs = requirement.citation, requirement.required_by
    if detection.conflicting:
        quote = detection.conflicts[0].quote
        return Judgement(CONFLICT, f"The document says the opposite: \u201c{quote}\u201d", cite, packs)
    if not detection.found:
        return Judgement(MISSING, f"No operative statement found: {title}.", cite, packs)
    problem = _check_param(pid, requirement.params, detection.param, district_state)
    if problem:
        return Judgement(INSUFFICIENT, f"Present but insufficient: {problem}.", cite, packs)
    return Judgement(SATISFIED, f"Found: {title}.", cite, packs)


def judge(
    detections: Mapping[str, Detection], requirements: Iterable[Any] = (), district_state: str | None = None
) -> dict[str, Judgement]:
    merged = merge_requirements(requirements)
    return {pid: judge_one(pid, detections[pid], merged.get(pid), district_state) for pid in PROVISION_IDS}
