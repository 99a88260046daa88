"""The canonical provision library (``provisions.yaml``) and its loader.

Rule packs refer to provisions only by these ids; a pack naming any other id is
refused at load. The order of ``PROVISION_IDS`` is the order checklists show.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .errors import PackError
from .validate import validate_document
from .yamlsource import load_yaml

PROVISIONS_FILE = Path(__file__).with_name("provisions.yaml")

PROVISION_IDS: tuple[str, ...] = (
    "ownership",
    "use_limitation",
    "no_sale",
    "no_targeted_advertising",
    "no_profiling",
    "third_party_disclosure",
    "parent_access_correction",
    "student_content_transfer",
    "deletion_on_request",
    "disposition_at_end",
    "security_safeguards",
    "breach_notification",
    "ferpa_compliance",
    "other_laws_compliance",
    "governing_law",
    "severability",
    "audit_right",
    "deidentified_data",
    "general_offer",
    "employee_confidentiality",
)

ParamKind = Literal["hours", "days", "state"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Provision(BaseModel):
    """One canonical provision: what it means and model language a district can send."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    title: Text
    meaning: Text  # plain language, for a parent or privacy officer
    # Vetted's own drafting of a contract clause, with {provider} and {district} for the contract's
    # defined terms and {<param>} for the figure (filled in by vetted.review.amendment).
    model_language: Text
    param: ParamKind | None = None  # the one value a law or policy may fix

    @model_validator(mode="after")
    def _placeholders(self) -> Provision:
        names = {n for _t, n, _s, _c in string.Formatter().parse(self.model_language) if n is not None}
        allowed = {"provider", "district"} | ({self.param} if self.param else set())
        if names - allowed:
            raise ValueError(f"model_language may name only {sorted(allowed)}, not {sorted(names - allowed)}")
        if self.param and self.param not in names:
            raise ValueError(f"model_language must say where the {{{self.param}}} figure goes")
        return self


class _Library(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provisions: list[Provision] = Field(min_length=1)


@cache
def _library() -> dict[str, Provision]:
    raw = load_yaml(PROVISIONS_FILE)
    library = validate_document(_Library, PROVISIONS_FILE, raw)
    ids = tuple(p.id for p in library.provisions)
    if ids != PROVISION_IDS:
        raise PackError(
            PROVISIONS_FILE.name,
            raw.line,
            "provisions",
            f"ids must be exactly {', '.join(PROVISION_IDS)} in that order (got {', '.join(ids)})",
        )
    return {p.id: p for p in library.provisions}


def get_provision(provision_id: str) -> Provision:
    """The provision with this id; KeyError naming the known ids otherwise."""
    try:
        return _library()[provision_id]
    except KeyError:
        raise KeyError(f"unknown provision id {provision_id!r}; known: {', '.join(PROVISION_IDS)}") from None


def all_provisions() -> tuple[Provision, ...]:
    """Every provision, in canonical order."""
    lib = _library()
    return tuple(lib[i] for i in PROVISION_IDS)
