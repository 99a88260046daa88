"""FAQ answers and table labels: turn "Do you sell student data?" + "No, never." into a statement.

A bare "No." commits to nothing by itself; with its question it says "we do not sell student
data". Wh-questions ("When will you tell the school?") are simply read together with the answer.
"""

from __future__ import annotations

import re

_YES_NO = re.compile(
    r"^(?P<aux>do|does|will|would|can|could|may|might|shall|is|are|has|have)\s+"
    r"(?P<subject>(?:the\s+|our\s+|your\s+)?[\w'-]+)\s+(?P<rest>.+?)\s*\?$"
)
_NO = re.compile(
    r"^(?:no\b|nope\b|never\b|not\s+ever\b|absolutely\s+not\b|none\b|"
    r"(?:we|it|they|the\s+\w+|[\w-]+)\s+(?:do|does|will|would|can|shall|is|are|has|have)\s*(?:not\b|n't\b)|"
    r"(?:we|they|it)\s+never\b|(?:we|they|it)\s+(?:don't|won't|can't|doesn't|isn't|aren't|cannot)\b)"
)
_YES = re.compile(
    r"^(?:yes\b|yeah\b|sometimes\b|in\s+some\s+cases\b|(?:we|it|they)\s+(?:do|does|may|can|will)\b(?!\s+not))"
)
_PARTICIPLE = re.compile(r"\b(\w+(?:ed|en)|sold|kept|held|shown|told|sent|built|made|given|shared|used)\b")
_SUBJECT = {"you": "we", "i": "you", "we": "we"}


def answer_statement(question: str, answer: str) -> str | None:
    """The statement a yes/no answer makes; both arguments normalized (lower case)."""
    m = _YES_NO.match(question.strip())
    if m is None:
        return None
    negative = bool(_NO.match(answer))
    if not negative and not _YES.match(answer):
        return None
    aux, subject, rest = m.group("aux"), m.group("subject"), m.group("rest")
    subject = _SUBJECT.get(subject, subject)
    rest = re.sub(r"\bmy\b", "your", rest)
    if aux in ("is", "are"):
        # "is student data sold to anyone" -> "student data is not sold to anyone"
        part = _PARTICIPLE.search(rest)
        if part is None:
            return None
        head, tail = rest[: part.start()].strip(), rest[part.start() :]
        noun = f"{subject} {head}".strip()
        return f"{noun} {aux} not {tail}" if negative else f"{noun} may be {tail}"
    if negative:
        return f"{subject} {'do' if aux in ('do', 'does') and subject == 'we' else aux} not {rest}"
    return f"{subject} may {rest}"


def context_text(label: str, text: str) -> str:
    """What a sentence means with its label or question in front of it (not normalized)."""
    if not label:
        return text
    if label.rstrip().endswith("?"):
        statement = answer_statement(_lower(label), _lower(text))
        if statement is not None:
            return f"{statement}. {text}"
        return f"{label} {text}"
    return f"{label.rstrip(' :.-')}: {text}"


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()
