"""The request's states and the ONE table of allowed transitions. Pure Python, no database.

    draft ──submit──> submitted ──assign──> in_review ──decide──> decided
      │                  │  └──answer_at_once (already approved)──────^
      │                  │                  │  ^
      │                  │      request_info│  │respond
      │                  │                  v  │
      │                  │           information_requested
      │                  └── refuse_terms (the director, from submitted, in_review or
      │                       information_requested) ──> decided (not approved)
      └──────────────────┴── withdraw (from draft, submitted, in_review, information_requested) ──> withdrawn

Actions that leave the state as it is (comment, vote, approve_terms, assign more reviewers) are in
the table too, so "may this happen now?" has one answer for every verb.
"""

from __future__ import annotations

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Outcome(models.TextChoices):
    """The three outcomes of the district's form; values match catalog.DecisionStatus."""

    APPROVED = "approved", "Approved for use"
    APPROVED_WITH_CONSENT = (
        "approved_with_parental_consent",
        "Approved; additional parental notification and permission required",
    )
    NOT_APPROVED = "not_approved", "Not approved for use at this time"


# Most restrictive last: used to settle a disagreement (see services/deciding.py).
RESTRICTIVENESS = [Outcome.APPROVED, Outcome.APPROVED_WITH_CONSENT, Outcome.NOT_APPROVED]

S = State
OPEN = frozenset({S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED})
TERMINAL = frozenset({S.DECIDED, S.WITHDRAWN})
# States in which the review clock runs: it pauses while the committee waits for the requester.
CLOCK_RUNNING = OPEN - {S.INFORMATION_REQUESTED}

TRANSITIONS: dict[str, dict[State, State]] = {
    "edit": {S.DRAFT: S.DRAFT, S.INFORMATION_REQUESTED: S.INFORMATION_REQUESTED},
    "submit": {S.DRAFT: S.SUBMITTED},
    "answer_at_once": {S.SUBMITTED: S.DECIDED},
    "assign": {
        S.SUBMITTED: S.IN_REVIEW,
        S.IN_REVIEW: S.IN_REVIEW,
        S.INFORMATION_REQUESTED: S.INFORMATION_REQUESTED,
    },
    "comment": {s: s for s in OPEN},
    "request_info": {S.IN_REVIEW: S.INFORMATION_REQUESTED},
    "respond": {S.INFORMATION_REQUESTED: S.IN_REVIEW},
    "approve_terms": {s: s for s in OPEN},
    # The director's refusal is final whatever the committee is doing, even mid-question.
    "refuse_terms": dict.fromkeys(OPEN, S.DECIDED),
    "vote": {S.IN_REVIEW: S.IN_REVIEW},
    "decide": {S.IN_REVIEW: S.DECIDED},
    "withdraw": {S.DRAFT: S.WITHDRAWN, **dict.fromkeys(OPEN, S.WITHDRAWN)},
}

_VERB = {
    "edit": "edited", "submit": "submitted", "answer_at_once": "answered", "assign": "assigned",
    "comment": "commented on", "request_info": "sent back for information", "respond": "answered",
    "approve_terms": "given a terms approval", "refuse_terms": "given a terms refusal", "vote": "voted on",
    "decide": "decided", "withdraw": "withdrawn",
}  # fmt: skip


class TransitionRefused(Exception):
    """The action is not allowed in the request's current state. Views answer 409 / a message."""

    def __init__(self, action: str, state: str, message: str = "") -> None:
        self.action, self.state = action, state
        label = State(state).label.lower() if state in State.values else state
        super().__init__(message or f"A request that is {label} cannot be {_VERB.get(action, action)}.")


def allowed(action: str, state: str) -> bool:
    return state in TRANSITIONS[action]


def next_state(action: str, state: str) -> State:
    """The state after `action`, or TransitionRefused. Unknown actions are a programming error."""
    table = TRANSITIONS[action]
    if state not in table:
        raise TransitionRefused(action, state)
    return table[State(state)]
