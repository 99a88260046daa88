"""Pydantic models for a rule pack file (``packs/*.yaml``, ``packs/districts/*.yaml``).

Every required provision and every deadline carries a citation; the models refuse a
pack without one. Semantic checks that need the whole stack (tighten-only) live in
``stack.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from .errors import PackError
from .events import CONDITIONS, DEADLINE_IDS, EVENT_NAMES, EVENTS, Party, Unit
from .provisions import PROVISION_IDS, get_provision
from .yamlsource import format_loc, line_of

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Citation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
PackId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]

_PARAM_KEYS = {"hours": "hours", "days": "days", "state": "state"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_provision_id(value: str) -> str:
    if value not in PROVISION_IDS:
        raise ValueError(f"unknown provision id {value!r}; see vetted/rules/provisions.yaml")
    return value


class RequiredProvision(_Strict):
    provision: str
    params: dict[str, int | str] = Field(default_factory=dict)
    citation: Citation
    note: str | None = None

    _provision = field_validator("provision")(_check_provision_id)

    @field_validator("params")
    @classmethod
    def _params_match_kind(cls, params: dict[str, int | str], info: ValidationInfo) -> dict[str, int | str]:
        provision_id = info.data.get("provision")
        if provision_id is None or not params:
            return params
        kind = get_provision(provision_id).param
        if kind is None:
            raise ValueError(f"provision {provision_id!r} takes no parameters")
        if set(params) != {_PARAM_KEYS[kind]}:
            raise ValueError(f"provision {provision_id!r} takes exactly one parameter: {kind}")
        value = params[kind]
        if kind == "state":
            if not (isinstance(value, str) and len(value) == 2 and value.isupper()):
                raise ValueError("state must be a two-letter code such as CT")
        elif not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
            raise ValueError(f"{kind} must be a positive whole number")
        return params


class Deadline(_Strict):
    id: Slug  # stable across layers: a district's rule with the same id tightens the law's
    event: str
    actor: Party
    recipient: Party
    duration: PositiveInt
    unit: Unit
    condition: str | None = None
    description: Text
    citation: Citation
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _known_deadline(cls, value: str) -> str:
        if value not in DEADLINE_IDS:
            raise ValueError(
                f"unknown deadline id {value!r}; add it to DEADLINE_IDS in vetted/rules/events.py "
                f"or use one of {', '.join(DEADLINE_IDS)}"
            )
        return value

    @field_validator("event")
    @classmethod
    def _known_event(cls, value: str, info: ValidationInfo) -> str:
        if value not in EVENTS:
            raise ValueError(f"unknown event {value!r}; must be one of {', '.join(EVENT_NAMES)}")
        expected = DEADLINE_IDS.get(info.data.get("id", ""))
        if expected is not None and value != expected:
            raise ValueError(f"deadline {info.data['id']!r} starts from {expected!r}, not {value!r}")
        return value

    @field_validator("condition")
    @classmethod
    def _known_condition(cls, value: str | None) -> str | None:
        if value is not None and value not in CONDITIONS:
            raise ValueError(f"unknown condition {value!r}; must be one of {', '.join(CONDITIONS)}")
        return value


class PostingDuty(_Strict):
    id: Slug
    summary: Text
    citation: Citation
    note: str | None = None


class WaivedProvision(_Strict):
    """A district may record that it does not add a provision; it can never waive the law's."""

    provision: str
    reason: Text

    _provision = field_validator("provision")(_check_provision_id)


class EligibleStudent(_Strict):
    """The age at which a student's records rights pass from the parents to the student."""

    age: PositiveInt
    citation: Citation
    note: str | None = None


class Pack(_Strict):
    id: PackId
    name: Text
    kind: Literal["jurisdiction", "district"]
    jurisdiction: Text  # "US" or "US-CT" style
    state: StateCode | None = None  # drives the public-holiday calendar
    extends: PackId | None = None
    district: str | None = None  # district packs: whose policy this is
    adopted: dt.date | None = None
    citations: list[Citation] = Field(min_length=1)
    note: str | None = None
    required_provisions: list[RequiredProvision] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    posting_duties: list[PostingDuty] = Field(default_factory=list)
    waived_provisions: list[WaivedProvision] = Field(default_factory=list)
    eligible_student: EligibleStudent | None = None

    # Where the pack came from, so later checks (tighten-only) can name file and line.
    _source: Path | None = PrivateAttr(default=None)
    _raw: Any = PrivateAttr(default=None)

    @property
    def source_file(self) -> str:
        return self._source.name if self._source is not None else f"{self.id}.yaml"

    def error_at(self, loc: Sequence[str | int], message: str) -> PackError:
        """A PackError pointing at ``loc`` (e.g. ``("deadlines", 2, "duration")``) in this file."""
        return PackError(self.source_file, line_of(self._raw, loc), format_loc(loc), message)
