"""The rule shape every provision module uses, and the helpers that build them."""

from __future__ import annotations

import re
from dataclasses import dataclass

POSITIVE = "positive"
CONFLICT = "conflict"


@dataclass(frozen=True)
class Rule:
    kind: str  # POSITIVE (an operative statement with the meaning) or CONFLICT (the opposite)
    weight: float  # confidence this one match gives
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None  # the whole sentence must not match this
    clean_span: bool = False  # the match itself must hold no negation ("we may sell", not "may not")
    name: str = ""
    # An express denial ("the LEA shall have no right to audit") outranks a positive in the same
    # sentence, whose words it necessarily contains.
    overrides: bool = False


@dataclass(frozen=True)
class ProvisionRules:
    provision: str
    trigger: re.Pattern[str]  # cheap pre-filter; patterns run only on sentences it matches
    rules: tuple[Rule, ...]
    vendor_duty: bool = True  # skip sentences whose subject is the district itself


def pos(weight: float, pattern: str, unless: str | None = None, name: str = "") -> Rule:
    return Rule(POSITIVE, weight, re.compile(pattern), re.compile(unless) if unless else None, False, name)


def conflict(
    weight: float, pattern: str, unless: str | None = None, name: str = "", clean: bool = True
) -> Rule:
    """`clean=False` for conflicts that are themselves negations ("we do not restrict ...")."""
    return Rule(CONFLICT, weight, re.compile(pattern), re.compile(unless) if unless else None, clean, name)


def denial(weight: float, pattern: str, unless: str | None = None, name: str = "") -> Rule:
    """A conflict worded as a negation of the right itself; it wins over a positive match."""
    return Rule(
        CONFLICT, weight, re.compile(pattern), re.compile(unless) if unless else None, False, name, True
    )


def provision(provision_id: str, trigger: str, *rules: Rule, vendor_duty: bool = True) -> ProvisionRules:
    return ProvisionRules(provision_id, re.compile(trigger), tuple(rules), vendor_duty)


def with_rules(
    base: ProvisionRules, *rules: Rule, trigger: str | None = None, vendor_duty: bool | None = None
) -> ProvisionRules:
    """The same provision with more phrasings (and optionally a wider trigger)."""
    return ProvisionRules(
        base.provision,
        re.compile(f"{base.trigger.pattern}|{trigger}") if trigger else base.trigger,
        base.rules + rules,
        base.vendor_duty if vendor_duty is None else vendor_duty,
    )


def excluding(base: ProvisionRules, unless: str, kind: str = POSITIVE) -> ProvisionRules:
    """The same provision, but no rule of `kind` matches a sentence that also matches `unless`."""
    extra = re.compile(unless)
    rules = tuple(
        Rule(
            r.kind,
            r.weight,
            r.pattern,
            re.compile(f"(?:{r.unless.pattern})|(?:{unless})") if r.unless else extra,
            r.clean_span,
            r.name,
            r.overrides,
        )
        if r.kind == kind
        else r
        for r in base.rules
    )
    return ProvisionRules(base.provision, base.trigger, rules, base.vendor_duty)
