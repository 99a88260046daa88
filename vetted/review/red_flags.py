"""Red flags in a vendor's terms or privacy policy, for the committee before it decides.

Two sources, one list:

1. The review engine's result (`ReviewResult.to_dict()`): what the vendor reserves the right to do
   (a provision the document contradicts: it may sell, advertise, keep data for ever, notify of a
   breach only if it chooses) and protections a school needs that the text never promises. Where
   the engine has the answer, it is the answer: the same reading as the contract review.
2. The document's sentences, for what the engine does not judge (unilateral changes of the terms,
   data handed to an acquirer) and as a second reading of a few statements a vendor's own terms
   phrase loosely ("we may sell or rent personal information", "targeted advertising", "we will
   notify you when we deem appropriate"). A sentence counts only when nothing negates the statement
   within its own clause ("we do not sell or rent ..." is not a flag), and words match whole.

At most one flag per id (the committee answers each flag once): a statement in the text replaces
a silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .states import says_opposite

# provision id -> (flag when the text says the opposite, flag when the text is silent or None)
FLAGS: dict[str, tuple[str, str | None]] = {
    "no_sale": ("The vendor may sell student data.", None),
    "no_targeted_advertising": ("The vendor may use student data for targeted advertising.", None),
    "no_profiling": ("The vendor may build profiles of students for its own purposes.", None),
    "third_party_disclosure": ("The vendor shares student data with others for their own purposes.", None),
    "use_limitation": ("The vendor may use student data for purposes beyond the service.", None),
    "ownership": ("The vendor claims rights over student data or student work.", None),
    "deletion_on_request": (
        "The vendor will not delete student data on request.",
        "No promise to delete student data when the school or a family asks.",
    ),
    "disposition_at_end": (
        "The vendor keeps student data after the service ends.",
        "No promise to delete student data when the service ends.",
    ),
    "breach_notification": (
        "The vendor is not obliged to report a data breach.",
        "No promise to tell the school about a data breach.",
    ),
    "deidentified_data": ("De-identified student data may be re-identified or used without limits.", None),
}

UNILATERAL_CHANGES = "unilateral_changes"
CHANGE_OF_CONTROL = "change_of_control"

# Flags only the text reader raises (no provision of the engine stands for them).
TEXT_ONLY_MESSAGES = {
    UNILATERAL_CHANGES: "The vendor may change its terms whenever it likes, without telling the school first.",
    CHANGE_OF_CONTROL: "If the vendor is sold or merged, student data may pass to the new owner.",
}
TEXT_BREACH_MESSAGE = "The vendor decides for itself whether and when to report a data breach."

_DATA = (
    r"(?:personal(?:ly identifiable)? (?:information|data|info)|student (?:data|information|records)"
    r"|(?:your|user|users'|children's|child's|students'|customer|the|such|this|that|any) (?:personal )?"
    r"(?:information|data))"
)
_I = re.IGNORECASE

# id -> patterns; each match is one statement, judged on the words before it in its clause.
TEXT_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "no_sale": (
        re.compile(
            rf"\b(?:sell|rent|lease|trade|monetize)s?\b(?:,? (?:or|and|and/or) \w+)*[^.;]{{0,40}}?\b{_DATA}",
            _I,
        ),
        re.compile(
            rf"\b{_DATA}[^.;]{{0,40}}?\b(?:may|might|can|could|will|is|are) (?:also )?be (?:sold|rented)\b",
            _I,
        ),
    ),
    "no_targeted_advertising": (
        re.compile(
            r"\b(?:targeted|behaviou?ral|interest[- ]based|personali[sz]ed|cross[- ]context(?: behaviou?ral)?"
            r"|tailored|retargeting)\s+(?:advertising|ads|advertisements|marketing)\b",
            _I,
        ),
        re.compile(r"\b(?:advertising|ads|advertisements)\s+(?:tailored|targeted|based on your)\b", _I),
    ),
    UNILATERAL_CHANGES: (
        re.compile(
            r"\b(?:may|can|reserves? the right to|will)\s+(?:(?!not\b|never\b)\w+\s+){0,2}?(?:change|modify|update|amend|revise"
            r"|replace)\s+(?:these|this|the|our|any of these)\s+(?:terms|policy|privacy policy|agreement|terms of"
            r" (?:service|use))\b[^.;]*?\b(?:at any time|without (?:prior |advance |any )?notice|at (?:our|its)"
            r" (?:sole )?discretion|effective (?:immediately )?(?:upon|when) (?:we )?post)",
            _I,
        ),
        re.compile(
            r"\b(?:terms|policy|agreement)\s+(?:may|can)\s+(?:be\s+)?(?:changed|modified|updated|amended|revised)"
            r"[^.;]*?\b(?:at any time|without (?:prior |advance |any )?notice|at (?:our|its) (?:sole )?discretion)",
            _I,
        ),
    ),
    CHANGE_OF_CONTROL: (
        re.compile(
            r"\b(?:merger|acquisition|acquired|change (?:of|in) control|sale of (?:all|substantially all|some"
            r"|part)(?: or (?:substantially all|part))? of (?:our|its|the company's) (?:assets|business)"
            r"|bankruptcy|reorgani[sz]ation)\b[^.]{0,200}?\b(?:transfer(?:red)?|disclose[ds]?|share[ds]?|sold"
            r"|assign(?:ed)?|pass(?:ed)?|part of the (?:transferred )?assets|among the assets)\b",
            _I,
        ),
        re.compile(
            r"\b(?:transfer|disclose|share|sell|assign)s?\b[^.]{0,120}?\b(?:to|with) (?:an? |the |any )?"
            r"(?:acquirer|acquiring (?:company|entity|party)|successor|buyer|purchaser|new owner)",
            _I,
        ),
    ),
    "breach_notification": (
        re.compile(
            r"\b(?:as|when|if|where|whenever) we (?:deem|consider|believe|determine)(?: it| that it is| such notice)?"
            r" (?:to be )?(?:appropriate|necessary|advisable|warranted)\b",
            _I,
        ),
        re.compile(r"\b(?:at|in) (?:our|its) (?:sole |absolute )?discretion\b", _I),
        re.compile(
            r"\bmay,? but (?:is|are|shall|will) not (?:be )?(?:obligated|required|obliged) to,? notify\b", _I
        ),
    ),
}

# The statement must be about a breach for the breach patterns to count.
_BREACH_TOPIC = re.compile(
    r"\b(?:breach|security incident|incident|unauthori[sz]ed (?:access|disclosure|acquisition)|compromise)",
    _I,
)
_CHANGE_OF_CONTROL_SAFE = re.compile(
    r"\b(?:bound by|subject to (?:the same|this|these|equivalent)|same (?:privacy )?(?:commitments|obligations"
    r"|protections|terms)|at least as protective|prior (?:written )?consent"
    r"|(?:will|shall|would|does|do) not\b[^.]{0,30}\b(?:transfer|sell|disclose|share))",
    _I,
)
_DEFINITION = re.compile(
    r"^\W*[\"'\u201c\u2018][^\"'\u201d\u2019]{1,60}[\"'\u201d\u2019]\s+(?:means|refers to|shall mean)\b", _I
)
# Words that turn a statement around when they come before it in the same clause.
_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|neither|cannot|prohibit(?:s|ed)?|forbid(?:s|den)?|refrains?(?: from)?)\b|n[’']t\b",
    _I,
)
# Where a clause starts: a new sentence part, or a contrast that flips the polarity again.
_CLAUSE_START = re.compile(r"[;:.!?]|\b(?:but|however|although|though|except that|whereas|yet)\b", _I)


@dataclass(frozen=True)
class RedFlag:
    provision_id: str
    kind: str  # "says" (the text reserves the opposite) or "silent" (the text never promises it)
    message: str
    quote: str = ""
    page: int | None = None
    section: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def negated(text: str, start: int) -> bool:
    """Does a negating word come before `start` in the same clause?"""
    before = text[:start]
    boundaries = list(_CLAUSE_START.finditer(before))
    clause = before[boundaries[-1].end() :] if boundaries else before
    return bool(_NEGATION.search(clause))


def statement_in(flag_id: str, text: str) -> bool:
    """Whether one sentence makes the statement `flag_id` stands for (not negated, not a definition)."""
    if _DEFINITION.search(text):
        return False
    if flag_id == "breach_notification" and not _BREACH_TOPIC.search(text):
        return False
    if flag_id == CHANGE_OF_CONTROL and _CHANGE_OF_CONTROL_SAFE.search(text):
        return False
    for pattern in TEXT_PATTERNS[flag_id]:
        for match in pattern.finditer(text):
            if flag_id == "breach_notification" and match.group(0).lower().startswith("may"):
                return True  # "may, but is not obligated to, notify" carries its own negation
            if not negated(text, match.start()):
                return True
    return False


def text_flags(sentences: Iterable[Mapping[str, Any]]) -> list[RedFlag]:
    """The first sentence that makes each statement, in TEXT_PATTERNS order."""
    flags: list[RedFlag] = []
    items = [s for s in sentences if isinstance(s, Mapping)]
    for flag_id in TEXT_PATTERNS:
        for sentence in items:
            text = str(sentence.get("text") or "")
            if text and statement_in(flag_id, text):
                message = TEXT_ONLY_MESSAGES.get(flag_id) or (
                    TEXT_BREACH_MESSAGE if flag_id == "breach_notification" else FLAGS[flag_id][0]
                )
                page = sentence.get("page")
                flags.append(
                    RedFlag(flag_id, "says", message, text[:400], page if isinstance(page, int) else None,
                            str(sentence.get("section") or "") or None)
                )  # fmt: skip
                break
    return flags


def red_flags(
    result: Mapping[str, Any], sentences: Sequence[Mapping[str, Any]] | None = None
) -> list[RedFlag]:
    """What the vendor says (the engine's conflicts, then the text's statements), then silences."""
    says: dict[str, RedFlag] = {}
    silent: list[RedFlag] = []
    for finding in result.get("provisions", []):
        pid = finding.get("id")
        if pid not in FLAGS:
            continue
        on_conflict, on_silence = FLAGS[pid]
        evidence = (finding.get("evidence") or [{}])[0]
        if says_opposite(finding):
            says[pid] = RedFlag(
                pid,
                "says",
                on_conflict,
                evidence.get("quote", ""),
                evidence.get("page"),
                evidence.get("section"),
            )
        elif not finding.get("found") and on_silence:
            silent.append(RedFlag(pid, "silent", on_silence))
    for flag in text_flags(sentences or ()):
        says.setdefault(flag.provision_id, flag)  # the engine's reading first
    return list(says.values()) + [f for f in silent if f.provision_id not in says]
