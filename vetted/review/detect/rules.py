"""The rule shape every provision module uses, and the helpers that build them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .prefilter import Prefilter, is_literal_alternation, prefilter_of

POSITIVE = "positive"
TRIGGER_MAX_STRINGS = 1000  # a trigger's word list is one need, however long
CONFLICT = "conflict"


@dataclass(frozen=True)
class Rule:
    """One phrasing. Its regexes are compiled on first use: most never run on a given document
    (see `needs`), and a process that reviews one file should not compile them all."""

    kind: str  # POSITIVE (an operative statement with the meaning) or CONFLICT (the opposite)
    weight: float  # confidence this one match gives
    source: str  # the regex
    unless_source: str | None = None  # the whole sentence must not match this regex
    clean_span: bool = False  # the match itself must hold no negation ("we may sell", not "may not")
    name: str = ""
    # An express denial ("the LEA shall have no right to audit") outranks a positive in the same
    # sentence, whose words it necessarily contains.
    overrides: bool = False

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)

    @cached_property
    def unless(self) -> re.Pattern[str] | None:
        return re.compile(self.unless_source) if self.unless_source else None

    @cached_property
    def prefilter(self) -> Prefilter:
        """Pieces of the strings every match contains (read off the pattern): without them, no search."""
        return prefilter_of(self.source)


@dataclass(frozen=True)
class ProvisionRules:
    provision: str
    trigger: re.Pattern[str]  # cheap pre-filter; patterns run only on sentences it matches
    rules: tuple[Rule, ...]
    vendor_duty: bool = True  # skip sentences whose subject is the district itself

    @cached_property
    def trigger_prefilter(self) -> Prefilter:
        """Pieces of the strings a trigger match contains (of its words, for a list of words)."""
        return prefilter_of(self.trigger.pattern, max_strings=TRIGGER_MAX_STRINGS)

    @cached_property
    def trigger_is_words(self) -> bool:
        """A trigger that is a list of words matches exactly when its prefilter admits."""
        return is_literal_alternation(self.trigger.pattern)


def pos(weight: float, pattern: str, unless: str | None = None, name: str = "") -> Rule:
    return Rule(POSITIVE, weight, pattern, unless or None, False, name)


def conflict(
    weight: float, pattern: str, unless: str | None = None, name: str = "", clean: bool = True
) -> Rule:
    """`clean=False` for conflicts that are themselves negations ("we do not restrict ...")."""
    return Rule(CONFLICT, weight, pattern, unless or None, clean, name)


def denial(weight: float, pattern: str, unless: str | None = None, name: str = "") -> Rule:
    """A conflict worded as a negation of the right itself; it wins over a positive match."""
    return Rule(CONFLICT, weight, pattern, unless or None, False, name, True)


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
    rules = tuple(
        Rule(
            r.kind,
            r.weight,
            r.source,
            f"(?:{r.unless_source})|(?:{unless})" if r.unless_source else unless,
            r.clean_span,
            r.name,
            r.overrides,
        )
        if r.kind == kind
        else r
        for r in base.rules
    )
    return ProvisionRules(base.provision, base.trigger, rules, base.vendor_duty)
