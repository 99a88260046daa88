"""Run every provision's rules over a document's sentences and keep the best evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..extract.model import Sentence
from ..provisions import PROVISION_IDS
from . import (
    conflicts_data_use,
    conflicts_duties,
    patterns_data_use,
    patterns_legal,
    patterns_more,
    patterns_rights,
    patterns_security,
)
from .alternation import Alternation, split
from .answers import context_text
from .filters import DISCLAIMER, non_operative_in_context, non_operative_reason
from .guards import (
    AFFIRMATIVE,
    AT_TERM_END,
    AUDIT_OTHER_SENSE,
    AUDIT_REPORT_ONLY,
    CONTRACT_BREACH,
    DURING_TERM,
    USER_SUBJECT,
    VENDOR_LICENCE,
    describes_state_law,
    disclaimer_spans,
    is_recital,
    negated_before,
)
from .learned import LearnedModel, features
from .lexicon import NEGATION_WORD, normalize
from .params import (
    BY_REFERENCE,
    breach_hours,
    continues_period,
    disposition_days,
    governing_state,
    mark_placeholders,
    placeholder_value,
    replacement_text,
)
from .prefilter import Index, Piece, pieces
from .rules import CONFLICT, POSITIVE, ProvisionRules, Rule, excluding, with_rules

ALL_RULES: dict[str, ProvisionRules] = {
    r.provision: r
    for r in (
        *patterns_data_use.RULES,
        *patterns_rights.RULES,
        *patterns_security.RULES,
        *patterns_legal.RULES,
    )
}
for _pid, (_trigger, _rules) in (
    *patterns_more.EXTRA.items(),
    *conflicts_data_use.CONFLICTS.items(),
    *conflicts_duties.CONFLICTS.items(),
):
    ALL_RULES[_pid] = with_rules(ALL_RULES[_pid], *_rules, trigger=_trigger)
# Guards written as exclusions of a provision's positive rules (see guards.py).
ALL_RULES["audit_right"] = excluding(ALL_RULES["audit_right"], f"{AUDIT_OTHER_SENSE}|{AUDIT_REPORT_ONLY}")
ALL_RULES["student_content_transfer"] = excluding(ALL_RULES["student_content_transfer"], VENDOR_LICENCE)
ALL_RULES["breach_notification"] = excluding(ALL_RULES["breach_notification"], CONTRACT_BREACH)
ALL_RULES["deletion_on_request"] = excluding(
    ALL_RULES["deletion_on_request"], rf"^(?!.*(?:{DURING_TERM})).*(?:{AT_TERM_END})"
)


@dataclass(frozen=True)
class _Lookup:
    """Which triggers and rules may match a sentence, from its pieces (see prefilter.Index)."""

    index: Index  # the triggers (numbered in ALL_RULES order), then every rule (in ALL_RULES order)
    numbers: dict[str, tuple[int, ...]]  # provision -> the numbers of its rules
    masks: dict[str, int]  # provision -> the bits of its rules
    provisions: tuple[tuple[str, ProvisionRules], ...]  # ALL_RULES.items(), by trigger number
    trigger_bits: int  # the bits of the triggers
    # By trigger number: a trigger that is not a word list, as strings and the rest (see alternation).
    trigger_tests: tuple[Alternation | None, ...]


@cache
def _lookup() -> _Lookup:
    """Built on first use: a process that reviews no contract never reads the patterns."""
    numbers: dict[str, tuple[int, ...]] = {}
    start = len(ALL_RULES)
    for pid, rules in ALL_RULES.items():
        numbers[pid] = tuple(range(start, start + len(rules.rules)))
        start += len(rules.rules)
    return _Lookup(
        Index(
            [r.trigger_prefilter for r in ALL_RULES.values()]
            + [rule.prefilter for r in ALL_RULES.values() for rule in r.rules]
        ),
        numbers,
        {pid: sum(1 << n for n in ns) for pid, ns in numbers.items()},
        tuple(ALL_RULES.items()),
        (1 << len(ALL_RULES)) - 1,
        tuple(None if r.trigger_is_words else split(r.trigger.pattern) for r in ALL_RULES.values()),
    )


QUOTE_LIMIT = 300
FOUND_THRESHOLD = 0.5

# A verbless list item under an affirming lead-in: "(3) no sale of student data" is a promise
# not to sell. It is read as "shall not sell student data" behind its lead-in.
_NOMINAL_NO = re.compile(
    r"^(?:no|zero)\s+(?!(?:later|more|less|fewer|longer|sooner|earlier)\b)(.*)$", re.I | re.S
)
_NOUN_VERB = (
    (re.compile(r"^(?:sale|selling|sales)\s+(?:of\s+)?", re.I), "sell "),
    (re.compile(r"^(?:rental|renting)\s+(?:of\s+)?", re.I), "rent "),
    (re.compile(r"^(?:sharing|disclosure|disclosing)\s+(?:of\s+)?", re.I), "disclose "),
    (re.compile(r"^(?:use|using)\s+of\s+", re.I), "use "),
    (re.compile(r"^(?:transfer|transferring)\s+of\s+", re.I), "transfer "),
    (re.compile(r"^(?=profiles?\b)", re.I), "build "),
)
_NEGATING = re.compile(r"\b(?:not|never|no|prohibited|forbidden|barred|precluded|refrain)\b|n't\b", re.I)
_FINITE_VERB = re.compile(
    r"\b(?:shall|will|may|must|is|are|was|were|can|could|does|do|did|has|have|be|should|would)\b", re.I
)


# "Selling student data ........ never.": a summary table drawn with dot leaders.
_LEADER = re.compile(r"^(?P<label>[^.]{3,90}?)\s*(?:\.\s?){4,}\s*(?P<value>.+)$")
_NEVER = re.compile(r"^(?:never|none|no|not\s+ever|none,?\s+ever|not\s+at\s+all)\b", re.I)


def leader_row(text: str) -> str | None:
    """The statement a dot-leader row makes when its value denies the label ("never", "none")."""
    if text.count(".") < 4:
        return None  # a dot leader has four dots at least
    m = _LEADER.match(text.strip())
    if m is None or not _NEVER.match(m.group("value").strip()):
        return None
    return f"we shall not engage in {m.group('label').strip()}"


def nominal_item(sentence: Sentence) -> str | None:
    """The match text of a verbless "no ..." item, or None if the sentence is not one."""
    if not sentence.list_item or _NEGATING.search(sentence.lead_in):
        return None
    m = _NOMINAL_NO.match(sentence.text.strip())
    if m is None or _FINITE_VERB.search(sentence.text):  # "No employee may ..." has its own verb
        return None
    rest = m.group(1)
    for noun, verb in _NOUN_VERB:
        if noun.match(rest):
            return f"{sentence.lead_in} shall not {noun.sub(verb, rest, count=1)}".strip()
    return f"{sentence.lead_in} shall not engage in {rest}".strip()


@dataclass
class Evidence:
    quote: str
    page: int | None
    section: str | None
    weight: float
    kind: str
    document: int = 0  # which document of a multi-document file the quote comes from


@dataclass
class Detection:
    provision: str
    positives: list[Evidence] = field(default_factory=list)
    conflicts: list[Evidence] = field(default_factory=list)
    param: int | str | None = None
    placeholder: bool = False  # the value is a template blank ("[State]", "within ____ hours")
    note: str | None = None  # e.g. the provision is only brought in by reference
    references: list[Evidence] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        return _combine([e.weight for e in self.positives])

    @property
    def conflict_confidence(self) -> float:
        return _combine([e.weight for e in self.conflicts])

    @property
    def found(self) -> bool:
        return self.confidence >= FOUND_THRESHOLD

    @property
    def conflicting(self) -> bool:
        return self.conflict_confidence >= FOUND_THRESHOLD


def _combine(weights: list[float]) -> float:
    """Independent evidence adds up, with diminishing returns; three strong quotes are plenty."""
    remaining = 1.0
    for w in sorted(weights, reverse=True)[:3]:
        remaining *= 1.0 - w * 0.5 if remaining < 1.0 else 1.0 - w
    return round(1.0 - remaining, 3)


def quote_of(text: str, span: tuple[int, int] | None = None) -> str:
    text = text.strip()
    if len(text) <= QUOTE_LIMIT:
        return text
    start = 0
    if span is not None:
        start = max(0, min(span[0] - 60, len(text) - QUOTE_LIMIT + 1))
        while start > 0 and text[start - 1] != " ":
            start -= 1
    piece = text[start : start + QUOTE_LIMIT - 2]
    piece = piece[: piece.rfind(" ")] if " " in piece else piece
    return ("\u2026" if start else "") + piece.strip() + "\u2026"


def _match_sentence(
    rules: ProvisionRules,
    norm: str,
    district_subject: bool,
    conflict_only: bool = False,
    disclaimed: list[tuple[int, int]] | None = None,
    grams: set[Piece] | None = None,
    candidates: int = -1,
) -> tuple[str, float, tuple[int, int]] | None:
    """The best rule match in a sentence; `grams` (its pieces) and `candidates` (bit n: rule
    number n may match, see _lookup) only spare searches that would fail."""
    best: tuple[str, float, tuple[int, int]] | None = None
    affirmative = rules.provision in AFFIRMATIVE
    lookup = _lookup()
    numbers = lookup.numbers[rules.provision]
    # From the index, a candidate's prefilter less the checks the index made; else the whole one.
    rest = lookup.index.rest if candidates != -1 else None
    # Bit i: the provision's rule i may match. Walking the set bits visits those rules in order.
    left = (candidates >> numbers[0] if numbers else 0) & ((1 << len(numbers)) - 1)
    while left:
        lowest = left & -left
        left ^= lowest
        position = lowest.bit_length() - 1
        rule = rules.rules[position]
        if rule.kind == POSITIVE and (conflict_only or (rules.vendor_duty and district_subject)):
            continue
        if best is not None and not rule.overrides and _cannot_replace(rule, best):
            continue  # whatever it finds, the best so far stays
        screen = rule.prefilter if rest is None else rest[numbers[position]]
        if grams is not None and not screen.admits(norm, grams):
            continue  # a string every match holds is missing: the search would fail
        m = rule.pattern.search(norm)
        if m is None:
            continue
        if rule.unless is not None and rule.unless.search(norm):
            continue
        if rule.kind == POSITIVE:
            # A disclaimer's clause, or a negation governing an affirmative verb, promises nothing.
            if disclaimed and any(a <= m.start() < b for a, b in disclaimed):
                continue
            if affirmative and negated_before(norm, m.start()):
                continue
        if rule.clean_span and NEGATION_WORD.search(norm[max(0, m.start() - 25) : m.end()]):
            continue
        if rule.overrides:
            return (rule.kind, rule.weight, m.span())
        # A conflict outranks a positive of equal weight only if no positive matched at all.
        if (
            best is None
            or (rule.kind == best[0] and rule.weight > best[1])
            or (rule.kind == POSITIVE and best[0] == CONFLICT)
        ):
            best = (rule.kind, rule.weight, m.span())
    return best


def _cannot_replace(rule: Rule, best: tuple[str, float, tuple[int, int]]) -> bool:
    """Would a match of `rule` leave `best` in place (see the choice at the end of _match_sentence)?"""
    if best[0] == POSITIVE:
        return rule.kind != POSITIVE or rule.weight <= best[1]
    return rule.kind == CONFLICT and rule.weight <= best[1]


def _param(provision: str, norm: str, previous: str | None = None) -> int | str | None:
    if provision == "breach_notification":
        return breach_hours(norm)
    if provision == "disposition_at_end":
        return disposition_days(norm, previous)
    if provision == "governing_law":
        return governing_state(norm)
    return None


def detect(
    sentences: list[Sentence],
    trace: list[SentenceTrace] | None = None,
    learned: LearnedModel | None = None,
) -> dict[str, Detection]:
    """Run the rules, then (if given) the learned layer; `trace` receives each operative sentence."""
    detections = {pid: Detection(pid) for pid in PROVISION_IDS}
    traces: list[SentenceTrace] = trace if trace is not None else []
    params: dict[str, list[tuple[float, int | str]]] = {}
    blanks: set[str] = set()
    lookup = _lookup()
    for index, sentence in enumerate(sentences):
        if sentence.heading:
            continue
        text = context_text(
            sentence.label, nominal_item(sentence) or leader_row(sentence.text) or sentence.match_text
        )
        normalized = normalize(text)
        norm = mark_placeholders(normalized)
        own = normalized if text == sentence.text else normalize(sentence.text)
        grams = pieces(norm)
        own_grams = grams if own == norm else None
        if len(norm) < 12 or non_operative_reason(sentence.text, own, own_grams):
            continue
        if is_recital(own, sentence.path) or describes_state_law(own):
            continue
        if own.endswith("?") and not sentence.lead_in:
            continue  # a question commits nothing; its answer carries it as a label
        if len(own.split()) < 4 and not (sentence.label or sentence.lead_in) and own[-1:] not in ".;":
            continue  # a label fragment ("Breach notices") without the statement it labels
        where = " / ".join(x for x in (sentence.section, *sentence.path) if x) or None
        context = non_operative_in_context(own, sentence.lead_in, where, own_grams)
        # "May, but is not obligated to, notify" is no promise, but it is a reservation.
        conflict_only = context == DISCLAIMER
        if context and not conflict_only:
            continue
        district_subject = bool(
            USER_SUBJECT.match(normalize(sentence.match_text) if sentence.lead_in else own)
        )
        disclaimed = disclaimer_spans(norm, grams)
        by_reference = BY_REFERENCE.search(norm, grams) is not None
        hits: dict[str, tuple[str, float]] = {}
        triggered: set[str] = set()
        may_match = lookup.index.candidates(grams)
        may_trigger = may_match & lookup.trigger_bits
        while may_trigger:  # the provisions whose trigger may match, in ALL_RULES order
            lowest = may_trigger & -may_trigger
            may_trigger ^= lowest
            number = lowest.bit_length() - 1
            pid, rules = lookup.provisions[number]
            if not lookup.index.rest[number].admits(norm, grams):
                continue
            if not rules.trigger_is_words:
                test = lookup.trigger_tests[number]
                if not (test.matches(norm) if test is not None else rules.trigger.search(norm)):
                    continue
            triggered.add(pid)
            if not may_match & lookup.masks[pid]:
                continue  # none of its rules can match
            hit = _match_sentence(rules, norm, district_subject, conflict_only, disclaimed, grams, may_match)
            if hit is None:
                continue
            kind, weight, span = hit
            hits[pid] = (kind, weight)
            offset = len(text) - len(sentence.text)  # lead-in is not quoted
            local = (max(0, span[0] - offset), max(0, span[1] - offset))
            evidence = Evidence(
                quote_of(sentence.text, local),
                sentence.page,
                sentence.section,
                weight,
                kind,
                sentence.document,
            )
            target = detections[pid]
            if kind == POSITIVE and by_reference:
                # "as described in our Privacy Policy": the promise lives in a document not read here.
                target.references.append(evidence)
                continue
            (target.positives if kind == POSITIVE else target.conflicts).append(evidence)
            if kind == POSITIVE and pid in _PARAM_IDS:
                if district_subject and pid == "disposition_at_end":
                    continue  # the district's own retention is not the vendor's disposition
                replaced = replacement_text(norm) if pid in _PERIODS else None
                # "Within 15 days after the transition period ends": the window is in the sentence before.
                previous = normalize(sentences[index - 1].text) if index and pid in _PERIODS else None
                value = _param(pid, norm, previous)
                if pid == "governing_law" and _REPLACED_CLAUSE.search(norm):
                    weight = _REPLACEMENT  # "Section 7.2 is replaced by the following: ..."
                if replaced is not None and _param(pid, replaced) is not None:
                    value, weight = _param(pid, replaced), _REPLACEMENT
                if value is not None:
                    params.setdefault(pid, []).append((weight, value))
                elif placeholder_value(pid, norm):
                    blanks.add(pid)
                if pid == "disposition_at_end" and replaced is None:
                    backup = _backup_days(sentences, index, norm)
                    if backup is not None:
                        params.setdefault(pid, []).append((weight, backup))
        if trace is not None or learned is not None:
            traces.append(
                SentenceTrace(
                    index,
                    norm,
                    hits,
                    district_subject,
                    frozenset(triggered),
                    conflict_only or by_reference,
                    bool(disclaimed),
                )
            )
    if learned is not None:
        _apply_learned(learned, traces, sentences, detections, params)
    for pid, values in params.items():
        detections[pid].param = _pick_param(pid, values)
    for pid in blanks:
        if detections[pid].param is None:
            detections[pid].placeholder = True
    for detection in detections.values():
        detection.positives.sort(key=lambda e: -e.weight)
        detection.conflicts.sort(key=lambda e: -e.weight)
        if detection.references and not detection.found:
            detection.note = f"Brought in only by reference: \u201c{detection.references[0].quote}\u201d"
    return detections


@dataclass
class SentenceTrace:
    """What the rules saw in one operative sentence (for the learned layer and its training)."""

    index: int  # position in the document's sentence list
    norm: str
    hits: dict[str, tuple[str, float]]  # provision -> (POSITIVE or CONFLICT, weight)
    user_subject: bool
    triggered: frozenset[str] = frozenset()  # provisions whose cheap trigger words occur
    blocked: bool = False  # a disclaimer ("not obligated to") or a promise made only by reference
    disclaimed: bool = False  # part of the sentence disclaims


def eligible(t: SentenceTrace, pid: str) -> bool:
    """May the learned layer read provision `pid` in this sentence? Guards always win."""
    if t.blocked or pid not in t.triggered:
        return False
    if t.user_subject and ALL_RULES[pid].vendor_duty:
        return False
    return not (t.disclaimed and pid in AFFIRMATIVE)


_LEARNED_WEIGHT = (0.5, 0.8)  # evidence weight from the learned layer, at and above its threshold


def _apply_learned(
    model: LearnedModel,
    traces: list[SentenceTrace],
    sentences: list[Sentence],
    detections: dict[str, Detection],
    params: dict[str, list[tuple[float, int | str]]],
) -> None:
    """Add provisions the rules missed where the model is confident; rules and guards win."""
    open_ids = {
        pid
        for pid, d in detections.items()
        if not d.found and not d.conflicting and model.threshold.get(pid, 2.0) <= 1.0  # off above 1
    }
    if not open_ids:
        return
    best: dict[str, tuple[float, SentenceTrace]] = {}
    for t in traces:
        if t.blocked or t.triggered.isdisjoint(open_ids):
            continue  # eligible() is False for every open provision
        wanted = [pid for pid in open_ids if eligible(t, pid) and t.hits.get(pid, ("", 0.0))[0] != CONFLICT]
        if not wanted:
            continue
        feats = features(t.norm, t.hits, t.user_subject)
        for pid in wanted:
            p = model.score(feats, pid)
            if p >= model.threshold[pid] and p > best.get(pid, (0.0, t))[0]:
                best[pid] = (p, t)
    low, high = _LEARNED_WEIGHT
    for pid, (p, t) in best.items():
        threshold = model.threshold[pid]
        weight = round(low + (high - low) * (p - threshold) / max(1e-6, 1.0 - threshold), 3)
        s = sentences[t.index]
        detections[pid].positives.append(
            Evidence(quote_of(s.text), s.page, s.section, max(low, weight), "learned", s.document)
        )
        value = _param(pid, t.norm, normalize(sentences[t.index - 1].text) if t.index else None)
        if value is not None:
            params.setdefault(pid, []).append((weight, value))
        if pid == "disposition_at_end":
            backup = _backup_days(sentences, t.index, t.norm)
            if backup is not None:
                params.setdefault(pid, []).append((weight, backup))


_PERIODS = ("breach_notification", "disposition_at_end")
_DISTRICT_START = re.compile(
    r"^(?:the\s+|each\s+|a\s+)?(?:lea|district|school|customer|board|institution|you)\b(?!'s)"
)
_BACKUP_WORD = re.compile(r"\b(?:backups?|back-up|archiv\w*|logs?|copies|snapshots?|replicas?)\b")


def _backup_days(sentences: list[Sentence], index: int, norm: str) -> int | None:
    """The period of a backup (or "after that, ...") sentence right after a disposition clause, in the same section:
    "... we delete its data within 30 days. Copies in backups are gone within 90 days after it ends."."""
    if index + 1 >= len(sentences):
        return None
    following = sentences[index + 1]
    if following.heading or following.section != sentences[index].section:
        return None
    own = normalize(following.text)
    if not (_BACKUP_WORD.search(own) or continues_period(own)) or USER_SUBJECT.match(
        normalize(following.match_text)
    ):
        return None
    if _DISTRICT_START.match(own):
        return None  # "The School keeps its own backup copies for 400 days": the district's, not the vendor's
    return disposition_days(own, norm)


_REPLACED_CLAUSE = re.compile(
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:replaced|amended|superseded|deleted\s+and\s+replaced)\b|\bin\s+(?:place|lieu)\s+of\b|\binstead\s+of\b"
)
_PARAM_IDS = frozenset({*_PERIODS, "governing_law"})
_REPLACEMENT = 2.0  # marks a value from a clause that replaces another period


def _pick_param(pid: str, values: list[tuple[float, int | str]]) -> int | str | None:
    replacing = [(w, v) for w, v in values if w == _REPLACEMENT]
    values = replacing or values
    if pid == "breach_notification":
        numbers = [v for _, v in values if isinstance(v, int)]
        return min(numbers) if numbers else None  # the first notice the district receives
    if pid == "disposition_at_end":
        numbers = [v for _, v in values if isinstance(v, int)]
        return max(numbers) if numbers else None  # until every copy, backups included, is gone
    # Governing law: the clause that says so most plainly; the first one if several do.
    best = max(w for w, _ in values)
    return next(v for w, v in values if w == best)
